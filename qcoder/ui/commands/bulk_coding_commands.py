""""Code all hits": many passages coded in one undoable step."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from qcoder.core.changes import Changes
from qcoder.core.rows import RowSnapshot
from qcoder.core.usecases.bulk_coding import Span, apply_codings_bulk, remove_codings_bulk
from qcoder.core.usecases.codings import restore_codings
from qcoder.ui.commands.base import UseCaseCommand
from qcoder.core.wording import counted

if TYPE_CHECKING:
    from qcoder.ui.project_controller import ProjectController


class BulkCodingCommand(UseCaseCommand):
    """Code every span with one code; undo removes exactly those codings, redo restores them."""

    def __init__(
        self, controller: ProjectController, code_id: int, spans: Sequence[Span], code_name: str,
        *, applied: Changes | None = None,
    ) -> None:
        """``applied`` is the answer of :func:`apply_codings_bulk` when it has already run (off the
        GUI thread, for many hits): the first ``redo`` then only announces it."""
        super().__init__(controller, f"Code {counted(len(spans), 'hit')} with “{code_name}”")
        self.code_id, self.spans = code_id, tuple(spans)
        self.coder_id = controller.coder_id()
        self._applied = applied
        self.coding_ids: frozenset[int] = frozenset()
        self.messages: tuple[str, ...] = ()
        self._snapshot: RowSnapshot | None = None

    def do(self) -> None:
        if self._snapshot is not None:
            self.controller.run(restore_codings, self._snapshot)
            return
        if self._applied is not None:
            changes, self._applied = self._applied, None
            if not changes.empty:
                self.controller.changed.emit(changes)
        else:
            changes = self.controller.run(apply_codings_bulk, self.code_id, self.spans, self.coder_id)
        self.coding_ids, self.messages = changes.codings, changes.messages

    def undo_it(self) -> None:
        if self.coding_ids:
            _changes, self._snapshot = self.controller.run(remove_codings_bulk, self.coding_ids)
