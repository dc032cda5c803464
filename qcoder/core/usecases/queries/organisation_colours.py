"""The colours of the organisation types: the study's map legend, from the bundled codebook.

The map fills nodes with the pale legend colours; an organisation's code in the code tree takes
a darker shade of the same hue (:func:`code_colour_for`), so that the tree shows the types too.
"""

from __future__ import annotations

import colorsys
from functools import lru_cache

from qcoder.core.codebook import read_codebook

NONPROFIT, PUBLIC, SME, LARGE = (
    "non-profit/grassroots", "public research institute or public body",
    "small or medium enterprise", "large enterprise",
)
MENTIONED = "mentioned only"
_CODEBOOK_IDS = {
    "orgtype.nonprofit_grassroots": NONPROFIT,
    "orgtype.public_research": PUBLIC,
    "orgtype.sme": SME,
    "orgtype.large_enterprise": LARGE,
    "orgtype.other_mentioned": MENTIONED,
}
FALLBACK = {NONPROFIT: "#E0D8FC", PUBLIC: "#C8DCFC", SME: "#ACF0C8", LARGE: "#FCF4B4", MENTIONED: "#E4E4E4"}


@lru_cache(maxsize=1)
def org_type_colours() -> dict[str, str]:
    """Type (or ``mentioned only``) → its pale legend colour ``#RRGGBB``."""
    colours = dict(FALLBACK)
    try:
        codebook = read_codebook("default")
    except Exception:  # noqa: BLE001 — the fallback colours are the same ones; a broken file must not stop a figure
        return colours
    for group in codebook.get("groups", []):
        if group.get("id") == "orgtype":
            for code in group.get("codes", []):
                if code.get("id") in _CODEBOOK_IDS and code.get("colour"):
                    colours[_CODEBOOK_IDS[code["id"]]] = code["colour"]
    return colours


def darker(colour: str) -> str:
    """A deep shade of a pale colour's hue, readable as a swatch or an outline on white."""
    red, green, blue = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    hue, saturation, value = colorsys.rgb_to_hsv(red, green, blue)
    red, green, blue = colorsys.hsv_to_rgb(hue, min(1.0, saturation * 3.2 + 0.25), value * 0.62)
    return "#{:02X}{:02X}{:02X}".format(*(round(c * 255) for c in (red, green, blue)))


def code_colour_for(org_type: str | None) -> str | None:
    """The colour of an organisation's code for its type (``None``: no type, keep the colour)."""
    if org_type is None:
        return None
    return darker(org_type_colours().get(org_type, FALLBACK[MENTIONED]))
