"""One adapter per provider, one interface (:class:`~dashboard.data.sources.base.Source`)."""
