"""Everything Qt: the window, views, item models, undo commands and dialogs."""
