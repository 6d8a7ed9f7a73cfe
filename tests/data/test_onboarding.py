"""The Overview's setup checklist: what is live, what is not, the one step that fixes each."""

from __future__ import annotations

from dashboard.data import onboarding
from dashboard.data.provenance import Provenance
from dashboard.data.sources.fred import KEY_REQUIRED

DEFAULT = ("yahoo", "ofr", "fred", "demo")


def prov(sid: str, source: str, status: str, *notes: str) -> Provenance:
    return Provenance(sid, sid, source, "o", status, notes=notes)  # type: ignore[arg-type]


def by_key(items) -> dict[str, onboarding.Item]:
    return {i.key: i for i in items}


def test_all_live_with_a_key_and_a_file_needs_nothing():
    items = onboarding.checklist(
        {
            "IWM": prov("IWM", "yahoo", "live"),
            "SPY": prov("SPY", "yahoo", "cached"),
            "ICSA": prov("ICSA", "fred", "live"),
            "MMF-MMF_TOT-M": prov("MMF-MMF_TOT-M", "ofr", "live"),
            "MMF_TOTAL": prov("MMF_TOTAL", "csvdir", "cached"),
        },
        DEFAULT,
        fred_key=True,
    )
    assert [i.key for i in items] == ["yahoo", "fred", "ofr", "alfred", "mmf_file"]
    assert all(i.ok and not i.fix for i in items)
    assert onboarding.headline(items) == "Data sources: all live"
    assert by_key(items)["yahoo"].state == "live: all 2 series"


def test_keyless_fred_refused_names_the_key_as_the_fix():
    items = by_key(
        onboarding.checklist(
            {
                "ICSA": prov("ICSA", "demo", "synthetic", f"fred: {KEY_REQUIRED}"),
                "DFII10": prov("DFII10", "fred", "stale", f"fred: {KEY_REQUIRED}"),
            },
            DEFAULT,
            fred_key=False,
        )
    )
    fred = items["fred"]
    assert not fred.ok and fred.readme == onboarding.README_KEY
    assert "1 synthetic" in fred.state and "1 stale" in fred.state
    assert fred.fix == KEY_REQUIRED  # the guidance, verbatim
    assert (
        onboarding.key_notice(
            [prov("ICSA", "demo", "synthetic", f"fred: {KEY_REQUIRED}; demo stands in")]
        )
        == KEY_REQUIRED
    )
    assert not items["alfred"].ok and "latest revised values" in items["alfred"].state
    line = fred.markdown()
    assert line.startswith(":material/warning: **Macro, liquidity and global series (FRED)**")
    assert "(README: *The FRED API key*)" in line


def test_a_silent_network_points_at_the_network():
    items = by_key(
        onboarding.checklist(
            {"IWM": prov("IWM", "demo", "synthetic", "yahoo: Yahoo did not answer within 10 s")},
            DEFAULT,
            fred_key=True,
        )
    )
    assert not items["yahoo"].ok and "HTTPS_PROXY" in items["yahoo"].fix
    assert items["yahoo"].readme == onboarding.README_NETWORK
    assert items["yahoo"].state == (
        "0 of 1 series current; 1 synthetic (Yahoo did not answer within 10 s)"
    )


def test_files_in_the_data_folder_are_not_called_live():
    items = by_key(
        onboarding.checklist(
            {"IWM": prov("IWM", "csvdir", "cached"), "SPY": prov("SPY", "csvdir", "cached")},
            ("csvdir", *DEFAULT),
            fred_key=True,
        )
    )
    assert items["yahoo"].ok
    assert items["yahoo"].state == "from your data folder (the provider is not asked): all 2 series"


def test_a_source_switched_off_says_how_to_switch_it_on():
    items = by_key(
        onboarding.checklist(
            {"IWM": prov("IWM", "demo", "synthetic")}, ("fred", "demo"), fred_key=True
        )
    )
    assert "not in ROTATION_SOURCES" in items["yahoo"].state
    assert "add yahoo to ROTATION_SOURCES" in items["yahoo"].fix


def test_without_the_weekly_file_the_monthly_ofr_total_is_enough():
    ok = by_key(
        onboarding.checklist(
            {
                "MMF_TOTAL": prov("MMF_TOTAL", "demo", "synthetic"),
                "MMF-MMF_TOT-M": prov("MMF-MMF_TOT-M", "ofr", "live"),
            },
            DEFAULT,
            fred_key=True,
        )
    )
    assert ok["mmf_file"].ok and "OFR's monthly total" in ok["mmf_file"].state
    missing = by_key(
        onboarding.checklist(
            {
                "MMF_TOTAL": prov("MMF_TOTAL", "demo", "synthetic"),
                "MMF-MMF_TOT-M": prov("MMF-MMF_TOT-M", "demo", "synthetic"),
            },
            DEFAULT,
            fred_key=True,
        )
    )["mmf_file"]
    assert not missing.ok and "MMF_TOTAL.csv" in missing.fix
    assert missing.readme == onboarding.README_FOLDER
