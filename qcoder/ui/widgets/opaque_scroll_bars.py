"""Scroll bars that repaint alone: the panes whose range changes on every coding.

A scroll bar is not marked opaque, so Qt repaints every widget behind it first (the window,
the dock and its frame, the splitter, the view) each time its range moves — three times the
scroll bar's own painting. Fusion's scroll bar covers its whole rectangle, so it is marked
opaque where the style does not overlay transient scroll bars on the content, and the window's
colour is filled in under it first (its outline is half transparent).

The style sheet's polish (a style change, which reaches the bars when the pane is docked)
clears the mark, so it is set again after each style change.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QAbstractScrollArea, QScrollBar, QStyle, QWidget


class _KeepOpaque(QObject):
    def __init__(self, area: QAbstractScrollArea) -> None:
        super().__init__(area)
        self.area = area

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.StyleChange and isinstance(watched, QScrollBar):
            _mark(self.area, watched)
        elif (isinstance(event, QPaintEvent) and isinstance(watched, QScrollBar)
              and watched.testAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)):
            _fill_beneath(watched, event)
        return False


def _fill_beneath(bar: QScrollBar, event: QPaintEvent) -> None:
    """What the window paints behind the bar, under what the bar then paints: its outline is
    drawn half transparent, and over its own last paint (or what lay there before) it darkened."""
    painter = QPainter(bar)
    painter.fillRect(event.rect(), bar.palette().color(QPalette.ColorRole.Window))
    painter.end()


def _mark(area: QAbstractScrollArea, bar: QWidget) -> None:
    transient = bool(area.style().styleHint(QStyle.StyleHint.SH_ScrollBar_Transient, None, area))
    bar.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, not transient)


def make_scroll_bars_opaque(area: QAbstractScrollArea) -> None:
    keeper = _KeepOpaque(area)
    for bar in (area.verticalScrollBar(), area.horizontalScrollBar()):
        _mark(area, bar)
        bar.installEventFilter(keeper)
