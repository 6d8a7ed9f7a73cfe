"""The app's views, read from app.py itself, so harnesses cover every page as pages are added.

Each ``st.Page(...)`` call in app.py becomes a :class:`View`: its key (the file's stem, the key
of ``tests.app.helpers.PAGES``), file, nav title and URL path (``url_path=`` or, as Streamlit
does, the file's stem; the default page is also served at ``/``).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"


@dataclass(frozen=True, slots=True)
class View:
    key: str  #: e.g. "small_caps"
    file: str  #: e.g. "pages/small_caps.py"
    title: str  #: the sidebar nav label
    url_path: str  #: e.g. "small-caps"
    default: bool = False

    @property
    def href(self) -> str:
        """The path the nav links to: the default page lives at ``/``."""
        return "" if self.default else self.url_path


def _literal(node: ast.AST) -> object:
    try:
        return ast.literal_eval(node)
    except ValueError:
        return None


@cache
def views() -> tuple[View, ...]:
    """Every ``st.Page`` in app.py, in navigation order."""
    found = []
    calls = sorted(
        (
            n
            for n in ast.walk(ast.parse(APP.read_text(encoding="utf-8")))
            if isinstance(n, ast.Call)
        ),
        key=lambda n: (n.lineno, n.col_offset),
    )
    for node in calls:
        if not (isinstance(node.func, ast.Attribute) and node.func.attr == "Page" and node.args):
            continue
        file = _literal(node.args[0])
        if not isinstance(file, str):
            continue
        kwargs = {k.arg: _literal(k.value) for k in node.keywords if k.arg}
        stem = Path(file).stem
        found.append(
            View(
                key=stem,
                file=file,
                title=str(kwargs.get("title") or stem.replace("_", " ").title()),
                url_path=str(kwargs.get("url_path") or stem),
                default=bool(kwargs.get("default", False)),
            )
        )
    return tuple(found)


def view(key: str) -> View:
    return next(v for v in views() if v.key == key)
