"""Bundled CSV tables (consensus expectations, event timeline): see dashboard.data.usertables."""
