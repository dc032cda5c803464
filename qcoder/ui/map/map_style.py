"""Colours, fonts and sizes of the map figures, shared by the window and the image export.

Organisation types take the colours of the study's map legend from the bundled codebook's
``orgtype`` group (pale fills); outlines are a darker shade of the same hue so that pale nodes
stay visible on the pale land.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QColor, QFont

from qcoder.core.codebook import read_codebook
from qcoder.core.usecases.organisations import MENTIONED_ONLY, ORG_TYPES

_CODEBOOK_IDS = {
    "orgtype.nonprofit_grassroots": ORG_TYPES[0],
    "orgtype.public_research": ORG_TYPES[1],
    "orgtype.sme": ORG_TYPES[2],
    "orgtype.large_enterprise": ORG_TYPES[3],
    "orgtype.other_mentioned": MENTIONED_ONLY,
}
_FALLBACK = {
    ORG_TYPES[0]: "#E0D8FC", ORG_TYPES[1]: "#C8DCFC", ORG_TYPES[2]: "#ACF0C8", ORG_TYPES[3]: "#FCF4B4",
    MENTIONED_ONLY: "#E4E4E4",
}
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


@lru_cache(maxsize=1)
def org_type_colours() -> dict[str, str]:
    colours = dict(_FALLBACK)
    try:
        codebook = read_codebook("default")
    except Exception:  # the fallback colours are the same ones; a broken file must not stop a figure
        return colours
    for group in codebook.get("groups", []):
        if group.get("id") == "orgtype":
            for code in group.get("codes", []):
                if code.get("id") in _CODEBOOK_IDS and code.get("colour"):
                    colours[_CODEBOOK_IDS[code["id"]]] = code["colour"]
    return colours


def fill_for(category: str) -> QColor:
    return QColor(org_type_colours().get(category, _FALLBACK[MENTIONED_ONLY]))


def outline_for(category: str) -> QColor:
    colour = fill_for(category)
    hue, saturation, value, _ = colour.getHsvF()
    if category == MENTIONED_ONLY:
        return QColor("#8C959F")
    return QColor.fromHsvF(max(hue, 0.0), min(1.0, saturation * 3.2 + 0.25), value * 0.62)


def font(point_size: float, *, bold: bool = False) -> QFont:
    result = QFont()
    result.setFamilies(["Inter", "Helvetica Neue", "Arial", "DejaVu Sans", "Sans Serif"])
    result.setPointSizeF(point_size)
    result.setBold(bold)
    return result
