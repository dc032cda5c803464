"""Undoable edits: each a small QUndoCommand over core use cases, holding ids and plain values."""
