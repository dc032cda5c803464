"""Linking a recording and setting turn times, each one undoable step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qcoder.core.edits import Edit
from qcoder.core.usecases.commands.media import drop_embedded_media, embed_media, restore_media, set_turn_times
from qcoder.core.usecases.queries.media import MediaLink
from qcoder.ui.commands.edit_command import EditCommand

if TYPE_CHECKING:
    from qcoder.ui.project_controller import ProjectController


class LinkMediaCommand(EditCommand):
    """Link (``link``) or unlink (``None``) a source's recording; undo puts back what it had
    (with the copy kept inside the project that unlinking dropped)."""

    def __init__(self, controller: ProjectController, source_id: int, link: MediaLink | None) -> None:
        super().__init__(controller, "Link recording" if link is not None else "Unlink recording",
                         Edit.of(restore_media, source_id, link))
        self.source_id, self.link = source_id, link


class EmbedMediaCommand(EditCommand):
    """Keep a copy of the recording inside the project (``data``), or stop keeping it (``None``)."""

    def __init__(self, controller: ProjectController, source_id: int, data: bytes | None) -> None:
        super().__init__(
            controller, "Keep a copy of the recording in the project" if data is not None
            else "Stop keeping a copy of the recording in the project",
            Edit.of(drop_embedded_media, source_id) if data is None else Edit.of(embed_media, source_id, data),
        )
        self.source_id, self.data = source_id, data


class SetTurnTimesCommand(EditCommand):
    """Set the times of some of a source's turns (by start position); undo restores the old ones."""

    def __init__(self, controller: ProjectController, source_id: int, times: dict[int, int | None], text: str) -> None:
        super().__init__(controller, text, Edit.of(set_turn_times, source_id, dict(times)))
        self.source_id, self.times = source_id, dict(times)
