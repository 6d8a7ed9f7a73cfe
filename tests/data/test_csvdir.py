"""The CSV-folder source: every layout users export, every kind of bad file, and file names.

Each bad file must end in a clean series with notes or a ``SeriesNotFound`` naming the file and
the reason; nothing else may escape.
"""

from __future__ import annotations

import dataclasses
import os
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.data import catalog
from dashboard.data.sources.base import Fetched, Source
from dashboard.data.sources.csvdir import (
    CsvDirSource,
    candidate_names,
    read_csv_series,
)
from dashboard.errors import SeriesNotFound, SourceUnavailable

TODAY = date(2026, 11, 23)
IWM = catalog.BY_ID["IWM"]
RUT = catalog.BY_ID["^RUT"]
BTC = catalog.BY_ID["BTC-USD"]
ICSA = catalog.BY_ID["ICSA"]
PHILLY = catalog.BY_ID["GACDFSA066MSFRBPHI"]
UK_GDP = catalog.BY_ID["NGDPRSAXDCGBQ"]
MMF = catalog.BY_ID["MMF_TOTAL"]


def write(folder: Path, name: str, text: str | bytes) -> Path:
    """Write ``text`` byte for byte (no newline translation)."""
    path = folder / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def read(folder: Path, text: str | bytes, spec=IWM, name: str = "X.csv"):
    return read_csv_series(write(folder, name, text), spec, today=TODAY)


def values(series: pd.Series) -> dict[str, float]:
    return {f"{d:%Y-%m-%d}": v for d, v in series.items()}


def fails(folder: Path, text: str | bytes, spec=IWM, name: str = "X.csv") -> str:
    with pytest.raises(SeriesNotFound) as info:
        read(folder, text, spec, name)
    assert info.value.series_id == spec.id and info.value.source == "csvdir"
    message = str(info.value)
    assert message.startswith(f"{name}: ")
    return message


# --- layouts -------------------------------------------------------------------------------


def test_yahoo_raw_layout(tmp_path):
    got = read(
        tmp_path,
        "Date,Close,High,Low,Open,Volume\n"
        "2021-11-05,240.10,241.0,238.0,239.0,100\n"
        "2021-11-08,242.56,243.1,240.2,241.0,200\n",
    )
    assert values(got.series) == {"2021-11-05": 240.10, "2021-11-08": 242.56}
    assert got.layout == "Yahoo layout"
    assert got.notes == ()
    assert got.series.name == "IWM" and got.series.index.name == "date"
    assert got.series.dtype == "float64"


def test_yahoo_with_source_column(tmp_path):
    got = read(
        tmp_path,
        "Date,Open,High,Low,Close,Volume,Source\n"
        "2026-10-02,282.33,283.565,280.89,281.52,29781922,johnamcminn-hub\n"
        "2026-10-05,281.95,284.24,280.03,283.38,22099459,johnamcminn-hub\n",
    )
    assert values(got.series) == {"2026-10-02": 281.52, "2026-10-05": 283.38}
    assert got.layout == "Yahoo layout"


def test_yahoo_adj_close_present_uses_raw_close_and_says_so(tmp_path):
    got = read(
        tmp_path,
        "Date,Open,High,Low,Close,Adj Close,Volume\n2021-11-08,240,243,239,242.56,230.99,1\n",
    )
    assert values(got.series) == {"2021-11-08": 242.56}
    assert got.layout == "Yahoo layout, Adj Close not used"
    assert got.notes == ("Adj Close present and not used: values are the raw Close",)


def test_adj_close_only_is_used_and_flagged_as_adjusted(tmp_path):
    got = read(tmp_path, "Date,Adj Close\n2021-11-08,230.99\n")
    assert values(got.series) == {"2021-11-08": 230.99}
    assert got.notes == ("only Adj Close present: values are dividend-adjusted closes",)


def test_lowercase_newest_first_is_sorted_without_a_dirt_note(tmp_path):
    got = read(
        tmp_path,
        "timestamp,open,high,low,close,volume\n"
        "2026-10-05,155.56,156.73,152.56,156.19,6871461\n"
        "2026-10-02,156.41,156.74,153.575,154.43,8753307\n"
        "2026-10-01,156.99,159.0762,154.46,154.51,11574858\n",
    )
    assert list(values(got.series)) == ["2026-10-01", "2026-10-02", "2026-10-05"]
    assert got.series.iloc[-1] == 156.19
    assert got.layout == "lowercase OHLCV layout, newest first"
    assert got.notes == ()


