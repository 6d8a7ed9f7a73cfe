"""The Overview in AppTest: every scorecard id gets a card, the tally, the as-of date from a
shared link, the events toggle, hostile links, the event editor."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.data import usertables
from dashboard.signals import scorecard as rules
from tests.app.helpers import assert_clean, run_app, texts


def card_ids(at) -> list[str]:
    return [
        m.value.split("`")[1] for m in at.markdown if m.value.startswith("**") and "`" in m.value
    ]


def test_default_shows_all_twelve_cards_on_the_demos_last_day():
    at = run_app()
    assert_clean(at)
    assert card_ids(at) == list(rules.SIGNAL_IDS)
    # demo data ends 2026-01-16: today would find every signal stale, so the demo's day is used
    # (the sidebar's as-of box stays empty: "the latest data")
    assert at.date_input(key="asof").value is None
    text = texts(at)
    assert "of 12 confirming on synthetic demo data (not market data)" in text
    assert text.count(":violet-badge[:material/science: synthetic data]") == 12
    assert "Scorecard as of the last day of the synthetic demo data (2026-01-16)" in text
    assert "Demo data: synthetic" in text


def test_today_on_demo_data_says_every_signal_is_stale():
    at = run_app({"asof": date.today().isoformat()})
    assert_clean(at)
    text = texts(at)
    # stale is a status of its own: counted apart, never as evidence nor as unavailable
    headline = next(m.value for m in at.markdown if m.value.startswith("### "))
    assert headline.startswith(
        "### 0 confirming, 12 stale (last readings 2025-07-01 to 2026-01-16)"
    )
    assert ":orange-badge[:material/history: 12 stale]" in headline
    assert ":gray-badge[:material/help: 0 unavailable]" in headline
    # every card keeps its last value, greyed, with the status it had and its data date
    cards = {m.label: m for m in at.metric if m.label in rules.SIGNAL_IDS}
    assert len(cards) == 12
    assert all(m.value.startswith(":gray[") and m.value != ":gray[n/a]" for m in cards.values())
    streak = cards["smallcap_streak"]
    age = (date.today() - date(2026, 1, 16)).days
    assert streak.value == ":gray[10 sessions]"
    assert streak.proto.delta == "stale"
    assert streak.proto.delta_description == f"2026-01-16 · {age} days old"
    assert "last reading confirming" in text


def test_shared_link_replays_2026_01_16_with_events():
    at = run_app({"asof": "2026-01-16", "events": "true"})
    assert_clean(at)
    assert at.date_input(key="asof").value == date(2026, 1, 16)
    assert at.toggle(key="events").value is True
    text = texts(at)
    assert "(2026-01-16)" in text
    assert "Germany 2025Q3 +0.20% q/q; UK 2025Q3 +0.30% q/q" in text
    assert "DFII10 1.95% on 2026-01-15" in text
    tally = next(m.value for m in at.markdown if m.value.startswith("### "))
    confirming = int(tally.split()[1])
    assert confirming >= 3  # mmf_trend, global_growth, real_yields on the demo story


def test_hostile_asof_gives_a_notice():
    for bad in ("banana", "2999-01-01", "<script>"):
        at = run_app({"asof": bad})
        assert_clean(at)
        assert any("asof" in w.value for w in at.warning), bad
        assert card_ids(at) == list(rules.SIGNAL_IDS)


def test_picking_a_date_recomputes():
    at = run_app()
    at.session_state["overview_tab"] = "Cards"
    at.date_input(key="asof").set_value(date(2025, 11, 13)).run()
    assert_clean(at)
    assert "Germany 2025Q2" in texts(at)


def open_tab(query: dict | None = None, tab: str = "Event timeline"):
    at = run_app(query)
    at.session_state["overview_tab"] = tab
    return at.run()


def test_event_editor_saves_valid_rows_and_refuses_bad_ones():
    at = open_tab()
    assert_clean(at)
    assert "7 events (7 bundled, 0 added by your team)" in texts(at)
    editor_rows = pd.DataFrame(
        {
            "date": ["2026-02-01"],
            "title": ["Team note"],
            "category": ["markets"],
            "source_note": ["ours"],
        }
    )
    assert usertables.save_user_rows(usertables.EVENTS, editor_rows) == []
    at = open_tab()
    assert "8 events (7 bundled, 1 added by your team)" in texts(at)
    bad = editor_rows.assign(date=["not a date"])
    assert usertables.save_user_rows(usertables.EVENTS, bad)
    assert len(usertables.user_rows(usertables.EVENTS)) == 1  # nothing lost


def test_data_status_follows_links_and_names_the_files_it_does_not_read(tmp_path, monkeypatch):
    shared = tmp_path / "shared-drive"
    shared.mkdir()
    (shared / "iwm.csv").write_text("Date,Close\n2026-01-15,263.0\n2026-01-16,265.1\n")
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "IWM.csv").symlink_to(shared / "iwm.csv")
    (folder / "SPY.csv").symlink_to(shared / "moved-away.csv")
    (folder / "notes.txt").write_text("exported from the terminal")
    monkeypatch.setenv("ROTATION_DATA_DIR", str(folder))
    monkeypatch.setenv("ROTATION_SOURCES", "csvdir,demo")
    at = open_tab({"asof": "2026-01-16"}, "Data status")
    assert_clean(at)
    assert "Files in the data folder that are not read (2):" in texts(at)
    tables = [d.value for d in at.dataframe]
    skipped = next(t for t in tables if list(t.columns) == ["file", "why"])
    assert skipped.to_dict("records") == [
        {"file": "SPY.csv", "why": f"broken link to {shared / 'moved-away.csv'}"},
        {"file": "notes.txt", "why": "not a .csv file"},
    ]
    status = next(t for t in tables if "age (days)" in t.columns).set_index("series")
    assert status.loc["IWM", "source"] == "csvdir" and status.loc["IWM", "rows"] == 2
    assert status.loc["IWM", "age (days)"] == (date.today() - date(2026, 1, 16)).days
    assert bool(status.loc["IWM", "stale"]) is bool(status.loc["IWM", "age (days)"] > 10)
