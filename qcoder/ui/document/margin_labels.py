"""The coding margin's labels and colours, made once and kept: a code's name cut to a stripe's
length, laid out turned along the stripe, and the colours of stripes and tabs."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QStaticText, QTransform

KEPT = 4096
"""Labels kept at most; past this many the cache starts afresh."""


class MarginLabels:
    def __init__(self) -> None:
        self._elided: dict[tuple[str, int], tuple[str, int]] = {}
        self._static_texts: dict[str, QStaticText] = {}

    def elided(self, metrics: QFontMetrics, label: str, width: int) -> tuple[str, int]:
        """A label cut to fit ``width`` pixels, and its length in pixels."""
        key = (label, width)
        found = self._elided.get(key)
        if found is None:
            if len(self._elided) > KEPT:
                self._elided.clear()
            text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, width)
            found = self._elided[key] = (text, metrics.horizontalAdvance(text))
        return found

    def static_text(self, label: str, font: QFont) -> QStaticText:
        """A label laid out once (drawn again at each paint without shaping its glyphs again)."""
        found = self._static_texts.get(label)
        if found is None:
            if len(self._static_texts) > KEPT:
                self._static_texts.clear()
            found = self._static_texts[label] = QStaticText(label)
            found.setTextFormat(Qt.TextFormat.PlainText)
            found.prepare(QTransform().rotate(90), font)
        return found


@lru_cache(maxsize=512)
def colour_of(name: str) -> QColor:
    return QColor(name)


@lru_cache(maxsize=512)
def tab_colour(name: str) -> QColor:
    """A tab below a short passage: its stripe's colour, a little lighter."""
    return QColor(name).lighter(112)
