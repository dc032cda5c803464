"""The neutral values an ingest takes: rows of another project, already mapped onto this one's ids.

They name no file format and hold no ORM object. The many small rows (speaker turns, codings,
attribute values) are named tuples: a REFI-QDA file brings 100,000 codings, and a tuple is made
several times faster than a frozen dataclass while being just as immutable and typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple


class IncomingTurn(NamedTuple):
    start: int
    end: int
    speaker: str
    time_ms: int | None = None


@dataclass(frozen=True)
class IncomingRecording:
    """The link of a transcript to its recording (``path`` as the project stores it)."""

    guid: str
    path: str
    kind: str
    duration_ms: int | None = None
    data: bytes | None = None


@dataclass(frozen=True)
class IncomingSource:
    guid: str
    name: str
    text: str
    sha256: str
    kind: str = "text"
    imported_at: datetime | None = None
    imported_by_id: int | None = None
    original_filename: str | None = None
    encoding: str | None = None
    turns: tuple[IncomingTurn, ...] = ()
    recording: IncomingRecording | None = None


class IncomingCoding(NamedTuple):
    guid: str
    source_id: int
    code_id: int
    start: int
    end: int
    coder_id: int
    created_at: datetime | None
    memo: str | None = None
    exemplar: bool | None = False


@dataclass(frozen=True)
class IncomingMemo:
    guid: str
    text: str
    coder_id: int
    created_at: datetime | None = None
    source_id: int | None = None
    code_id: int | None = None
    case_id: int | None = None


class IncomingValue(NamedTuple):
    attribute_id: int
    case_id: int | None
    source_id: int | None
    value: str


@dataclass(frozen=True)
class IncomingResolution:
    guid: str
    source_id: int
    code_id: int
    start: int
    end: int
    action: str
    accepted_coder_id: int | None
    coders: str
    resolved_by_id: int
    created_at: datetime | None
    note: str | None


@dataclass(frozen=True)
class IncomingQuery:
    guid: str
    name: str
    expression: str
    description: str | None
    coder_id: int | None
    created_at: datetime | None
