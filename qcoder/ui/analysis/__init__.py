"""The analysis views: search, frequencies, co-occurrence, crosstabs and saved queries."""
