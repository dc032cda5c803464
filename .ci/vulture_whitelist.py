"""Names vulture cannot see used: Qt calls these overrides and slots by name."""
