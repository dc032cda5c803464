"""Scroll bars that repaint alone: the panes whose range changes on every coding.

A scroll bar is not marked opaque, so Qt repaints every widget behind it first (the window,
the dock and its frame, the splitter, the view) each time its range moves — three times the
scroll bar's own painting. Fusion's scroll bar fills its whole rectangle, so it is marked
opaque where the style does not overlay transient scroll bars on the content.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QStyle


def make_scroll_bars_opaque(area: QAbstractScrollArea) -> None:
    if area.style().styleHint(QStyle.StyleHint.SH_ScrollBar_Transient, None, area):
        return
    for bar in (area.verticalScrollBar(), area.horizontalScrollBar()):
        bar.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
