"""The macro page in AppTest: default and shared-link state, the consensus editor."""

from __future__ import annotations

import pandas as pd

from dashboard.data import usertables
from dashboard.settings import get_settings
from tests.app.helpers import assert_clean, event_marker_dates, run_app, texts

EDITOR = "consensus_editor"


def metrics(at) -> list[tuple[str, str]]:
    return [(m.label, m.value) for m in at.metric]


def releases(at) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "expectation" in d.value.columns)


def row(series: str, period: str, release: str, value, note="team") -> dict:
    return {
        "indicator": series,
        "reference_period": period,
        "release_date": release,
        "consensus": value,
        "source_note": note,
    }


def open_editor():
    at = run_app(page="macro")
    at.session_state["macro_consensus"] = True  # open the consensus panel
    return at.run()


def edit(at, *added):
    at.session_state[EDITOR] = {"edited_rows": {}, "added_rows": list(added), "deleted_rows": []}
    at.button(key="consensus_save").click()
    return at.run()


def test_default_view_shows_the_thesis_prints_against_the_bundled_consensus():
    at = run_app(page="macro")
    assert_clean(at)
    assert [t.value for t in at.title] == ["Macro surprises"]
    page = texts(at)
    assert "Demo data: synthetic" in page
    surprises = [v for label, v in metrics(at) if label == "Surprise"]
    assert surprises == ["+14.2", "+6.9", "+17.0"]  # Philly, Empire, claims (thousands)
    # three gauges, the composite, one surprise-history chart per indicator
    assert len(at.get("plotly_chart")) == 3 + 1 + 3
    assert "philly_fed_surprise: confirming" in page
    table = releases(at)
    claims = table[table["series"] == "ICSA"].iloc[0]
    assert (claims["actual"], claims["expected"], claims["expectation"]) == (
        198.0,
        215.0,
        "consensus",
    )
    assert claims["reference_period"] == pd.Timestamp("2026-01-10")
    assert set(table["expectation"]) == {"consensus", "model"}


def test_event_timeline_on_the_composite_and_the_surprise_history():
    at = run_app({"events": "true", "range": "Max"}, page="macro")
    assert_clean(at)
    notes = [c.value for c in at.caption if "Events marked: 7" in c.value]
    assert len(notes) == 1 + 3  # the composite and one surprise-history chart per indicator
    assert sum("reference period, not its release date" in n for n in notes) == 3
    both = {"2026-01-14", "2026-01-15"}
    assert event_marker_dates(at) == [set()] * 3 + [both] * 4  # gauges have no time axis


def test_shared_link_with_an_as_of_date_replays_the_day_before_the_prints():
    at = run_app({"asof": "2026-01-14", "range": "3M"}, page="macro")
    assert_clean(at)
    assert at.date_input(key="asof").value.isoformat() == "2026-01-14"
    assert "Latest releases as of 2026-01-14" in [s.value for s in at.subheader]
    labels = [label for label, _ in metrics(at)]
    assert labels.count("Model surprise") == 3  # no consensus for the December prints
    table = releases(at)
    assert table["release_date"].max() <= pd.Timestamp("2026-01-14")
    assert "consensus" not in set(table["expectation"])


def test_a_bad_row_is_rejected_with_a_message_and_the_stored_rows_stay():
    good = pd.DataFrame([row("ICSA", "2026-01-03", "2026-01-08", 210000, "stored")])
    assert usertables.save_user_rows(usertables.CONSENSUS, good) == []
    path = usertables.user_path(usertables.CONSENSUS, get_settings())
    before = path.read_text()
    at = open_editor()
    at = edit(at, row("NOT_A_SERIES", "2025-12-01", "2025-12-18", 1.0), row("ICSA", "", "", 1.0))
    assert_clean(at)
    errors = " ".join(e.value for e in at.error)
    assert "Not saved" in errors
    assert "row 2: indicator='NOT_A_SERIES' is not one of" in errors
    assert "row 3: reference_period is required; release_date is required" in errors
    assert path.read_text() == before
    assert not at.success


def test_a_good_row_is_saved_to_the_user_file_and_changes_the_release_table():
    at = open_editor()
    december = releases(at)
    december = december[
        (december["series"] == "GACDFSA066MSFRBPHI")
        & (december["reference_period"] == pd.Timestamp("2025-12-01"))
    ].iloc[0]
    assert december["expectation"] == "model"
    at = edit(at, row("GACDFSA066MSFRBPHI", "2025-12-01", "2025-12-18", -5.0, "team estimate"))
    assert_clean(at)
    assert any("Saved 1 team row(s)" in s.value for s in at.success)
    path = usertables.user_path(usertables.CONSENSUS, get_settings())
    assert "GACDFSA066MSFRBPHI,2025-12-01,2025-12-18,-5.0,team estimate" in path.read_text()
    table = releases(at)
    december = table[
        (table["series"] == "GACDFSA066MSFRBPHI")
        & (table["reference_period"] == pd.Timestamp("2025-12-01"))
    ].iloc[0]
    assert december["expectation"] == "consensus" and december["expected"] == -5.0
    assert december["surprise"] == -10.2 - -5.0
    assert december["source_note"] == "team estimate"
    bundled = usertables.bundled(usertables.CONSENSUS)
    assert len(bundled) == 3  # the bundled file is never written
