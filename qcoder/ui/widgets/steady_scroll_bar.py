"""A scroll bar that repaints on a new range only when it looks different (the retrieval
table's thousands of passages, the code tree's hundreds of in-vivo codes: one more leaves the
slider where it was)."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractSlider, QScrollBar, QStyle, QStyleOptionSlider, QWidget


class SteadyScrollBar(QScrollBar):
    """A scroll bar that repaints on a new range only when it looks different: one more passage
    in thousands leaves the slider where it was."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._look: tuple[QRect, bool, bool] | None = None

    def sliderChange(self, change: QAbstractSlider.SliderChange) -> None:
        look = self._current_look()
        if change == QAbstractSlider.SliderChange.SliderRangeChange and look == self._look:
            return
        self._look = look
        super().sliderChange(change)

    def _current_look(self) -> tuple[QRect, bool, bool]:
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        slider = self.style().subControlRect(QStyle.ComplexControl.CC_ScrollBar, option,
                                             QStyle.SubControl.SC_ScrollBarSlider, self)
        return slider, self.value() == self.minimum(), self.value() == self.maximum()