def test_lowercase_date_header(tmp_path):
    got = read(tmp_path, "date,open,high,low,close,volume\n2025-04-08,70,71,69,69.80,5\n")
    assert values(got.series) == {"2025-04-08": 69.80}
    assert got.layout == "lowercase OHLCV layout"


def test_fredgraph_with_dot_for_missing(tmp_path):
    got = read(
        tmp_path,
        "observation_date,GACDFSA066MSFRBPHI\n2020-03-01,-12.7\n2020-04-01,-58.7\n2020-05-01,.\n",
        spec=PHILLY,
    )
    assert values(got.series) == {"2020-03-01": -12.7, "2020-04-01": -58.7}
    assert got.layout == "fredgraph layout"
    assert got.notes == ("dropped 1 row with missing values (blank or '.') (2020-05-01)",)


def test_old_fredgraph_header_and_alias_column(tmp_path):
    got = read(
        tmp_path, "DATE,CLVMNACSCAB1GQUK\n2019-07-01,473402.9\n2019-10-01,473515.9\n", UK_GDP
    )
    assert values(got.series) == {"2019-07-01": 473402.9, "2019-10-01": 473515.9}
    assert got.layout == "fredgraph layout"


def test_date_value_with_blanks(tmp_path):
    got = read(
        tmp_path,
        "date,value\n1980-01-01,\n1980-02-01,\n1990-01-01,2400.5\n",
        spec=catalog.BY_ID["PCOPPUSDM"],
    )
    assert values(got.series) == {"1990-01-01": 2400.5}
    assert got.layout == "date,value layout"
    assert got.notes == (
        "dropped 2 rows with missing values (blank or '.') (1980-01-01 to 1980-02-01)",
    )


@pytest.mark.parametrize(
    "header", ["date,total", "date,value", "Date,Total assets ($bn)", "observation_date,MMF"]
)
def test_mmf_total_two_column_layouts(tmp_path, header):
    got = read(tmp_path, f"{header}\n2026-01-07,7712.4\n2026-01-14,7730.1\n", MMF, "MMF_TOTAL.csv")
    assert values(got.series) == {"2026-01-07": 7712.4, "2026-01-14": 7730.1}
    assert got.notes == ()


def test_ici_file_in_millions_with_us_dates_is_converted_and_noted(tmp_path):
    # ICI's weekly file as published: MM/DD/YYYY, total assets in $ millions
    text = "Date,Total Net Assets\n01/07/2026,7712403\n1/14/2026,7720015.5\n"
    got = read(tmp_path, text, MMF, "MMF_TOTAL.csv")
    assert values(got.series) == {"2026-01-07": 7712.403, "2026-01-14": 7720.0155}
    assert got.notes == (
        "all values above 100,000 read as $ millions (ICI's unit) and converted to $ billions "
        "(2026-01-07 to 2026-01-14)",
    )


def test_mmf_total_mixed_units_convert_only_the_millions(tmp_path):
    text = "date,total\n2026-01-07,7712.4\n2026-01-14,7720015\n"
    got = read(tmp_path, text, MMF, "MMF_TOTAL.csv")
    assert values(got.series) == {"2026-01-07": 7712.4, "2026-01-14": 7720.015}
    assert got.notes == (
        "1 row above 100,000 read as $ millions (ICI's unit) and converted to $ billions "
        "(2026-01-14)",
    )


def test_mmf_total_implausible_values_are_dropped_or_refused(tmp_path):
    got = read(tmp_path, "date,total\n2026-01-07,7712.4\n2026-01-14,7.7\n", MMF, "MMF_TOTAL.csv")
    assert values(got.series) == {"2026-01-07": 7712.4}
    assert got.notes[0].startswith(
        "dropped 1 row with implausible money-fund totals (outside 100-100,000 $ billions)"
    )
    # in dollars: 7.7e12 / 1000 is still no total in $ billions: refused, with the reason
    message = fails(tmp_path, "date,total\n2026-01-07,7712400000000\n", MMF, "MMF_TOTAL.csv")
    assert "implausible money-fund totals" in message and "$ millions" in message


