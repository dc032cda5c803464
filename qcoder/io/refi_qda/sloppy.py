"""Lenient readers for the values that real REFI-QDA files get wrong: colours, GUIDs, dates, booleans."""

from __future__ import annotations

import hashlib
import re
import uuid
from datetime import UTC, datetime
from functools import lru_cache
from typing import TypeVar

_GUID = re.compile(r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$")
_HEX = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
_RGB = re.compile(r"^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(?:,\s*[\d.]+%?\s*)?\)$", re.I)
_IMPORT_NAMESPACE = uuid.UUID("5b0f1f6e-3c1a-4f1e-9a57-6a2d9c0e7a11")
_NAMESPACE_BYTES = _IMPORT_NAMESPACE.bytes


def parse_colour(value: str | None) -> str | None:
    """``#RRGGBB`` from ``#RGB``, ``#RRGGBB``, ``#AARRGGBB``, ``RRGGBB`` or ``rgb(r, g, b)``; else None."""
    if not value:
        return None
    text = value.strip()
    match = _HEX.match(text)
    if match:
        digits = match.group(1)
        if len(digits) == 3:
            digits = "".join(ch * 2 for ch in digits)
        elif len(digits) == 8:  # ARGB, as .NET and Qt write it
            digits = digits[2:]
        return "#" + digits.upper()
    match = _RGB.match(text)
    if match:
        channels = [min(255, int(part)) for part in match.groups()]
        return "#" + "".join(f"{c:02X}" for c in channels)
    return None


@lru_cache(maxsize=8192)
def clean_guid(value: str | None) -> str | None:
    """The GUID without braces, as written (case kept); None if it is not a GUID."""
    if not value:
        return None
    match = _GUID.match(value.strip())
    return match.group(1) if match else None


def replacement_guid(value: str) -> str:
    """A stable stand-in for a malformed GUID, so that importing the same file twice matches.

    ``uuid.uuid5(_IMPORT_NAMESPACE, value)`` computed without building UUID objects (a file
    can need hundreds of thousands of stand-ins).
    """
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + value.encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # the RFC 4122 variant
    text = digest.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


@lru_cache(maxsize=8192)
def parse_datetime(value: str | None) -> datetime | None:
    if not value:
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


Default = TypeVar("Default", bool, None)


def parse_bool(value: str | None, default: Default) -> bool | Default:
    if value is None:
        return default
    text = value.strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no"):
        return False
    return default


def parse_int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return int(number) if number.is_integer() else None
