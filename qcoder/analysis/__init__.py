"""Frequencies, co-occurrence, crosstabs, agreement and collaboration-map data. Never imports Qt."""
