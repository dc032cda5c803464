"""A scroll bar that repaints on a new range or value only where it looks different (the
retrieval table's thousands of passages, the code tree's in-vivo codes: one more leaves the
slider where it was, or moves its ends by a few pixels).

Qt repaints the whole bar on every change, and Fusion fills its groove and slider with
gradients, which Qt's raster engine splits among its worker threads once the fill is taller
than about a hundred pixels: waking them cost a tall bar (the code tree's) most of a
millisecond of the GUI thread each time. When only the slider moved or changed length, only
its ends change on screen (its gradient runs across the bar, not along it): those bands are
repainted, a little more than they cover, with the arrows when one turns on or off.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QRegion
from PySide6.QtWidgets import QAbstractSlider, QScrollBar, QStyle, QStyleOptionSlider, QWidget

EDGE = 4
"""Pixels around each end of the slider repainted with it (its rounded border and shadow)."""
_MOVES = (QAbstractSlider.SliderChange.SliderRangeChange, QAbstractSlider.SliderChange.SliderValueChange)


class SteadyScrollBar(QScrollBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._look: tuple[QRect, bool, bool] | None = None
        self._style_facts: tuple[QStyle, tuple[QSize, Qt.Orientation], bool, QRegion] | None = None
        """(style, (size, orientation), transient, the arrows' region) as last asked of the
        style: the same on every coding until the bar is resized, turned or restyled."""

    def sliderChange(self, change: QAbstractSlider.SliderChange) -> None:
        look, was = self._current_look(), self._look
        self._look = look
        if change == QAbstractSlider.SliderChange.SliderRangeChange and look == was:
            return
        if change in _MOVES and was is not None and self.isVisible() and not self._transient():
            changed = self._slider_ends(was[0], look[0])
            if look[1:] != was[1:]:  # an arrow turned on or off (at an end of the range)
                changed = changed.united(self._arrows())
            self.update(changed)
            return
        super().sliderChange(change)

    def _current_look(self) -> tuple[QRect, bool, bool]:
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        slider = self.style().subControlRect(QStyle.ComplexControl.CC_ScrollBar, option,
                                             QStyle.SubControl.SC_ScrollBarSlider, self)
        return slider, self.value() == self.minimum(), self.value() == self.maximum()

    def _arrows(self) -> QRegion:
        return self._facts()[3]

    def _transient(self) -> bool:
        """Bars that show over the content and fade (macOS) repaint as Qt has them."""
        return self._facts()[2]

    def _facts(self) -> tuple[QStyle, tuple[QSize, Qt.Orientation], bool, QRegion]:
        style, shape, facts = self.style(), (self.size(), self.orientation()), self._style_facts
        if facts is None or facts[0] is not style or facts[1] != shape:
            transient = bool(style.styleHint(QStyle.StyleHint.SH_ScrollBar_Transient, None, self))
            option = QStyleOptionSlider()
            self.initStyleOption(option)
            arrows = QRegion()
            for arrow in (QStyle.SubControl.SC_ScrollBarAddLine, QStyle.SubControl.SC_ScrollBarSubLine):
                arrows = arrows.united(style.subControlRect(QStyle.ComplexControl.CC_ScrollBar, option, arrow, self))
            facts = self._style_facts = (style, shape, transient, arrows)
        return facts

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.LayoutDirectionChange):
            self._style_facts = None
        super().changeEvent(event)

    def _slider_ends(self, was: QRect, now: QRect) -> QRegion:
        """The bands across the bar between the slider's old and new ends (and centres), widened
        by :data:`EDGE`: everything else shows as it did."""
        vertical = self.orientation().name == "Vertical"
        region = QRegion()
        for old, new in ((was.top(), now.top()), (was.bottom(), now.bottom()),
                         (was.center().y(), now.center().y())) if vertical else \
                ((was.left(), now.left()), (was.right(), now.right()), (was.center().x(), now.center().x())):
            low, high = min(old, new) - EDGE, max(old, new) + EDGE
            band = QRect(0, low, self.width(), high - low + 1) if vertical else QRect(low, 0, high - low + 1, self.height())
            region = region.united(band)
        return region
