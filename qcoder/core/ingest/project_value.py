"""The neutral value of another project that the ingest engine matches and adds, kind by kind.

Another project — a teammate's copy, a REFI-QDA file — brings people, codes, variables and cases
that this project may already hold. Its readers turn them into these values: keyed by their own
GUIDs, pointing at each other by GUID (a code at its parent), never at ids here, and naming no
file format. :mod:`qcoder.core.ingest.project_ingest` finds each one here (by GUID, then by a
natural key) or adds it, and says what it did.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IncomingCoder:
    guid: str
    name: str
    colour: str | None = None
    """None: the next colour of the palette (counting the coders here)."""


@dataclass(frozen=True)
class IncomingCode:
    guid: str
    name: str
    parent_guid: str | None = None
    """The GUID of its parent among the incoming codes (given before it); None at the top. A
    parent that is not among them puts the code at the top."""
    colour: str | None = None
    """None: the next colour of the palette (counting the codes here)."""
    description: str = ""
    codable: bool = True
    unfit: str | None = None
    """Why the reader found the code unfit to keep (e.g. "has no name"): it is dropped, unmatched,
    with the codes below it."""


@dataclass(frozen=True)
class IncomingCase:
    guid: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class IncomingAttribute:
    guid: str
    name: str
    value_type: str
    applies_to: str
    """``"case"`` or ``"source"``: with the name, what the attribute is here."""


@dataclass(frozen=True)
class IncomingProject:
    """Another project's coders, codes (parents before children), attributes and cases."""

    coders: tuple[IncomingCoder, ...] = ()
    codes: tuple[IncomingCode, ...] = ()
    attributes: tuple[IncomingAttribute, ...] = ()
    cases: tuple[IncomingCase, ...] = ()


@dataclass(frozen=True)
class IncomingText:
    """Another project's source as matching sees it: its GUID, its name and the SHA-256 of its text.
    The text itself (with its turns and recording) is asked of the flow only for a source added."""

    guid: str
    name: str
    sha256: str