def test_us_dates_only_for_the_us_publishers_file(tmp_path):
    message = fails(tmp_path, "date,value\n01/07/2026,210000\n", ICSA, "ICSA.csv")
    assert "expected YYYY-MM-DD;" in message
    message = fails(tmp_path, "date,total\n07.01.2026,7712\n", MMF, "MMF_TOTAL.csv")
    assert "expected YYYY-MM-DD or MM/DD/YYYY" in message


def test_bom_crlf_whitespace_and_quotes(tmp_path):
    got = read(
        tmp_path,
        b'\xef\xbb\xbf "Date" , Close ,Volume\r\n 2021-11-05 , 240.1 ,1\r\n2021-11-08,242.56 ,2\r\n\r\n',
    )
    assert values(got.series) == {"2021-11-05": 240.1, "2021-11-08": 242.56}
    assert got.notes == ()


def test_datetime_with_utc_offset_keeps_the_calendar_date(tmp_path):
    got = read(tmp_path, "Date,Close\n2026-02-20 00:00:00-05:00,2663.78\n")
    assert values(got.series) == {"2026-02-20": 2663.78}


# --- known dirt ----------------------------------------------------------------------------


RUT_TAIL = (
    "Date,Close,High,Low,Open,Volume\n"
    "2026-02-19,2650.0,2660,2640,2645,5000\n"
    "2026-02-20,2663.78,2682.4,2642.0,2660.3,5432480000\n"
    "2026-02-23,2620.99,2659.3,2601.0,2654.8,{volume}\n"
)


def new_york(day: str, hour: int, minute: int = 0) -> datetime:
    return pd.Timestamp(f"{day} {hour:02d}:{minute:02d}", tz="America/New_York").to_pydatetime()


@pytest.mark.parametrize("volume", [0, 1_234_567])
def test_a_bar_saved_during_its_session_is_dropped_whatever_its_volume(tmp_path, volume):
    path = write(tmp_path, "X.csv", RUT_TAIL.format(volume=volume))
    got = read_csv_series(path, RUT, today=TODAY, saved_at=new_york("2026-02-23", 11, 30))
    assert got.series.index[-1] == pd.Timestamp("2026-02-20")
    assert got.series.iloc[-1] == 2663.78
    assert got.notes[0] == (
        "dropped 1 row dated 2026-02-23: the file was saved 2026-02-23 16:30 UTC, before that "
        "session closed (16:00 New York)"
    )


def test_a_zero_volume_last_bar_saved_after_the_close_is_kept_and_named(tmp_path):
    path = write(tmp_path, "X.csv", RUT_TAIL.format(volume=0))
    got = read_csv_series(path, RUT, today=TODAY, saved_at=new_york("2026-02-23", 16, 5))
    assert values(got.series)["2026-02-23"] == 2620.99
    assert got.notes == (
        "1 row with volume 0 kept (2026-02-23): a bar is final once its session has closed, "
        "whatever its volume; the last one (2026-02-23) is intraday only if the file was "
        "exported during that session (it was saved 2026-02-23 21:05 UTC)",
    )


def test_a_seven_day_bar_is_final_when_its_utc_day_ends(tmp_path):
    text = "Date,Close,Volume\n2026-01-15,97000,5\n2026-01-16,96000,5\n"
    path = write(tmp_path, "X.csv", text)
    during = read_csv_series(
        path, BTC, today=TODAY, saved_at=datetime(2026, 1, 16, 23, 59, tzinfo=UTC)
    )
    assert during.series.index[-1] == pd.Timestamp("2026-01-15")
    assert "before that UTC day ended" in during.notes[0]
    after = read_csv_series(path, BTC, today=TODAY, saved_at=datetime(2026, 1, 17, tzinfo=UTC))
    assert after.series.index[-1] == pd.Timestamp("2026-01-16") and after.notes == ()


def test_weekly_and_monthly_rows_are_never_judged_unfinished(tmp_path):
    path = write(tmp_path, "X.csv", "date,value\n2026-01-01,12.6\n")
    got = read_csv_series(path, PHILLY, today=TODAY, saved_at=new_york("2026-01-01", 9))
    assert values(got.series) == {"2026-01-01": 12.6} and got.notes == ()


