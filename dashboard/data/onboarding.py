"""What is live, what is not, and the one step that fixes each: the Overview's setup checklist.

A research team opening the dashboard wants to know, in one place, whether the numbers come
from the providers or from a fallback, and what to do about it. :func:`checklist` reads the
provenance of the loaded series and the settings (no network) and returns one :class:`Item`
per data source: its state in words and, when it is not live, the single step that fixes it
(a key, a file, the network, the source list) with the README section that explains it.
Pure: no Streamlit, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dashboard.data import catalog
from dashboard.data.provenance import Provenance

#: README sections the fixes point to (their headings, as written in README.md).
README_KEY = "The FRED API key"
README_SOURCES = "Data sources and provenance"
README_OFR = "The OFR money-fund total"
README_FOLDER = "The data folder"
README_NETWORK = "Network, proxies and timeouts"
README_CONFIG = "Configuration"

#: The FRED refusal that only a key fixes (the text FRED's adapter reports).
KEY_REFUSAL = "FRED refuses requests without an API key"

_GROUPS: tuple[tuple[str, str, str], ...] = (
    ("yahoo", "Market prices", "Yahoo Finance (yfinance)"),
    ("fred", "Macro, liquidity and global series", "FRED"),
    ("ofr", "Monthly money-fund total", "OFR Short-term Funding Monitor"),
)


@dataclass(frozen=True, slots=True)
class Item:
    """One line of the checklist."""

    key: str  #: yahoo, fred, ofr, alfred, mmf_file
    title: str
    ok: bool  #: live (or a deliberate local file): nothing to fix
    state: str  #: what the user is looking at, in a few words
    fix: str = ""  #: the one step that fixes it ("" when ok)
    readme: str = ""  #: the README section that explains the fix

    def markdown(self) -> str:
        """One Markdown line: mark, title, state, and the fix with its README section."""
        mark = ":material/check_circle:" if self.ok else ":material/warning:"
        line = f"{mark} **{self.title}**: {self.state}"
        if self.fix:
            line += f". **Fix:** {self.fix}"
        if self.readme:
            line += f" (README: *{self.readme}*)"
        return line


def _group_state(
    provenance: Sequence[Provenance], name: str, sources: Sequence[str]
) -> tuple[bool, str, str, str]:
    """(ok, state, fix, readme) for the series whose live source is ``name``."""
    counts: dict[str, int] = {}
    for p in provenance:
        counts[p.status] = counts.get(p.status, 0) + 1
    total = len(provenance)
    if name not in sources:
        if counts.get("cached", 0) == total:
            return True, f"off in ROTATION_SOURCES; all {total} series from local files", "", ""
        return (
            False,
            f"off: '{name}' is not in ROTATION_SOURCES ({','.join(sources)})",
            f"add {name} to ROTATION_SOURCES (or unset it for the defaults)",
            README_CONFIG,
        )
    fresh = counts.get("live", 0) + counts.get("cached", 0)
    if fresh == total:
        if all(p.source == "csvdir" for p in provenance):
            where = "from your data folder (the provider is not asked)"
        elif counts.get("live"):
            where = "live"
        else:
            where = "cached (fetched recently)"
        return True, f"{where}: all {total} series", "", ""
    notes = " ".join(n for p in provenance for n in p.notes)
    parts = [f"{n} {s}" for s, n in counts.items() if s not in ("live", "cached")]
    state = f"{fresh} of {total} series current; {', '.join(parts)}"
    refusal = key_notice(provenance)
    if refusal:
        return False, state, refusal, README_KEY
    first = next((n for p in provenance for n in p.notes if n.startswith(f"{name}: ")), "")
    reason = first.removeprefix(f"{name}: ")
    reason = reason if len(reason) <= 110 else reason[:109] + "…"
    if "rate limit" in notes.lower():
        return (
            False,
            state + ": the provider is rate-limiting",
            "wait a few minutes (the app backs off by itself); run `rotation refresh` on a "
            "schedule so viewers never hit the provider",
            README_NETWORK,
        )
    return (
        False,
        state + (f" ({reason})" if reason else ": the provider did not answer"),
        "check the network or proxy (HTTPS_PROXY, CURL_CA_BUNDLE); `rotation doctor` names the "
        "failure; stored copies are shown meanwhile",
        README_NETWORK,
    )


def checklist(
    provenance: Mapping[str, Provenance], sources: Sequence[str], fred_key: bool
) -> list[Item]:
    """One :class:`Item` per data source for the series in ``provenance`` (``Loaded``'s).

    ``sources`` is the configured source order, ``fred_key`` whether ``FRED_API_KEY`` is set.
    """
    by_provider: dict[str, list[Provenance]] = {}
    for sid, prov in provenance.items():
        if catalog.is_known(sid) or catalog.normalize_ticker(sid) == sid:
            by_provider.setdefault(catalog.get(sid).provider, []).append(prov)
    items: list[Item] = []
    for name, title, provider in _GROUPS:
        group = by_provider.get(name)
        if not group:
            continue
        ok, state, fix, readme = _group_state(group, name, sources)
        items.append(Item(name, f"{title} ({provider})", ok, state, fix, readme))

    if "fred" in by_provider:
        from_fred = any(p.source == "fred" for p in by_provider["fred"])
        if fred_key:
            state = (
                "FRED_API_KEY set: macro surprises use first releases (ALFRED vintages)"
                if from_fred
                else "FRED_API_KEY set; used once FRED itself delivers the macro series"
            )
            items.append(Item("alfred", "First releases (ALFRED)", True, state))
        else:
            items.append(
                Item(
                    "alfred",
                    "First releases (ALFRED)",
                    False,
                    "no FRED_API_KEY: macro surprises use FRED's latest revised values, and "
                    "FRED may refuse keyless requests",
                    "get a free key at fred.stlouisfed.org and set FRED_API_KEY",
                    README_KEY,
                )
            )

    mmf = provenance.get("MMF_TOTAL")
    if mmf is not None:
        if mmf.source == "csvdir":
            items.append(
                Item("mmf_file", "Weekly money-fund total (your MMF_TOTAL.csv)", True, "in use")
            )
        else:
            monthly = provenance.get("MMF-MMF_TOT-M")
            have_monthly = monthly is not None and monthly.status in ("live", "cached", "stale")
            items.append(
                Item(
                    "mmf_file",
                    "Weekly money-fund total (ICI, your file)",
                    have_monthly,
                    "not supplied: the OFR's monthly total is used instead"
                    if have_monthly
                    else "not supplied, and no real total loaded: the liquidity view is on "
                    "demo or quarterly data",
                    ""
                    if have_monthly
                    else "save ICI's weekly file as MMF_TOTAL.csv in the "
                    "folder ROTATION_DATA_DIR points to ($ millions and MM/DD/YYYY are fine)",
                    "" if have_monthly else README_FOLDER,
                )
            )
    return items


def key_notice(provenance: Sequence[Provenance]) -> str | None:
    """FRED's keyless-refusal guidance, verbatim, when any series failed for that reason (pages
    show it once, whichever series it hit)."""
    for p in provenance:
        for note in p.notes:
            if KEY_REFUSAL in note:
                return note[note.index(KEY_REFUSAL) :].split("; ", 1)[0]
    return None


def headline(items: Sequence[Item]) -> str:
    """``Data sources: all live`` or ``Data sources: 2 of 5 need attention``."""
    todo = [i for i in items if not i.ok]
    if not todo:
        return "Data sources: all live"
    return f"Data sources: {len(todo)} of {len(items)} need attention"
