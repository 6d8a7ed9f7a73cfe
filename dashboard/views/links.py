"""Each page's own link parameters, by the page's URL path: what the sidebar checks a link
against before any widget reads it. A view declares them next to its widgets (``LINK_PARAMS``).
"""

from __future__ import annotations

from dashboard.state import LinkParam
from dashboard.views import (
    compare,
    cross_asset,
    global_view,
    liquidity,
    macro,
    overview,
    small_caps,
)

#: url path (app.py, the file's stem) -> that page's parameters
PAGE_PARAMS: dict[str, tuple[LinkParam, ...]] = {
    "overview": overview.LINK_PARAMS,
    "compare": compare.LINK_PARAMS,
    "small_caps": small_caps.LINK_PARAMS,
    "macro": macro.LINK_PARAMS,
    "liquidity": liquidity.LINK_PARAMS,
    "cross_asset": cross_asset.LINK_PARAMS,
    "global_view": global_view.LINK_PARAMS,
}


def page_params(url_path: str) -> tuple[LinkParam, ...]:
    """The parameters of the page at ``url_path`` ("" is the default page, the Overview)."""
    return PAGE_PARAMS.get(url_path or "overview", ())


#: Every page's parameters together (their names are unique across pages).
ALL: tuple[LinkParam, ...] = tuple(p for params in PAGE_PARAMS.values() for p in params)
