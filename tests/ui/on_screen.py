"""What a widget shows on screen: the pixels of the window's backing store, as the last paints
left them (``grab()`` would paint the widget afresh and hide a repaint that was skipped)."""

from __future__ import annotations

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget


def painted(widget: QWidget) -> QImage:
    """What is on screen for ``widget``, after the pending events (and so the paints) are processed."""
    QApplication.processEvents()
    window = widget.window()
    corner = widget.mapTo(window, widget.rect().topLeft())
    return QApplication.primaryScreen().grabWindow(
        window.winId(), corner.x(), corner.y(), widget.width(), widget.height()).toImage()


def assert_as_painted_afresh(widget: QWidget, what: str) -> None:
    """What ``widget`` shows now equals what a full repaint of it shows: no partial repaint
    left anything stale on screen."""
    shown = painted(widget)
    widget.repaint()
    assert painted(widget) == shown, f"{what}: on screen is not as painted afresh"
