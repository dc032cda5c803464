"""Typing in a source's text as undoable steps: one step per burst of typing, as a word
processor groups its undo.

Each keystroke (or deletion, or paste) is applied to the project at once, through
:func:`~qcoder.core.usecases.commands.source_edits.play_source_edits`, so every coding, memo
anchor and speaker turn follows its words while the user types. Consecutive small edits of the
same source that continue where the last one left the caret, within :data:`BURST_SECONDS`,
merge into one command (Qt's ``mergeWith``): undo takes the whole burst back in one step. A
paste, a jump elsewhere or a pause starts a new step.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from qcoder.core.changes import Changes
from qcoder.core.edits import Edit
from qcoder.core.usecases.commands.source_edits import play_source_edits
from qcoder.core.usecases.queries.source_edits import SourceEdit
from qcoder.ui.commands.edit_command import EditCommand

if TYPE_CHECKING:
    from qcoder.ui.project_controller import ProjectController

BURST_SECONDS = 2.0
MERGE_ID = 2201
"""The id Qt's undo stack uses to offer a command to the one before it for merging."""


class EditSourceTextCommand(EditCommand):
    """Replace ``[start, end)`` of a source's text (code points) with ``new_text``."""

    def __init__(
        self, controller: ProjectController, source_id: int, source_name: str, start: int, end: int, new_text: str,
    ) -> None:
        super().__init__(controller, f"Edit the text of “{source_name}”",
                         Edit.of(play_source_edits, (SourceEdit(source_id, start, end, new_text),)))
        self.source_id = source_id
        self.caret = start + len(new_text)
        """Where the caret stands after the edit: a burst continues from here."""
        self.small = len(new_text) <= 1 and end - start <= 1
        self.start, self.end = start, end
        self.stamp = time.monotonic()
        self.messages: tuple[str, ...] = ()

    def played(self, changes: Changes, first: bool) -> None:
        if first and changes.messages:
            self.messages = changes.messages
            self.setText(f"{self.text()} ({'; '.join(changes.messages)})")

    def id(self) -> int:
        return MERGE_ID

    def continues(self, other: EditSourceTextCommand) -> bool:
        """Whether ``other`` is the next keystroke of this burst."""
        if other.source_id != self.source_id or not (self.small and other.small) or self.messages:
            return False
        if other.stamp - self.stamp > BURST_SECONDS or other.failed is not None or self.failed is not None:
            return False
        return other.start == self.caret or other.end == self.caret  # typed on, or deleted next to the caret

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditSourceTextCommand) or not self.continues(other):
            return False
        mine, theirs = self._backward, other._backward
        if mine is None or theirs is None or self._forward is None or other._forward is None:
            return False
        # Undo plays the later keystroke's inverse first, in one transaction.
        self._backward = Edit.of(play_source_edits, theirs.args[0] + mine.args[0])
        self._forward = Edit.of(play_source_edits, self._forward.args[0] + other._forward.args[0])
        self.caret, self.stamp = other.caret, other.stamp
        if other.messages:
            self.messages = other.messages
            self.setText(other.text())
        return True
