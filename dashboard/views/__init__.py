"""View models: what each page shows, as plain dataclasses, from pure functions.

One module per view (``overview``, ``small_caps``, ``macro``, ``liquidity``, ``cross_asset``,
``global_view``): ``build(...)`` takes the loaded data, the shared view state and the page's own
parameters and returns cards, charts, notes and tables. No Streamlit here: pages lay a view model
out with the page kit (:mod:`dashboard.ui.kit`), tests check it with exact values, and
:mod:`dashboard.ui.cache` keeps built models keyed by their inputs.
"""
