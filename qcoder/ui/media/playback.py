"""Plays the open source's recording from the text: a click on a timestamp or a speaker's name,
a key for the current turn, a passage from the retrieved passages; the heard turn is tinted and
followed. The player bar (Qt Multimedia) is created the first time a source with a recording is
shown, so that a project without recordings never loads Qt Multimedia.
"""

from __future__ import annotations

import bisect
import re
import tempfile
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from qcoder.core.media_paths import resolve_media_path
from qcoder.core.snapshots import TurnInfo
from qcoder.core.turn_times import TimedTurn, clock, time_at, timed_turns, turn_index_at_time
from qcoder.core.usecases.commands.media import set_duration
from qcoder.core.usecases.queries.media import MediaLink, embedded_media, media_of
from qcoder.core.usecases.queries.sources import source_turns
from qcoder.io.speakers import parse_time_ms
from qcoder.ui.deferred_refresh import coding_only, parts_of
from qcoder.ui.media.turn_follower import TurnFollower

if TYPE_CHECKING:
    from qcoder.ui.document.document_pane import DocumentPane
    from qcoder.ui.media.player_bar import PlayerBar
    from qcoder.ui.project_controller import ProjectController

TIMESTAMP = re.compile(r"\\?\[(\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?)\\?\]|\((\d{1,2}:\d{2}(?::\d{2})?)\)")
LABEL_END = re.compile(r"[:\]]\**")


class MissingRecording(QWidget):
    """Said in place of the player when a linked recording is not where the link says."""

    locate = Signal()
    unlink = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        locate = QPushButton("Locate moved file…", self)
        locate.clicked.connect(self.locate)
        unlink = QPushButton("Unlink", self)
        unlink.clicked.connect(self.unlink)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(locate)
        layout.addWidget(unlink)

    def show_missing(self, stored: str, path: Path) -> None:
        self.label.setText(f"The recording is not where it was linked: <b>{_escape(stored)}</b> "
                           f"(looked for {_escape(str(path))})")
        self.show()

    def show_unplayable(self, why: str) -> None:
        self.label.setText(_escape(why))
        self.show()


