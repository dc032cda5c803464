"""Cell shading for count tables: a stronger tint for a larger count, text kept readable."""

from __future__ import annotations

from PySide6.QtGui import QColor

from qcoder.ui.colours import mix, readable_text_colour

SHADE = QColor("#2B6CB0")
BASE = QColor("#FFFFFF")


def shade(value: int, maximum: int) -> QColor | None:
    """The background of a cell holding ``value`` when the largest cell holds ``maximum``."""
    if value <= 0 or maximum <= 0:
        return None
    return mix([SHADE], BASE, 0.12 + 0.88 * value / maximum)


def text_on(background: QColor | None) -> QColor | None:
    return readable_text_colour(background) if background is not None else None
