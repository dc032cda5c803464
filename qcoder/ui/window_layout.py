"""The window's size and its docks: a default that fits the screen (a 1366×768 laptop included,
larger screens used), the layout restored from the last run unless it squeezes the document,
and View ▸ Reset layout.

The document keeps a readable minimum size (QMainWindow never shrinks the central widget below
it, so docks give way instead); a saved layout in which the docks would still squeeze it (a
larger screen then) is not restored.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from qcoder.ui.settings import UserSettings

DOCUMENT_MINIMUM = QSize(440, 260)
"""About 55 characters by 12 lines of transcript at the default font: still readable."""


def default_size(available: QSize) -> QSize:
    """Most of the screen, never more than it: a 1366×768 laptop (about 1366×740 free) gets
    1161×700, a 1920×1080 screen 1632×950."""
    width = min(available.width(), max(1100, int(available.width() * 0.85)))
    height = min(available.height() - 30, max(700, int(available.height() * 0.88)))  # 30: title bar
    return QSize(width, max(height, 400))


class WindowLayout:
    def __init__(self, window: QMainWindow, settings: UserSettings, document: QWidget,
                 docks: dict[str, QDockWidget]) -> None:
        self.window, self.settings, self.document, self.docks = window, settings, document, docks
        document.setMinimumSize(DOCUMENT_MINIMUM)
        for dock in docks.values():
            dock.widget().setMinimumSize(QSize(160, 90))
        self._default_state: QByteArray | None = None

    def available(self) -> QSize:
        screen = self.window.screen() or QGuiApplication.primaryScreen()
        return screen.availableGeometry().size() if screen is not None else QSize(1366, 740)

    def apply_defaults(self) -> None:
        """The first-run arrangement: sources left, codes right, retrieved passages below."""
        size = default_size(self.available())
        self.window.resize(size)
        self.arrange_docks(size)
        self._default_state = self.window.saveState()

    def arrange_docks(self, size: QSize) -> None:
        """Side panes for a window of ``size``: the code tree wide enough for its names beside
        four count columns, the document keeping the rest."""
        side = max(200, min(300, size.width() // 5))
        self.window.resizeDocks([self.docks["sources"], self.docks["codes"]], [side, int(side * 1.7)],
                                Qt.Orientation.Horizontal)
        self.window.resizeDocks([self.docks["retrieval"]], [max(150, size.height() // 4)], Qt.Orientation.Vertical)

    def restore_saved(self) -> bool:
        """The layout of the last run, if it fits this screen; False (defaults kept) otherwise."""
        geometry, state = self.settings.window_state()
        if geometry is None and state is None:
            return False
        if geometry is not None:
            self.window.restoreGeometry(geometry)
            available = self.available()
            if self.window.width() > available.width() or self.window.height() > available.height():
                self.window.resize(default_size(available))
        if state is not None and not self.window.restoreState(state):
            return False
        return True

    def reset(self) -> None:
        """View ▸ Reset layout: every pane back where it started, the window the default size."""
        if self._default_state is not None:
            self.window.restoreState(self._default_state)
        for name in ("sources", "codes", "retrieval", "cases", "memos"):
            self.docks[name].show()
            self.docks[name].setFloating(False)
        self.docks["disagreements"].hide()
        self.docks["sources"].raise_()
        self.docks["retrieval"].raise_()
        self.window.showNormal()
        self.apply_defaults()
