"""Colour decisions for coded text: tints, blends of overlapping codes, readable text colour."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from PySide6.QtGui import QColor


def relative_luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def readable_text_colour(background: QColor) -> QColor:
    """Black or white, whichever contrasts more with ``background`` (WCAG contrast ratio)."""
    return QColor(_readable_rgb(background.rgb()))


@lru_cache(maxsize=4096)
def _readable_rgb(rgb: int) -> str:
    background = QColor.fromRgb(rgb)
    luminance = relative_luminance(background)
    contrast_black = (luminance + 0.05) / 0.05
    contrast_white = 1.05 / (luminance + 0.05)
    return "#000000" if contrast_black >= contrast_white else "#FFFFFF"


def mix(colours: Sequence[QColor], base: QColor, strength: float) -> QColor:
    """The average of ``colours`` laid over ``base`` with opacity ``strength``."""
    red = sum(c.redF() for c in colours) / len(colours)
    green = sum(c.greenF() for c in colours) / len(colours)
    blue = sum(c.blueF() for c in colours) / len(colours)
    return QColor.fromRgbF(
        base.redF() + (red - base.redF()) * strength,
        base.greenF() + (green - base.greenF()) * strength,
        base.blueF() + (blue - base.blueF()) * strength,
    )


def tint_strength(codes: int) -> float:
    """How strongly a passage's code colours cover the background: lightly for one code, more
    where codes overlap, so that overlaps stand out."""
    return 0.38 if codes == 1 else 0.62
