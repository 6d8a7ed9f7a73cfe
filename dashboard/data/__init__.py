"""Data layer: catalog, sources, parquet store and the cached loaders pages call."""
