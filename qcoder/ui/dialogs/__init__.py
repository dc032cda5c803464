"""Dialogs and the file choosers every dialog goes through."""
