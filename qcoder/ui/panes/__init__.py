"""The window's side panes: sources, codes, cases, memos, retrieved passages, disagreements, start page."""