ZERO_VOLUME_DAYS = ("2025-08-11", "2025-08-12", "2025-09-15")


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=1, max_value=12))
def test_a_file_cut_at_any_row_reads_like_the_full_file_up_to_there(tmp_path, cut):
    """The defect this prevents: a complete session with volume 0 was dropped when it was the
    last row, so the past changed when later rows arrived."""
    days = pd.bdate_range("2025-08-07", periods=12)
    lines = [
        f"{d:%Y-%m-%d},{100 + i},{101 + i},{99 + i},{100 + i},"
        f"{0 if f'{d:%Y-%m-%d}' in ZERO_VOLUME_DAYS else 1000 + i}"
        for i, d in enumerate(days)
    ]
    header = "Date,Close,High,Low,Open,Volume\n"
    full = read(tmp_path, header + "\n".join(lines) + "\n", spec=RUT, name="full.csv")
    part = read(tmp_path, header + "\n".join(lines[:cut]) + "\n", spec=RUT, name="cut.csv")
    pd.testing.assert_series_equal(part.series, full.series.iloc[:cut], check_freq=False)


def test_close_only_rows_are_kept_and_counted(tmp_path):
    got = read(
        tmp_path,
        "Date,Close,High,Low,Open,Volume\n"
        "2016-03-22,17.4,17.6,17.2,17.3,900\n"
        "2016-03-23,17.18,17.18,17.18,17.18,0\n"  # ARKK: no trade, the close carried
        "2016-03-24,17.3,17.4,17.1,17.2,1200\n",
        spec=catalog.BY_ID["ARKK"],
    )
    assert values(got.series) == {"2016-03-22": 17.4, "2016-03-23": 17.18, "2016-03-24": 17.3}
    assert got.notes == (
        "1 row close-only (2016-03-23: open = high = low = close, volume 0); their closes are kept",
    )


def test_rows_before_the_catalog_start_of_a_provider_series_are_dropped(tmp_path):
    got = read(
        tmp_path,
        "Date,Close,High,Low,Open,Volume\n"
        "2014-09-13,477.79,477.79,477.79,477.79,0\n"  # Blockchain.com backfill, a Saturday
        "2014-09-16,470.83,470.83,470.83,470.83,0\n"
        "2014-09-17,457.33,468.17,452.42,465.86,21056800\n",
        spec=BTC,
    )
    assert values(got.series) == {"2014-09-17": 457.33}
    assert got.notes == (
        "dropped 2 rows before 2014-09-17, where BTC-USD's history starts at Yahoo "
        "(2014-09-13 to 2014-09-16: a backfill from another feed)",
    )
    message = fails(tmp_path, "Date,Close\n2014-09-13,477.79\n", spec=BTC)
    assert message == (
        "X.csv: every row is before 2014-09-17, where BTC-USD's history starts (2014-09-13)"
    )


def test_a_users_own_series_and_typed_tickers_keep_every_row(tmp_path):
    got = read(tmp_path, "date,total\n2001-01-03,1800.0\n2007-01-10,2400.0\n", spec=MMF)
    assert len(got.series) == 2  # MMF_TOTAL's catalog start is 2007-01-03; the file is the source
    typed = catalog.get("^DJI")  # not in the catalog: an ad-hoc entry starting 1985
    assert len(read(tmp_path, "Date,Close\n1950-01-03,198.9\n", spec=typed).series) == 1


def test_weekend_rows_noted_only_for_seven_day_markets(tmp_path):
    text = "Date,Close\n2026-01-03,10\n2026-01-04,11\n2026-01-05,12\n"  # Sat, Sun, Mon
    assert read(tmp_path, text, BTC).notes == ("trades 7 days a week (2 weekend days included)",)
    assert read(tmp_path, "date,value\n2025-12-27,199000\n", ICSA).notes == ()


# --- hostile and broken files --------------------------------------------------------------


def test_empty_file(tmp_path):
    assert fails(tmp_path, "") == "X.csv: empty file"


def test_blank_lines_only(tmp_path):
    assert fails(tmp_path, "\n\r\n   \n") == "X.csv: empty file"


def test_header_only(tmp_path):
    assert fails(tmp_path, "Date,Close,Volume\n") == "X.csv: no data rows (header only)"


