"""A replica app process: every view of app.py under AppTest, in a process of its own, reading
the store its environment names. Prints one JSON object: per view, its exceptions and text.
(run as ``python -m tests.scale.replica_app`` from the repo root)."""

from __future__ import annotations

import json
import sys

from streamlit.testing.v1 import AppTest

from tests.app.helpers import APP, texts
from tests.views import views


def every_view():
    """Each view of app.py, run the way a first visit runs it: (view, AppTest)."""
    for view in views():
        at = AppTest.from_file(APP, default_timeout=120)
        at.run()
        if not view.default:
            at.switch_page(view.file)
            at.run()
        yield view, at


def main() -> int:
    out = {}
    for view, at in every_view():
        out[view.key] = {
            "exceptions": [str(e.value)[:500] for e in at.exception],
            "text": texts(at),
            "warnings": [str(w.value) for w in at.warning],
        }
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
