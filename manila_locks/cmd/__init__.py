"""Console entry points (see [entry_points] in setup.cfg)."""
