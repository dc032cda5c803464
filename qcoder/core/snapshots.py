"""Frozen, detached views of the project that reads return; widgets never see ORM objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class CoderInfo:
    id: int
    guid: str
    name: str
    colour: str


@dataclass(frozen=True)
class TurnInfo:
    start: int
    end: int
    speaker: str
    time_ms: int | None = None


@dataclass(frozen=True)
class SourceInfo:
    id: int
    guid: str
    name: str
    kind: str
    characters: int
    sha256: str
    original_filename: str | None
    imported_at: datetime | None
    speakers: tuple[str, ...]
    turns: int
    case_ids: tuple[int, ...]
    codings: int
    encoding: str | None = None
    """What the file was read as (``utf-8``, ``cp1252``…); None for documents."""


@dataclass(frozen=True)
class CodeInfo:
    id: int
    guid: str
    parent_id: int | None
    name: str
    colour: str
    description: str
    codable: bool
    position: int
    path: str
    count: int
    """Codings of this code itself (not of its children)."""
    version: int = 1
    """The version shown; an edit passes it so that a stale one is refused (``versions``)."""


@dataclass(frozen=True)
class CodingInfo:
    id: int
    guid: str
    source_id: int
    code_id: int
    start: int
    end: int
    coder_id: int
    coder: str
    memo: str | None
    exemplar: bool
    created_at: datetime | None


@dataclass(frozen=True)
class SegmentInfo:
    """A coded passage as retrieval and exports show it."""

    coding_id: int
    guid: str
    source: str
    source_id: int
    code: str
    code_id: int
    coder: str
    start: int
    end: int
    text: str
    memo: str | None
    exemplar: bool
    cases: tuple[str, ...]
    speaker: str | None
    before: str = ""
    """Up to the requested context of text before the passage (within its paragraph)."""
    after: str = ""
    code_name: str = ""
    """The code's own name, whole (a name may hold "/", so the path's last part is not it)."""


@dataclass(frozen=True)
class CaseInfo:
    id: int
    guid: str
    name: str
    description: str
    source_ids: tuple[int, ...]
    attributes: tuple[tuple[str, str], ...]
    """(attribute name, value) pairs, sorted by name."""
    version: int = 1

    def attribute(self, name: str) -> str | None:
        return dict(self.attributes).get(name)


@dataclass(frozen=True)
class AttributeInfo:
    id: int
    guid: str
    name: str
    value_type: str
    applies_to: str


@dataclass(frozen=True)
class MemoInfo:
    id: int
    guid: str
    text: str
    coder: str
    created_at: datetime | None
    source_id: int | None
    code_id: int | None
    case_id: int | None
    version: int = 1
