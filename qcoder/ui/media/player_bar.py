"""The bar under the document that plays a source's recording (Qt Multimedia, FFmpeg backend).

Imported only when a source with a recording is shown (see :mod:`qcoder.ui.media`): loading Qt
Multimedia costs start-up time that a project without recordings should never pay.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSlider, QStyle, QToolButton, QWidget

from qcoder.core.turn_times import clock

SPEEDS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
SKIP_MS = 5000


class PlayerBar(QWidget):
    position_changed = Signal(int)
    """The playback position in milliseconds, as it moves (about ten times a second while playing)."""
    playing_changed = Signal(bool)
    duration_found = Signal(int)
    """The recording's length as the player found it, in milliseconds."""
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("playerBar")
        self.player = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        if QMediaDevices.audioOutputs():
            self.player.setAudioOutput(self.audio)
        # Without a sound device (a server, CI) the player runs on its clock alone: attached to
        # an output that cannot open, the FFmpeg backend's stop() could block the window.
        self._pending: tuple[int, int | None] | None = None
        """A ``play_from`` asked for before the recording had loaded."""
        self.stop_at: int | None = None
        """Pause when playback reaches this position (playing one passage); ``None``: play on."""
        self.play_button = self._button(QStyle.StandardPixmap.SP_MediaPlay, "Play / pause (F4)", self.toggle)
        back = self._button(QStyle.StandardPixmap.SP_MediaSeekBackward, "Back 5 seconds", lambda: self.skip(-SKIP_MS))
        forward = self._button(QStyle.StandardPixmap.SP_MediaSeekForward, "Forward 5 seconds",
                               lambda: self.skip(SKIP_MS))
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setMinimumWidth(80)
        self.slider.setToolTip("Position in the recording")
        self.slider.sliderMoved.connect(self.player.setPosition)
        self.time_label = QLabel("0:00 / 0:00", self)
        self.time_label.setMinimumWidth(self.time_label.fontMetrics().horizontalAdvance("00:00:00 / 00:00:00"))
        self.speed_box = QComboBox(self)
        self.speed_box.setToolTip("Playback speed")
        for speed in SPEEDS:
            self.speed_box.addItem(f"{speed:g}×", speed)
        self.speed_box.setCurrentIndex(SPEEDS.index(1.0))
        self.speed_box.currentIndexChanged.connect(lambda _i: self.player.setPlaybackRate(self.speed_box.currentData()))
        self.volume = QSlider(Qt.Orientation.Horizontal, self)
        self.volume.setRange(0, 100)
        self.volume.setValue(80)
        self.volume.setMaximumWidth(70)
        self.volume.setToolTip("Volume")
        self.volume.valueChanged.connect(lambda value: self.audio.setVolume(value / 100))
        self.audio.setVolume(0.8)
        volume_icon = QLabel(self)
        volume_icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaVolume).pixmap(16, 16))
        self.name = ""
        """The recording's file name (the tool tip of the position says its path)."""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        for widget in (self.play_button, back, forward):
            layout.addWidget(widget)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.time_label)
        layout.addWidget(self.speed_box)
        layout.addWidget(volume_icon)
        layout.addWidget(self.volume)
        self.player.positionChanged.connect(self._moved)
        self.player.durationChanged.connect(self._duration)
        self.player.playbackStateChanged.connect(self._state)
        self.player.errorOccurred.connect(lambda _error, text: self.failed.emit(text))
        self.player.mediaStatusChanged.connect(self._loaded)

    def _button(self, icon: QStyle.StandardPixmap, tip: str, handler) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(self.style().standardIcon(icon))
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(lambda _checked=False: handler())
        return button

    # -- what the workflow asks ---------------------------------------------------------

    def load(self, path: Path) -> None:
        self.player.stop()
        self.stop_at, self._pending = None, None
        self.player.setSource(QUrl.fromLocalFile(str(path)))
        self.name = path.name
        self.slider.setToolTip(f"Position in the recording {path}")

    def unload(self) -> None:
        if self.player.playbackState() != QMediaPlayer.PlaybackState.StoppedState:
            self.player.stop()
        self.stop_at, self._pending = None, None
        self.player.setSource(QUrl())

    @property
    def playing(self) -> bool:
        return self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def position(self) -> int:
        return self.player.position()

    def toggle(self) -> None:
        if self.playing:
            self.player.pause()
        else:
            self.stop_at = None
            self.player.play()

    def play_from(self, ms: int, until_ms: int | None = None) -> None:
        if self.player.mediaStatus() in (QMediaPlayer.MediaStatus.NoMedia, QMediaPlayer.MediaStatus.LoadingMedia):
            self._pending = (ms, until_ms)  # a position set before loading would be lost
            return
        self.player.setPosition(max(0, ms))
        self.stop_at = until_ms
        self.player.play()

    def skip(self, delta_ms: int) -> None:
        self.player.setPosition(max(0, self.player.position() + delta_ms))

    # -- keeping the controls up to date ------------------------------------------------

    def _moved(self, ms: int) -> None:
        if not self.slider.isSliderDown():
            self.slider.setValue(ms)
        self.time_label.setText(f"{clock(ms)} / {clock(self.player.duration())}")
        if self.stop_at is not None and ms >= self.stop_at and self.playing:
            self.stop_at = None
            self.player.pause()
        self.position_changed.emit(ms)

    def _duration(self, ms: int) -> None:
        self.slider.setRange(0, max(0, ms))
        self.time_label.setText(f"{clock(self.player.position())} / {clock(ms)}")
        if ms > 0:
            self.duration_found.emit(ms)

    def _loaded(self, status: QMediaPlayer.MediaStatus) -> None:
        if self._pending is not None and status in (QMediaPlayer.MediaStatus.LoadedMedia,
                                                    QMediaPlayer.MediaStatus.BufferedMedia):
            ms, until = self._pending
            self._pending = None
            self.play_from(ms, until)

    def _state(self, _state: QMediaPlayer.PlaybackState) -> None:
        pixmap = QStyle.StandardPixmap.SP_MediaPause if self.playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(pixmap))
        self.playing_changed.emit(self.playing)
