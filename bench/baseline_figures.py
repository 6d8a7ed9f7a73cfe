"""Pre-built figures for the benchmark's baseline page (set by bench/run.py before timing)."""

FIGURES: list = []