def test_no_date_column(tmp_path):
    message = fails(tmp_path, "name,price\nfoo,1\n")
    assert (
        message == "X.csv: no date column (expected Date or observation_date; found: name, price)"
    )


def test_headerless_file_is_not_guessed(tmp_path):
    assert "no date column" in fails(tmp_path, "2021-11-08,242.56\n2021-11-09,241.0\n")


def test_semicolon_separated_file(tmp_path):
    assert "no date column" in fails(tmp_path, "Date;Close\n2021-11-08;242,56\n")


def test_no_value_column(tmp_path):
    message = fails(tmp_path, "Date,foo,bar\n2021-11-08,1,2\n")
    assert message == "X.csv: no value column (expected Close, value or IWM; found: Date, foo, bar)"


def test_some_non_numeric_values_are_dropped_and_counted(tmp_path):
    got = read(tmp_path, "Date,Close\n2021-11-05,abc\n2021-11-08,242.56\n2021-11-09,n.a.\n")
    assert values(got.series) == {"2021-11-08": 242.56}
    assert got.notes == (
        "dropped 2 rows with non-numeric values (2021-11-05 to 2021-11-09, e.g. 'abc')",
    )


def test_only_non_numeric_values(tmp_path):
    message = fails(tmp_path, "Date,Close\n2021-11-05,abc\n2021-11-08,TRUE\n")
    assert message == (
        "X.csv: no usable values (dropped 2 rows with non-numeric values "
        "(2021-11-05 to 2021-11-08, e.g. 'abc'))"
    )


def test_only_missing_values(tmp_path):
    message = fails(tmp_path, "date,value\n2021-11-05,.\n2021-11-08,\n")
    assert message == (
        "X.csv: no usable values (dropped 2 rows with missing values (blank or '.') "
        "(2021-11-05 to 2021-11-08))"
    )


def test_duplicate_dates_keep_the_last_row(tmp_path):
    got = read(
        tmp_path,
        "Date,Close\n2021-11-05,1\n2021-11-05,2\n2021-11-08,3\n2021-11-05,4\n2021-11-08,5\n",
    )
    assert values(got.series) == {"2021-11-05": 4.0, "2021-11-08": 5.0}
    assert got.notes == (
        "dates were out of order: sorted oldest first",
        "2 duplicate dates: kept the last row of each (3 rows dropped)",
    )


def test_unsorted_dates_are_sorted_and_noted(tmp_path):
    got = read(tmp_path, "Date,Close\n2021-11-08,3\n2021-11-04,1\n2021-11-09,4\n2021-11-05,2\n")
    assert list(got.series) == [1.0, 2.0, 3.0, 4.0]
    assert got.notes == ("dates were out of order: sorted oldest first",)


def test_future_dates_are_dropped(tmp_path):
    got = read(tmp_path, "Date,Close\n2026-11-23,10\n2026-11-24,11\n2099-01-01,12\n")
    assert values(got.series) == {"2026-11-23": 10.0}
    assert got.notes == ("dropped 2 rows dated after today (2026-11-24 to 2099-01-01)",)


def test_only_future_dates(tmp_path):
    message = fails(tmp_path, "Date,Close\n2099-01-01,12\n")
    assert message == "X.csv: every row is dated after today (2099-01-01)"


def test_infinite_and_implausible_values(tmp_path):
    got = read(
        tmp_path,
        "Date,Close\n2021-11-01,inf\n2021-11-02,-Infinity\n2021-11-03,1e400\n"
        "2021-11-04,2e15\n2021-11-05,99999999999999999999\n2021-11-08,242.56\n",
    )
    assert values(got.series) == {"2021-11-08": 242.56}
    assert got.notes == (
        "dropped 3 rows with infinite values (2021-11-01 to 2021-11-03)",
        "dropped 2 rows with implausible values (beyond 1e15) (2021-11-04 to 2021-11-05, "
        "e.g. '2000000000000000.0')",
    )


def test_zero_and_negative_prices_are_dropped(tmp_path):
    got = read(tmp_path, "Date,Close\n2021-11-04,0\n2021-11-05,-1.5\n2021-11-08,242.56\n")
    assert values(got.series) == {"2021-11-08": 242.56}
    assert got.notes == (
        "dropped 2 rows with zero or negative prices (2021-11-04 to 2021-11-05, e.g. '0.0')",
    )


