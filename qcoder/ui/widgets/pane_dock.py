"""A dock for a side pane that paints its title only when the title is to be painted.

``QDockWidget`` draws its title on every paint event, whatever the region: a box or line
inside the pane that repaints (the code filter's cursor after Enter, a count) has the dock
behind it lay out its title and load the title bar's icons from file again — a third of a
millisecond per coding from the filter box. The pane's own area holds nothing of the dock's.
"""

from __future__ import annotations

from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QDockWidget


class PaneDock(QDockWidget):
    def paintEvent(self, event: QPaintEvent) -> None:
        content = self.widget()
        if (content is not None and not self.isFloating()
                and not self.features() & QDockWidget.DockWidgetFeature.DockWidgetVerticalTitleBar
                and event.region().boundingRect().top() >= content.geometry().top()):
            return  # only the pane's area: the title above it is as it was
        super().paintEvent(event)
