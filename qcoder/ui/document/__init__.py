"""The document being coded: its view, highlights, margin stripes and the UTF-16 boundary."""