def test_negative_values_are_fine_for_macro_series(tmp_path):
    got = read(tmp_path, "observation_date,GACDFSA066MSFRBPHI\n2020-04-01,-58.7\n", PHILLY)
    assert values(got.series) == {"2020-04-01": -58.7} and got.notes == ()


def test_binary_file(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    assert fails(tmp_path, png) == "X.csv: not a text CSV"


def test_non_utf8_file(tmp_path):
    assert fails(tmp_path, b"Date,Close\n2021-11-08,\xff\xfe\x9c\n") == "X.csv: not a text CSV"


def test_enormous_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "X.csv"
    with path.open("wb") as fh:
        fh.truncate(201 * 1024 * 1024)  # sparse: no disk used
    with pytest.raises(SeriesNotFound, match=r"^X\.csv: file too large \(211 MB; the limit"):
        read_csv_series(path, IWM, today=TODAY)


def test_some_unparseable_dates_are_dropped(tmp_path):
    got = read(tmp_path, "Date,Close\nyesterday,1\n2021-13-01,2\n,3\n2021-11-08,242.56\n")
    assert values(got.series) == {"2021-11-08": 242.56}
    assert got.notes == ("dropped 3 rows with unreadable dates (e.g. 'yesterday')",)


@pytest.mark.parametrize("cell", ["11/08/2021", "20211108", "Nov 8, 2021"])
def test_no_parseable_dates(tmp_path, cell):
    message = fails(tmp_path, f'Date,Close\n"{cell}",242.56\n')
    assert message == f"X.csv: no readable dates (expected YYYY-MM-DD; found {cell!r})"


def test_ragged_rows(tmp_path):
    message = fails(tmp_path, "Date,Close\n2021-11-08,242.56\n2021-11-09,1,2,3\n")
    assert message.startswith("X.csv: malformed CSV (")
    assert "saw 4" in message


def test_a_directory_named_like_a_file(tmp_path):
    (tmp_path / "X.csv").mkdir()
    with pytest.raises(SeriesNotFound, match=r"^X\.csv: cannot read the file"):
        read_csv_series(tmp_path / "X.csv", IWM, today=TODAY)


def test_very_long_cells_give_short_messages(tmp_path):
    message = fails(tmp_path, "Date,a," + "x" * 2_000_000 + "\n2021-11-08,1,2\n")
    assert (
        message
        == f"X.csv: no value column (expected Close, value or IWM; found: Date, a, {'x' * 30})"
    )
    message = fails(tmp_path, "Date,Close\n2021-11-08," + "9" * 2_000_000 + "\n")
    assert message == (
        "X.csv: no usable values (dropped 1 row with non-numeric values "
        f"(2021-11-08, e.g. '{'9' * 20}'))"
    )


# --- property: row order never changes the answer -------------------------------------------


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=10_000),
            st.floats(min_value=0.01, max_value=1e6, allow_nan=False),
        ),
        min_size=1,
        max_size=40,
        unique_by=lambda row: row[0],
    ),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_shuffled_rows_give_the_same_series(tmp_path, data, seed):
    spy = catalog.BY_ID["SPY"]
    rows = [(date(1993, 2, 1) + timedelta(days=d), v) for d, v in data]  # SPY starts 1993-01-29
    shuffled = rows[:]
    random.Random(seed).shuffle(shuffled)
    as_csv = lambda rs: "Date,Close\n" + "".join(f"{d},{v!r}\n" for d, v in rs)  # noqa: E731
    ordered = read(tmp_path, as_csv(sorted(rows)), spy, name="A.csv").series
    mixed = read(tmp_path, as_csv(shuffled), spy, name="B.csv").series
    pd.testing.assert_series_equal(ordered, mixed)
    assert values(ordered) == {f"{d:%Y-%m-%d}": v for d, v in sorted(rows)}


# --- file names ----------------------------------------------------------------------------


def test_candidate_names():
    assert candidate_names(RUT) == ("^RUT.csv", "RUT.csv", "_RUT.csv")
    assert candidate_names(catalog.BY_ID["HG=F"]) == ("HG=F.csv", "HG_F.csv")
    assert candidate_names(BTC) == ("BTC-USD.csv", "BTC_USD.csv")
    assert candidate_names(UK_GDP) == ("NGDPRSAXDCGBQ.csv", "CLVMNACSCAB1GQUK.csv")
    assert candidate_names(MMF) == ("MMF_TOTAL.csv",)


