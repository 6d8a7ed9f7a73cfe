"""Every table a user sees has plain column labels and no "None" (issue 17): each page of the
app under AppTest, each dataframe's column config and placeholder as Streamlit receives them."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import APP, PAGES, assert_clean, run_app

IDENTIFIER = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")


def table_problems(at) -> list[str]:
    problems = []
    for table in at.dataframe:
        if table.proto.editing_mode:  # the team's editors: empty cells are for typing
            continue
        config = json.loads(table.proto.columns or "{}")
        frame = table.value
        if table.proto.placeholder in ("", "None"):
            problems.append(f"missing values show as 'None' ({list(frame.columns)[:3]}...)")
        for column in frame.columns:
            label = (config.get(str(column)) or {}).get("label")
            if not label:
                problems.append(f"{column}: no label")
            elif "_" in label or IDENTIFIER.match(label):
                problems.append(f"{column}: raw label {label!r}")
    return problems


@pytest.mark.parametrize("page", list(PAGES))
def test_every_table_has_plain_labels_and_a_dash_for_missing_values(page):
    at = run_app(page=page)
    assert_clean(at)
    assert table_problems(at) == []


@pytest.mark.parametrize("tab", ["Table", "Event timeline", "Data status"])
def test_the_overview_tabs_tables_read_too(tab):
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["overview_tab"] = tab
    at.run()
    assert_clean(at)
    assert len(at.dataframe) >= 1
    assert table_problems(at) == []


def test_the_cross_asset_tables_name_their_columns_in_words():
    at = run_app(page="cross_asset")
    labels = {}
    for table in at.dataframe:
        for name, spec in json.loads(table.proto.columns).items():
            labels[name] = spec.get("label")
    assert labels["peak_lag"] == "strongest lag"
    assert labels["ci_low"] == "95% interval from, %"
    assert labels["median_days"] == "median sessions to it"
    assert labels["rs_ratio"] == "RS-Ratio"
    # an asset with no new high has no median: a dash, not "None"
    sequence = next(t for t in at.dataframe if "median_days" in t.value.columns)
    assert sequence.value["median_days"].isna().any()
    assert sequence.proto.placeholder == "—"
