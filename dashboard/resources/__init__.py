"""Bundled CSV tables: consensus expectations and the event timeline (see
dashboard.data.usertables), and the demo's story anchors (see dashboard.data.sources.demo)."""