@pytest.mark.parametrize(
    ("spec", "file_name"),
    [
        (RUT, "RUT.csv"),
        (RUT, "_RUT.csv"),
        (catalog.BY_ID["HG=F"], "HG_F.csv"),
        (BTC, "BTC_USD.csv"),
        (UK_GDP, "CLVMNACSCAB1GQUK.csv"),
    ],
)
def test_variant_and_alias_files_are_found(tmp_path, spec, file_name):
    write(tmp_path, file_name, "date,value\n2020-01-01,1.5\n")
    source = CsvDirSource(tmp_path)
    assert source.supports(spec)
    fetched = source.fetch([spec])[spec.id]
    assert isinstance(fetched, Fetched)
    assert fetched.origin == f"csv (date,value layout): {tmp_path / file_name}"
    assert values(fetched.series) == {"2020-01-01": 1.5}
    assert fetched.series.name == spec.id


def test_exact_name_wins_over_variants(tmp_path):
    write(tmp_path, "RUT.csv", "date,value\n2020-01-01,1\n")
    write(tmp_path, "^RUT.csv", "date,value\n2020-01-01,2\n")
    fetched = CsvDirSource(tmp_path).fetch([RUT])["^RUT"]
    assert fetched.origin.endswith("^RUT.csv") and fetched.series.iloc[0] == 2.0


def test_only_lowercase_csv_extension(tmp_path):
    write(tmp_path, "IWM.CSV", "date,value\n2020-01-01,1\n")
    write(tmp_path, "IWM.csv.bak", "date,value\n2020-01-01,1\n")
    source = CsvDirSource(tmp_path)
    assert not source.supports(IWM)
    outcome = source.fetch([IWM])["IWM"]
    assert isinstance(outcome, SeriesNotFound)
    assert str(outcome) == "no file for IWM (looked for IWM.csv)"


@pytest.mark.parametrize(
    "bad_id", ["../secret", "..", "/etc/passwd", "a/b", "a\\b", "", ".hidden", "x\x00y", "C:x"]
)
def test_path_like_ids_are_refused(tmp_path, bad_id):
    folder = tmp_path / "data"
    folder.mkdir()
    write(tmp_path, "secret.csv", "date,value\n2020-01-01,1\n")
    spec = dataclasses.replace(IWM, id=bad_id, symbol=bad_id)
    source = CsvDirSource(folder)
    assert candidate_names(spec) == ()
    assert not source.supports(spec)
    outcome = source.fetch([spec])[bad_id]
    assert isinstance(outcome, SeriesNotFound)
    assert str(outcome) == f"{bad_id!r} cannot name a file"


def test_symbolic_links_the_user_placed_are_followed(tmp_path):
    shared = tmp_path / "shared-drive"
    shared.mkdir()
    outside = write(shared, "iwm-export.csv", "date,value\n2020-01-01,1\n")
    folder = tmp_path / "data"
    folder.mkdir()
    os.symlink(outside, folder / "IWM.csv")
    inside = write(folder, "real_spy.csv", "date,value\n2020-01-01,2\n")
    os.symlink(inside, folder / "SPY.csv")
    source = CsvDirSource(folder)
    assert source.supports(IWM) and source.supports(catalog.BY_ID["SPY"])
    got = source.fetch([IWM])["IWM"]
    assert values(got.series) == {"2020-01-01": 1.0}
    assert got.origin == f"csv (date,value layout): {folder / 'IWM.csv'}"
    assert source.health().detail.startswith(f"{folder}: CSV files for 2 of ")


