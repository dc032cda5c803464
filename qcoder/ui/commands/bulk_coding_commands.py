""""Code all hits": many passages coded in one undoable step."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from qcoder.core.changes import Changes
from qcoder.core.edits import Edit
from qcoder.core.usecases.commands.bulk_coding import Span, apply_codings_bulk
from qcoder.core.wording import counted
from qcoder.ui.commands.edit_command import EditCommand

if TYPE_CHECKING:
    from qcoder.ui.project_controller import ProjectController


class BulkCodingCommand(EditCommand):
    """Code every span with one code; undo removes exactly those codings, redo restores them."""

    def __init__(
        self, controller: ProjectController, code_id: int, spans: Sequence[Span], code_name: str,
        *, applied: Changes | None = None,
    ) -> None:
        """``applied`` is the answer of :func:`apply_codings_bulk` when it has already run (off the
        GUI thread, for many hits): the first ``redo`` then only announces it."""
        self.code_id, self.spans = code_id, tuple(spans)
        self.coder_id = controller.coder_id()
        super().__init__(
            controller, f"Code {counted(len(spans), 'hit')} with “{code_name}”",
            Edit.of(apply_codings_bulk, code_id, self.spans, self.coder_id), done=applied,
        )
        self.coding_ids: frozenset[int] = frozenset()
        self.messages: tuple[str, ...] = ()

    def played(self, changes: Changes, first: bool) -> None:
        if first:
            self.coding_ids, self.messages = changes.codings, changes.messages
