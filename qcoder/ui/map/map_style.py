"""Colours, fonts and sizes of the map figures, shared by the window and the image export.

Organisation types take the colours of the study's map legend from the bundled codebook's
``orgtype`` group (pale fills); outlines are a darker shade of the same hue so that pale nodes
stay visible on the pale land.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont

from qcoder.core.usecases.queries.organisation_colours import FALLBACK, org_type_colours
from qcoder.core.usecases.queries.organisations import MENTIONED_ONLY, ORG_TYPES

_FALLBACK = FALLBACK
LEGEND_LABELS = {
    ORG_TYPES[0]: "Non-profit / grassroots",
    ORG_TYPES[1]: "Public research institute or public body",
    ORG_TYPES[2]: "Small or medium enterprise",
    ORG_TYPES[3]: "Large enterprise",
    MENTIONED_ONLY: "Mentioned only (not interviewed)",
}
OCEAN = QColor("#FFFFFF")
LAND = QColor("#EEF0F2")
COASTLINE = QColor("#C3C8CE")
EDGE = QColor(60, 66, 74, 170)
EDGE_HIGHLIGHT = QColor("#D6336C")
TEXT = QColor("#1F2328")
MUTED_TEXT = QColor("#59636E")
GRID = QColor("#D0D7DE")


def fill_for(category: str) -> QColor:
    return QColor(org_type_colours().get(category, _FALLBACK[MENTIONED_ONLY]))


def outline_for(category: str) -> QColor:
    colour = fill_for(category)
    hue, saturation, value = colour.hsvHueF(), colour.hsvSaturationF(), colour.valueF()
    if category == MENTIONED_ONLY:
        return QColor("#8C959F")
    return QColor.fromHsvF(max(hue, 0.0), min(1.0, saturation * 3.2 + 0.25), value * 0.62)


def font(point_size: float, *, bold: bool = False) -> QFont:
    result = QFont()
    result.setFamilies(["Inter", "Helvetica Neue", "Arial", "DejaVu Sans", "Sans Serif"])
    result.setPointSizeF(point_size)
    result.setBold(bold)
    return result