def test_scan_names_every_file_it_does_not_read_and_why(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    for name in (
        "IWM.csv",
        "^RUT.csv",
        "RUT.csv",
        "DIA.csv",
        "SPY.CSV",
        "notes.txt",
        "my data.csv",
    ):
        write(folder, name, "date,value\n2020-01-01,1\n")
    os.symlink(tmp_path / "gone.csv", folder / "QQQ.csv")
    (folder / "alt").mkdir()
    scan = CsvDirSource(folder).scan()
    assert scan.files == {"IWM": "IWM.csv", "^RUT": "^RUT.csv"}
    assert {f.name: f.reason for f in scan.skipped} == {
        "DIA.csv": "not a catalog series: read when DIA is added as a ticker",
        "QQQ.csv": f"broken link to {tmp_path / 'gone.csv'}",
        "RUT.csv": "^RUT.csv is read for ^RUT (it comes first)",
        "SPY.CSV": "the extension must be lowercase .csv",
        "alt": "a folder: only files directly in the data folder are read",
        "my data.csv": "matches no catalog series and no ticker symbol",
        "notes.txt": "not a .csv file",
    }


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_scan_names_an_unreadable_file(tmp_path):
    path = write(tmp_path, "DIA.csv", "date,value\n2020-01-01,1\n")
    path.chmod(0)
    skipped = CsvDirSource(tmp_path).scan().skipped
    assert skipped[0].reason == "cannot be read (permission denied)"


# --- the source ----------------------------------------------------------------------------


def test_source_protocol_and_mixed_outcomes(tmp_path):
    write(tmp_path, "IWM.csv", "Date,Close\n2021-11-05,240.1\n2021-11-08,242.56\n")
    write(tmp_path, "SPY.csv", "")
    write(tmp_path, "ICSA.csv", "date,value\n2025-12-20,215000.0\n2025-12-27,199000.0\n")
    source = CsvDirSource(tmp_path)
    assert isinstance(source, Source) and source.name == "csvdir"
    out = source.fetch([IWM, catalog.BY_ID["SPY"], ICSA, catalog.BY_ID["QQQ"]])
    assert list(out) == ["IWM", "SPY", "ICSA", "QQQ"]
    assert values(out["IWM"].series) == {"2021-11-05": 240.1, "2021-11-08": 242.56}
    assert out["IWM"].origin == f"csv (Yahoo layout): {tmp_path / 'IWM.csv'}"
    assert not out["IWM"].synthetic
    assert isinstance(out["SPY"], SeriesNotFound) and str(out["SPY"]) == "SPY.csv: empty file"
    assert out["ICSA"].series.iloc[-1] == 199000.0
    assert isinstance(out["QQQ"], SeriesNotFound)
    assert str(out["QQQ"]) == "no file for QQQ (looked for QQQ.csv)"


def test_start_filter(tmp_path):
    write(tmp_path, "IWM.csv", "Date,Close\n2021-11-04,1\n2021-11-05,2\n2021-11-08,3\n")
    source = CsvDirSource(tmp_path)
    got = source.fetch([IWM], start=date(2021, 11, 5))["IWM"]
    assert values(got.series) == {"2021-11-05": 2.0, "2021-11-08": 3.0}
    assert got.notes == ()
    late = source.fetch([IWM], start=date(2022, 1, 1))["IWM"]
    assert late.series.empty
    assert late.notes == ("no rows on or after 2022-01-01; the file ends 2021-11-08",)


def test_fetch_drops_rows_after_the_real_today(tmp_path):
    tomorrow = date.today() + timedelta(days=1)
    write(tmp_path, "IWM.csv", f"Date,Close\n2021-11-08,3\n{tomorrow},4\n")
    got = CsvDirSource(tmp_path).fetch([IWM])["IWM"]
    assert values(got.series) == {"2021-11-08": 3.0}
    assert got.notes == (f"dropped 1 row dated after today ({tomorrow})",)


def test_missing_folder(tmp_path):
    source = CsvDirSource(tmp_path / "nope")
    assert not source.supports(IWM)
    with pytest.raises(SourceUnavailable, match="cannot read the data folder"):
        source.fetch([IWM])
    health = source.health()
    assert not health.ok and health.source == "csvdir"
    assert str(tmp_path / "nope") in health.detail


def test_health_counts_catalog_series_with_files(tmp_path):
    for name in ("IWM.csv", "RUT.csv", "CLVMNACSCAB1GQUK.csv", "NOT_IN_CATALOG.csv", "notes.txt"):
        write(tmp_path, name, "date,value\n2020-01-01,1\n")
    health = CsvDirSource(tmp_path).health()
    assert health.ok
    assert health.detail == (
        f"{tmp_path}: CSV files for 3 of {len(catalog.CATALOG)} catalog series; "
        "2 other entries not read (see the data status)"
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    assert not CsvDirSource(empty).health().ok
