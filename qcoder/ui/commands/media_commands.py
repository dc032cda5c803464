"""Linking a recording and setting turn times, each one undoable step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qcoder.core.edits import Edit
from qcoder.core.usecases.commands.media import drop_embedded_media, embed_media, restore_media, set_turn_times
from qcoder.core.usecases.queries.media import MediaLink, embedded_media, media_of
from qcoder.ui.commands.base import UseCaseCommand
from qcoder.ui.commands.edit_command import EditCommand

if TYPE_CHECKING:
    from qcoder.ui.project_controller import ProjectController


class LinkMediaCommand(UseCaseCommand):
    """Link (``link``) or unlink (``None``) a source's recording; undo puts back what it had."""

    def __init__(self, controller: ProjectController, source_id: int, link: MediaLink | None) -> None:
        super().__init__(controller, "Link recording" if link is not None else "Unlink recording")
        self.source_id, self.link = source_id, link
        self._before: MediaLink | None = controller.read(media_of, source_id)
        self._copy: bytes | None = None
        """The copy kept inside the project, when unlinking would drop it (undo puts it back)."""

    def do(self) -> None:
        if self.link is None and self._before is not None and self._before.embedded and self._copy is None:
            self._copy = self.controller.read(embedded_media, self.source_id)
        self.controller.run(restore_media, self.source_id, self.link)
        if self.link is not None and not self.link.guid:  # keep the GUID it was given across undo/redo
            self.link = self.controller.read(media_of, self.source_id)

    def undo_it(self) -> None:
        self.controller.run(restore_media, self.source_id, self._before)
        if self._copy is not None:
            self.controller.run(embed_media, self.source_id, self._copy)


class EmbedMediaCommand(UseCaseCommand):
    """Keep a copy of the recording inside the project (``data``), or stop keeping it (``None``)."""

    def __init__(self, controller: ProjectController, source_id: int, data: bytes | None) -> None:
        super().__init__(controller, "Keep a copy of the recording in the project" if data is not None
                         else "Stop keeping a copy of the recording in the project")
        self.source_id, self.data = source_id, data
        self._before = controller.read(embedded_media, source_id) if data is None else None

    def do(self) -> None:
        if self.data is None:
            self.controller.run(drop_embedded_media, self.source_id)
        else:
            self.controller.run(embed_media, self.source_id, self.data)

    def undo_it(self) -> None:
        if self._before is None:
            self.controller.run(drop_embedded_media, self.source_id)
        else:
            self.controller.run(embed_media, self.source_id, self._before)


class SetTurnTimesCommand(EditCommand):
    """Set the times of some of a source's turns (by start position); undo restores the old ones."""

    def __init__(self, controller: ProjectController, source_id: int, times: dict[int, int | None], text: str) -> None:
        super().__init__(controller, text, Edit.of(set_turn_times, source_id, dict(times)))
        self.source_id, self.times = source_id, dict(times)
