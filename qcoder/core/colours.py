"""Code colours as ``#RRGGBB``."""

import re

from qcoder.core.errors import QcoderError

_HEX6 = re.compile(r"^#[0-9A-Fa-f]{6}$")
_HEX3 = re.compile(r"^#[0-9A-Fa-f]{3}$")

DEFAULT_PALETTE = (
    "#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F",
    "#EDC948", "#B07AA1", "#FF9DA7", "#9C755F", "#BAB0AC",
)


def normalise_colour(value: str) -> str:
    """Return ``value`` as upper-case ``#RRGGBB``; accept ``#RGB``; refuse anything else."""
    text = value.strip()
    if _HEX6.match(text):
        return text.upper()
    if _HEX3.match(text):
        return "#" + "".join(ch * 2 for ch in text[1:]).upper()
    raise QcoderError(f"'{value}' is not a colour; use #RRGGBB, e.g. #1F77B4")


def palette_colour(index: int) -> str:
    return DEFAULT_PALETTE[index % len(DEFAULT_PALETTE)]
