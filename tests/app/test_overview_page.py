"""The Overview in AppTest: every scorecard id gets a card, the tally, the as-of date from a
shared link, the events toggle, hostile links, the event editor."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.data import usertables
from dashboard.signals import thesis
from tests.app.helpers import assert_clean, run_app, texts


def card_ids(at) -> list[str]:
    return [
        m.value.split("`")[1] for m in at.markdown if m.value.startswith("**") and "`" in m.value
    ]


def test_default_shows_all_twelve_cards_and_today():
    at = run_app()
    assert_clean(at)
    assert card_ids(at) == list(thesis.SIGNAL_IDS)
    assert at.date_input(key="asof").value == date.today()
    text = texts(at)
    assert "of 12 confirming" in text
    assert "Scorecard as of today" in text
    assert "not computed yet" in text.lower()  # ids without a spec say so
    assert "Demo data: synthetic" in text
    # demo data end 2026-01-16, long before today: the page says so and offers a replay
    assert any("Replay as of" in b.label for b in at.button)


def test_shared_link_replays_2026_01_16_with_events():
    at = run_app({"asof": "2026-01-16", "events": "true"})
    assert_clean(at)
    assert at.date_input(key="asof").value == date(2026, 1, 16)
    assert at.toggle(key="events").value is True
    text = texts(at)
    assert "Scorecard as of 2026-01-16" in text
    assert "Germany 2025Q3 +0.20% q/q; UK 2025Q3 +0.30% q/q" in text
    assert "DFII10 1.95% on 2026-01-15" in text
    tally = next(m.value for m in at.markdown if m.value.startswith("### "))
    confirming = int(tally.split()[1])
    assert confirming >= 3  # mmf_trend, global_growth, real_yields on the demo story


def test_replay_button_sets_the_last_data_date():
    at = run_app()
    next(b for b in at.button if "Replay as of" in b.label).click().run()
    assert_clean(at)
    assert at.date_input(key="asof").value == date(2026, 1, 16)
    assert "Scorecard as of 2026-01-16" in texts(at)


def test_hostile_asof_gives_a_notice():
    for bad in ("banana", "2999-01-01", "<script>"):
        at = run_app({"asof": bad})
        assert_clean(at)
        assert any("asof" in w.value for w in at.warning), bad
        assert card_ids(at) == list(thesis.SIGNAL_IDS)


def test_picking_a_date_recomputes():
    at = run_app()
    at.date_input(key="asof").set_value(date(2025, 11, 13)).run()
    assert_clean(at)
    assert "Germany 2025Q2" in texts(at)


def test_event_editor_saves_valid_rows_and_refuses_bad_ones():
    at = run_app()
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
    at = run_app()
    assert "8 events (7 bundled, 1 added by your team)" in texts(at)
    bad = editor_rows.assign(date=["not a date"])
    assert usertables.save_user_rows(usertables.EVENTS, bad)
    assert len(usertables.user_rows(usertables.EVENTS)) == 1  # nothing lost
