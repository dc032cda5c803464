"""The rows of this project that incoming coders, codes, attributes and cases are matched against.

Plain tuples (read by :class:`~qcoder.core.ingest.engine.Ingest`), so that the outcome of a match
can hand the caller the row it found — a merge compares its fields, an import reads its kind.
"""

from __future__ import annotations

from typing import NamedTuple


class CoderHere(NamedTuple):
    id: int
    guid: str
    name: str


class CodeHere(NamedTuple):
    id: int
    guid: str
    parent_id: int | None
    name: str
    colour: str
    description: str
    is_codable: bool
    position: int


class CaseHere(NamedTuple):
    id: int
    guid: str
    name: str
    description: str


class AttributeHere(NamedTuple):
    id: int
    guid: str
    name: str
    value_type: str
    applies_to: str


class SourceHere(NamedTuple):
    id: int
    guid: str
    name: str
    sha256: str