class Playback(QObject):
    message = Signal(str)

    def __init__(self, controller: ProjectController, document: DocumentPane, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.document = document
        self.view = document.view
        self.box = QWidget(document)
        self.box.setObjectName("recordingBox")
        self._box_layout = QVBoxLayout(self.box)
        self._box_layout.setContentsMargins(0, 0, 0, 0)
        self.missing = MissingRecording(self.box)
        self._box_layout.addWidget(self.missing)
        self.box.hide()
        document.add_below(self.box)
        self.bar: PlayerBar | None = None
        self.follower = TurnFollower(self.view)
        self.source_id: int | None = None
        self.link: MediaLink | None = None
        self.path: Path | None = None
        self.turns: list[TurnInfo] = []
        self.timed: list[TimedTurn] = []
        self._loaded: Path | None = None
        document.source_shown.connect(self.show_source)
        controller.changed.connect(self._on_changed)
        controller.project_closed.connect(lambda: self.show_source(None))
        self.view.viewport().installEventFilter(self)
        self.view.viewport().setMouseTracking(True)

    # -- which recording ------------------------------------------------------------------

    @property
    def available(self) -> bool:
        """The open source has a recording that can be played now."""
        return self.bar is not None and self._loaded is not None and self.path == self._loaded

    def show_source(self, source_id: int | None) -> None:
        self.source_id = source_id
        self.reload()

    def _on_changed(self, changes) -> None:
        """A link or turn times changed: read them again. A coding (every one names its source)
        changes neither, and must not cost a read or a repaint on the coding path."""
        if self.source_id is not None and self.source_id in changes.sources \
                and not all(coding_only(part) or not part.sources for part in parts_of(changes)):
            self.reload()

    def reload(self) -> None:
        project = self.controller.project
        source_id = self.source_id
        self.link = None if source_id is None or project is None else self.controller.read(media_of, source_id)
        self.follower.show(None, follow=False)
        if self.link is None or project is None or source_id is None:
            self.path = None
            self.turns, self.timed = [], []
            if self.bar is not None and self._loaded is not None:
                self.bar.unload()
                self._loaded = None
            self.box.hide()
            return
        self.path = resolve_media_path(project.path, self.link.path)
        self.turns = self.controller.read(source_turns, source_id)
        self.timed = timed_turns(self.turns, len(self.view.text), self.link.duration_ms)
        self.box.show()
        if not self.path.is_file() and self.link.embedded:
            self.path = self._kept_copy(self.link)
        if not self.path.is_file():
            if self.bar is not None:
                self.bar.hide()
                self.bar.unload()
                self._loaded = None
            self.missing.show_missing(self.link.path, self.path)
            return
        self.missing.hide()
        bar = self._player()
        if bar is None:
            return
        bar.show()
        if self._loaded != self.path:
            bar.load(self.path)
            self._loaded = self.path

    def _kept_copy(self, link: MediaLink) -> Path:
        """The copy kept inside the project, written once into the cache folder to be played."""
        suffix = PurePosixPath(link.path).suffix.lower()
        target = Path(tempfile.gettempdir()) / "qcoder-recordings" / f"{link.guid}{suffix}"
        if not target.is_file():
            data = self.controller.read(embedded_media, link.source_id)
            if data:
                target.parent.mkdir(parents=True, exist_ok=True)
                partial = target.with_name(target.name + ".partial")
                partial.write_bytes(data)
                partial.replace(target)
        return target

    def _player(self) -> PlayerBar | None:
        if self.bar is None:
            try:
                from qcoder.ui.media.player_bar import PlayerBar  # Qt Multimedia: only now
            except ImportError as error:
                self.missing.show_unplayable(
                    f"Recordings cannot be played on this computer: Qt Multimedia does not load ({error}). "
                    "On Linux, install the PulseAudio client library (Debian/Ubuntu: libpulse0)."
                )
                return None

            self.bar = PlayerBar(self.box)
            self._box_layout.addWidget(self.bar)
            self.bar.position_changed.connect(self._follow)
            self.bar.duration_found.connect(self._duration_found)
            self.bar.failed.connect(lambda text: self.message.emit(f"The recording cannot be played: {text}"))
        return self.bar

    def _duration_found(self, ms: int) -> None:
        """A recording whose header did not give its length (WebM) gets it from the player, once."""
        if self.link is not None and self.link.duration_ms is None and self.source_id is not None:
            self.controller.run(set_duration, self.source_id, ms)

    # -- playing --------------------------------------------------------------------------

    def play_from_time(self, ms: int | None, until_ms: int | None = None, what: str = "") -> bool:
        if not self.available or ms is None:
            self.message.emit(self._why_not() if not self.available else
                              "No time is known for this part of the transcript: set a turn's time first")
            return False
        assert self.bar is not None
        self.bar.play_from(ms, until_ms)
        self.message.emit(f"Playing {what}from {clock(ms)}")
        return True

    def turn_index_at(self, position: int) -> int | None:
        starts = [t.start for t in self.timed]
        index = bisect.bisect_right(starts, position) - 1
        return index if index >= 0 else None

    def play_turn_at(self, position: int) -> bool:
        index = self.turn_index_at(position)
        if index is None:
            return self.play_from_time(time_at(self.turns, len(self.view.text), position, self._duration()))
        turn = self.timed[index]
        return self.play_from_time(turn.time_ms, what=f"{turn.speaker}'s turn " + ("(estimated) " if turn.estimated else ""))

    def play_span(self, start: int, end: int) -> bool:
        """Play one passage: from when its first words are heard until its last."""
        size, duration = len(self.view.text), self._duration()
        begin = time_at(self.turns, size, start, duration)
        until = time_at(self.turns, size, end, duration)
        return self.play_from_time(begin, until if until is not None and begin is not None and until > begin else None,
                                   "the passage ")

    def toggle(self) -> None:
        if self.available:
            assert self.bar is not None
            self.bar.toggle()
        else:
            self.message.emit(self._why_not())

    def skip(self, delta_ms: int) -> None:
        if self.available:
            assert self.bar is not None
            self.bar.skip(delta_ms)
            if not self.bar.playing:
                self.bar.toggle()

    def position(self) -> int | None:
        return self.bar.position() if self.available and self.bar is not None else None

    def _duration(self) -> int | None:
        if self.bar is not None and self.bar.player.duration() > 0:
            return self.bar.player.duration()
        return None if self.link is None else self.link.duration_ms

    def _why_not(self) -> str:
        if self.source_id is None:
            return "Open a source first"
        if self.link is None:
            return "This source has no recording: Recording ▸ Link recording…"
        return "The recording is not where it was linked: Locate moved file…"

    def _follow(self, ms: int) -> None:
        index = turn_index_at_time(self.timed, ms)
        span = None if index is None else (self.timed[index].start, self.timed[index].end)
        self.follower.show(span, follow=self.bar is not None and self.bar.playing)

    # -- clicking a timestamp or a speaker's name in the text ----------------------------------

    def time_clicked(self, position: int) -> int | None:
        """The time of the timestamp or speaker label at ``position``, if there is one."""
        text = self.view.text
        line_start = text.rfind("\n", 0, position) + 1
        line_end = text.find("\n", position)
        line = text[line_start: len(text) if line_end < 0 else line_end]
        for match in TIMESTAMP.finditer(line):
            if match.start() <= position - line_start < match.end():
                return parse_time_ms(match.group(1) or match.group(2))
        index = self.turn_index_at(position)
        if index is None:
            return None
        turn = self.timed[index]
        label = LABEL_END.search(text, turn.start, min(turn.end, turn.start + 120))
        if label is not None and position < label.end():
            return turn.time_ms
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.available and isinstance(event, QMouseEvent):
            if event.type() == QEvent.Type.MouseMove and event.buttons() == Qt.MouseButton.NoButton:
                over = self.time_clicked(self.view.python_position_at(event.position().toPoint())) is not None
                self.view.viewport().setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.IBeamCursor)
            elif (event.type() == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton
                  and not self.view.textCursor().hasSelection()):
                position = self.view.python_position_at(event.position().toPoint())
                ms = self.time_clicked(position)
                if ms is not None:
                    index = self.turn_index_at(position)
                    who = f"{self.timed[index].speaker}'s turn " if index is not None else ""
                    self.play_from_time(ms, what=who)
        return False


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
