"""Importers and exporters: transcripts in; CSV, REFI-QDA and reports out. Never imports Qt."""
