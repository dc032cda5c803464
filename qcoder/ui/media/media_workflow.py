"""Recording ▸ …: link a source's recording, play it from the text, keep its turn times right.

Keys: F4 plays or pauses; F5 plays from the turn at the text cursor; F3 goes back 3 seconds (and
plays on) — the transcriber's "what did they say?"; F7 types the playback time as ``[hh:mm:ss]``
at the cursor while the text is being edited (Edit ▸ Edit text); F6 sets the current turn's time to the
playback position. A click on a timestamp or a speaker's name plays from there; Play passage in
the retrieved passages plays one coded passage.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from qcoder.core.errors import QcoderError
from qcoder.core.media_paths import MEDIA_KINDS, media_kind, stored_media_path
from qcoder.core.turn_times import clock
from qcoder.core.usecases.queries.media import MAX_EMBEDDED_BYTES, MediaLink, media_of, shifted_turn_times
from qcoder.io.media_probe import media_duration_ms
from qcoder.ui.actions import Actions
from qcoder.ui.commands.media_commands import EmbedMediaCommand, LinkMediaCommand, SetTurnTimesCommand
from qcoder.ui.deferred_refresh import coding_only
from qcoder.ui.dialogs import file_dialogs
from qcoder.ui.media.playback import Playback

if TYPE_CHECKING:
    from qcoder.ui.document.document_pane import DocumentPane
    from qcoder.ui.panes.retrieval_pane import RetrievalPane
    from qcoder.ui.project_controller import ProjectController

REWIND_MS = 3000
MEDIA_FILTER = "Recordings (" + " ".join(f"*{suffix}" for suffix in MEDIA_KINDS) + ")"


class MediaWorkflow(QObject):
    message = Signal(str)

    def __init__(self, controller: ProjectController, document: DocumentPane, retrieval: RetrievalPane,
                 window: QWidget) -> None:
        super().__init__(window)
        self.controller = controller
        self.document = document
        self.retrieval = retrieval
        self.window = window
        self.playback = Playback(controller, document, self)
        self.playback.message.connect(self.message)
        self.playback.missing.locate.connect(self.locate)
        self.playback.missing.unlink.connect(self.unlink)

    def add_actions(self, a: Actions) -> None:
        a.add("play_pause", "&Play / pause", self.playback.toggle, shortcut="F4", section="recording",
              tip="Play or pause the open source's recording")
        a.add("play_turn", "Play from this &turn", self.play_current_turn, shortcut="F5", section="recording",
              tip="Play the recording from the turn at the text cursor (a click on a timestamp or a name does too)")
        a.add("rewind", f"&Back {REWIND_MS // 1000} seconds", lambda: self.playback.skip(-REWIND_MS), shortcut="F3",
              section="recording")
        a.add("insert_time", "&Insert the playback time", self.insert_time, shortcut="F7", edits=True,
              section="recording", tip="While editing the text: type the recording's time as [hh:mm:ss] at the cursor")
        a.add("set_turn_time", "&Set this turn's time to the playback position", self.set_turn_time, shortcut="F6",
              edits=True, section="recording", separator_before=True)
        a.add("shift_turn_times", "S&hift turn times…", self.shift_turn_times, edits=True, section="recording",
              tip="Move the times of this turn and every later one, when the transcript runs ahead or behind")
        a.add("link_media", "&Link recording…", self.link, edits=True, section="recording", separator_before=True,
              tip="Link the open source to its audio or video recording")
        a.add("unlink_media", "&Unlink recording", self.unlink, edits=True, section="recording")
        self.embed_action = a.add("embed_media", "&Keep a copy in the project", self.set_embedded, checkable=True,
                                  edits=True, section="recording",
                                  tip="Store the recording inside the project file, so that it travels with it")
        self.document.source_shown.connect(lambda _id: self._show_embedded())
        self.controller.changed.connect(lambda changes: None if coding_only(changes) else self._show_embedded())
        play_passage = QAction("Play passage (F5)", self.retrieval.table)  # F5 is the window's, see below
        play_passage.triggered.connect(self.play_retrieved_passage)
        self.retrieval.table.addAction(play_passage)
        self.retrieval.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def source_actions(self, chosen: Callable[[], int | None]) -> list[QAction]:
        """"Link recording…" and "Unlink recording" for a source's context menu; ``chosen`` says
        which source (the one under the mouse in the sources pane)."""
        link = QAction("Link &recording…", self.window)
        link.triggered.connect(lambda: self._for_source(chosen(), self.link))
        unlink = QAction("Unlink recording", self.window)
        unlink.triggered.connect(lambda: self._for_source(chosen(), self.unlink))
        return [link, unlink]

    def _for_source(self, source_id: int | None, action: Callable[[], None]) -> None:
        """Open the source (so the player shows what is linked), then act on it."""
        if source_id is None:
            return
        if self.document.source_id != source_id:
            self.document.show_source(source_id)
        action()

    # -- playing -------------------------------------------------------------------------

    def _cursor_position(self) -> int:
        view = self.document.view
        return view.positions.to_python(view.textCursor().selectionStart())

    def play_current_turn(self) -> None:
        """F5: the passage chosen in the retrieved passages when they have the focus, else the
        turn at the text cursor (one key, so that Qt never sees two F5 shortcuts at once)."""
        if self.retrieval.table.hasFocus():
            self.play_retrieved_passage()
        else:
            self.playback.play_turn_at(self._cursor_position())

    def play_retrieved_passage(self) -> None:
        index = self.retrieval.table.currentIndex()
        if not index.isValid():
            return
        segment = self.retrieval.model.segment(index.row())
        self.controller.show_passage(segment.source_id, segment.start, segment.end)
        self.playback.play_span(segment.start, segment.end)

    # -- turn times ----------------------------------------------------------------------

    def insert_time(self) -> None:
        """F7 while editing: the playback time typed at the cursor, an edit like any other typing
        (one undoable step; codings after it move on)."""
        position, view = self.playback.position(), self.document.view
        if position is None or not view.editing:
            self.message.emit("Turn on Edit ▸ Edit text and play the recording to insert its time")
            return
        seconds = position // 1000
        view.textCursor().insertText(f"[{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}] ")

    def set_turn_time(self) -> None:
        source_id, position = self.document.source_id, self.playback.position()
        index = self.playback.turn_index_at(self._cursor_position())
        if source_id is None or position is None or index is None:
            self.message.emit("Put the cursor in a turn of a source whose recording is playing")
            return
        turn = self.playback.timed[index]
        self.controller.push(SetTurnTimesCommand(self.controller, source_id, {turn.start: position},
                                                 f"Set {turn.speaker}'s turn to {clock(position)}"))

    def shift_turn_times(self) -> None:
        source_id = self.document.source_id
        index = self.playback.turn_index_at(self._cursor_position())
        if source_id is None or index is None:
            self.message.emit("Put the cursor in the first turn to shift")
            return
        seconds, ok = QInputDialog.getDouble(
            self.window, "Shift turn times", "Seconds to add to this turn's time and every later one\n"
            "(negative: earlier):", 0.0, -36000.0, 36000.0, 1)
        if not ok or seconds == 0:
            return
        start = self.playback.timed[index].start
        times = self.controller.read(shifted_turn_times, source_id, round(seconds * 1000), start)
        if not times:
            self.message.emit("No turn from here on has a time of its own to shift")
            return
        self.controller.push(SetTurnTimesCommand(self.controller, source_id, times,
                                                 f"Shift {len(times)} turn times by {seconds:+g} s"))

    # -- linking -------------------------------------------------------------------------

    def link(self) -> None:
        source_id = self.document.source_id
        if source_id is None:
            self.message.emit("Open the source to link its recording to first")
            return
        self._choose_and_link(source_id, "Link recording")

    def locate(self) -> None:
        if self.document.source_id is not None:
            self._choose_and_link(self.document.source_id, "Locate moved recording")

    def _choose_and_link(self, source_id: int, title: str) -> None:
        project = self.controller.project
        folder = "" if project is None or project.path is None else str(project.path.parent)
        name = file_dialogs.open_file_name(self.window, title, folder, MEDIA_FILTER)
        if name:
            self.link_file(source_id, name)

    def link_file(self, source_id: int, name: str) -> bool:
        """Link the recording at ``name`` (keeping the link's GUID when it replaces one)."""
        kind = media_kind(name)
        project = self.controller.project
        if kind is None or project is None:
            QMessageBox.warning(self.window, "qcoder", f"{name} is not a recording qcoder can play")
            return False
        try:
            duration = media_duration_ms(Path(name))
        except QcoderError as error:
            QMessageBox.warning(self.window, "qcoder", str(error))
            return False
        previous = self.controller.read(media_of, source_id)
        link = MediaLink(source_id, stored_media_path(project.path, Path(name)), kind, duration,
                         previous.guid if previous is not None else "")
        self.controller.push(LinkMediaCommand(self.controller, source_id, link))
        return True

    def _show_embedded(self) -> None:
        link = self.playback.link
        self.embed_action.blockSignals(True)
        self.embed_action.setChecked(link is not None and link.embedded)
        self.embed_action.blockSignals(False)

    def set_embedded(self, keep: bool) -> None:
        source_id, link, path = self.document.source_id, self.playback.link, self.playback.path
        if source_id is None or link is None or keep == link.embedded:
            self._show_embedded()
            return
        if not keep:
            self.controller.push(EmbedMediaCommand(self.controller, source_id, None))
            return
        try:
            if path is None or not path.is_file():
                raise QcoderError("the recording is not where it was linked")
            if path.stat().st_size > MAX_EMBEDDED_BYTES:  # refused before reading a gigabyte
                raise QcoderError(f"the recording is {path.stat().st_size // 2**20} MB; qcoder keeps copies of up "
                                  f"to {MAX_EMBEDDED_BYTES // 2**20} MB inside a project (it stays linked)")
            data = path.read_bytes()
        except (OSError, QcoderError) as error:
            QMessageBox.warning(self.window, "qcoder", f"No copy kept: {getattr(error, 'strerror', None) or error}")
            self._show_embedded()
            return
        self.controller.push(EmbedMediaCommand(self.controller, source_id, data))

    def unlink(self) -> None:
        source_id = self.document.source_id
        if source_id is not None and self.controller.read(media_of, source_id) is not None:
            self.controller.push(LinkMediaCommand(self.controller, source_id, None))
