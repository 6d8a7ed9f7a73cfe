"""Bundled tables plus the team's rows: validation, precedence, safe saving."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.data import usertables as ut
from dashboard.settings import get_settings

SPEC = ut.TableSpec(
    name="events",
    title="Events",
    columns=(
        ut.Column("date", "date"),
        ut.Column("title", "text"),
        ut.Column("size", "number", required=False),
    ),
    key=("date", "title"),
)


def test_validate_types_rows_and_names_each_bad_row():
    raw = pd.DataFrame(
        {
            "date": ["2026-01-15", "2026-13-01", "2026-01-16", "", None],
            "title": ["Taiwan tariff 15%", "bad date", "x", "", None],
            "size": ["56", "1", "abc", "", None],
        }
    )
    frame, errors = ut.validate(SPEC, raw)
    assert frame["date"].tolist() == [pd.Timestamp("2026-01-15")]
    assert frame["size"].tolist() == [56.0]
    assert errors == [
        "row 2: date='2026-13-01' is not a YYYY-MM-DD date",
        "row 3: size='abc' is not a number",
    ]  # rows 4 and 5 are blank: skipped without a message


@pytest.mark.parametrize(
    ("cell", "message"),
    [("inf", "finite"), ("<script>\x00</script>", "not printable"), ("x" * 400, "too long")],
)
def test_validate_rejects_hostile_cells(cell, message):
    column = "size" if cell == "inf" else "title"
    raw = pd.DataFrame({"date": ["2026-01-15"], "title": ["t"], "size": [""]})
    raw[column] = [cell]
    frame, errors = ut.validate(SPEC, raw)
    assert frame.empty and message in errors[0]


def test_missing_column_rejects_everything():
    frame, errors = ut.validate(SPEC, pd.DataFrame({"date": ["2026-01-15"]}))
    assert frame.empty and "missing column(s) title" in errors[0]


def test_user_rows_override_bundled_rows_with_the_same_key(monkeypatch):
    bundled = pd.DataFrame({"date": [pd.Timestamp("2026-01-15")], "title": ["a"], "size": [1.0]})
    monkeypatch.setattr(ut, "bundled", lambda spec: bundled)
    assert ut.load(SPEC).frame["origin"].tolist() == ["bundled"]
    rows = pd.DataFrame({"date": ["2026-01-15", "2026-02-01"], "title": ["a", "b"], "size": [2, 3]})
    assert ut.save_user_rows(SPEC, rows) == []
    loaded = ut.load(SPEC).frame.sort_values("date")
    assert loaded["size"].tolist() == [2.0, 3.0]
    assert loaded["origin"].tolist() == ["user", "user"]
    assert ut.user_path(SPEC).parent == get_settings().cache_dir / "user"


def test_a_bad_save_writes_nothing_and_keeps_the_stored_rows(monkeypatch):
    monkeypatch.setattr(ut, "bundled", lambda spec: ut._empty(spec))
    good = pd.DataFrame({"date": ["2026-01-15"], "title": ["a"], "size": [1]})
    assert ut.save_user_rows(SPEC, good) == []
    bad = pd.DataFrame({"date": ["2026-01-15", "nope"], "title": ["a", "b"], "size": [1, 2]})
    assert ut.save_user_rows(SPEC, bad) == ["row 2: date='nope' is not a YYYY-MM-DD date"]
    assert ut.user_rows(SPEC)["title"].tolist() == ["a"]


def test_a_corrupt_user_file_is_a_notice_not_an_error(monkeypatch):
    monkeypatch.setattr(ut, "bundled", lambda spec: ut._empty(spec))
    path = ut.user_path(SPEC)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xff\xfe\x00binary")
    loaded = ut.load(SPEC)
    assert loaded.frame.empty
    assert "could not be read" in loaded.notices[0]


@pytest.mark.parametrize("spec", [ut.CONSENSUS, ut.EVENTS])
def test_bundled_tables_are_valid(spec):
    frame = ut.bundled(spec)
    assert list(frame.columns) == spec.names
