"""tests/views.py reads the views from app.py; AppTest's PAGES must name the same pages."""

from __future__ import annotations

from tests.app.helpers import PAGES
from tests.views import ROOT, views


def test_views_from_app_py_match_the_apptest_pages():
    found = views()
    assert {v.key: v.file for v in found} == PAGES
    assert sum(v.default for v in found) == 1
    assert all((ROOT / v.file).is_file() for v in found)
    assert len({v.url_path for v in found}) == len(found)
    assert len({v.title for v in found}) == len(found), "nav titles identify the links"


def test_every_url_is_the_page_files_name():
    """Before the first st.navigation call in a process, Streamlit's legacy pages/ discovery
    resolves a deep link by file name: any other url_path shows "Page not found" first."""
    assert [v.url_path for v in views()] == [v.key for v in views()]
