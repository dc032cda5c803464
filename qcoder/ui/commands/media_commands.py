"""Linking a recording and setting turn times, each one undoable step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qcoder.core.usecases.media import MediaLink, media_of, restore_media, set_turn_times, turn_times
from qcoder.ui.commands.base import UseCaseCommand

if TYPE_CHECKING:
    from qcoder.ui.project_controller import ProjectController


class LinkMediaCommand(UseCaseCommand):
    """Link (``link``) or unlink (``None``) a source's recording; undo puts back what it had."""

    def __init__(self, controller: ProjectController, source_id: int, link: MediaLink | None) -> None:
        super().__init__(controller, "Link recording" if link is not None else "Unlink recording")
        self.source_id, self.link = source_id, link
        self._before: MediaLink | None = controller.read(media_of, source_id)

    def do(self) -> None:
        self.controller.run(restore_media, self.source_id, self.link)
        if self.link is not None and not self.link.guid:  # keep the GUID it was given across undo/redo
            self.link = self.controller.read(media_of, self.source_id)

    def undo_it(self) -> None:
        self.controller.run(restore_media, self.source_id, self._before)


class SetTurnTimesCommand(UseCaseCommand):
    """Set the times of some of a source's turns (by start position); undo restores the old ones."""

    def __init__(self, controller: ProjectController, source_id: int, times: dict[int, int | None], text: str) -> None:
        super().__init__(controller, text)
        self.source_id, self.times = source_id, dict(times)
        before = controller.read(turn_times, source_id)
        self._before = {start: before.get(start) for start in self.times}

    def do(self) -> None:
        self.controller.run(set_turn_times, self.source_id, self.times)

    def undo_it(self) -> None:
        self.controller.run(set_turn_times, self.source_id, self._before)
