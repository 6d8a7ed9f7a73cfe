"""The signal library: pure pandas functions, no Streamlit, no I/O.

Conventions (as in empyrical / ffn): pandas in, pandas out; NaN-safe; windows are explicit
parameters; the docstring states the formula and the units; a value at date t uses only data
up to t (no look-ahead).
"""
