"""Everything a QDPX export writes, read from the project in a few plain queries.

Rows are plain tuples rather than ORM objects: an export of 100,000 codings must stay quick.
"""

from __future__ import annotations

import re
from pathlib import Path
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import NamedTuple

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session

from qcoder.core.models import (
    Attribute,
    AttributeValue,
    Case,
    Coder,
    Coding,
    Memo,
    Source,
    SourceMedia,
    SourceText,
    SpeakerTurn,
    case_sources,
)
from qcoder.core.media_paths import resolve_media_path
from qcoder.core.snapshots import CodeInfo
from qcoder.core.usecases.code_tree import list_codes
from qcoder.io.refi_qda.recordings import RecordingRow

_STORED = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}")


class CodingRow(NamedTuple):
    guid: str
    code_id: int
    start: int
    end: int
    coder_id: int
    created_at: str | None
    memo: str | None
    exemplar: bool


@dataclass(frozen=True)
class SourceRow:
    id: int
    guid: str
    name: str
    imported_by_id: int | None
    imported_at: str | None


@dataclass(frozen=True)
class MemoRow:
    guid: str
    text: str
    coder_id: int
    created_at: str | None
    source_id: int | None
    code_id: int | None
    case_id: int | None


@dataclass
class ProjectData:
    name: str
    coders: dict[int, tuple[str, str]] = field(default_factory=dict)
    """coder id → (guid, name)"""
    codes: list[CodeInfo] = field(default_factory=list)
    sources: list[SourceRow] = field(default_factory=list)
    texts: dict[int, str] = field(default_factory=dict)
    codings: dict[int, list[CodingRow]] = field(default_factory=lambda: defaultdict(list))
    cases: list[tuple[int, str, str, str]] = field(default_factory=list)
    """(id, guid, name, description)"""
    case_sources: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    attributes: dict[int, tuple[str, str, str, str]] = field(default_factory=dict)
    """attribute id → (guid, name, value type, applies to)"""
    case_values: dict[int, list[tuple[int, str]]] = field(default_factory=lambda: defaultdict(list))
    source_values: dict[int, list[tuple[int, str]]] = field(default_factory=lambda: defaultdict(list))
    memos: list[MemoRow] = field(default_factory=list)
    speaker_turns: int = 0
    recordings: dict[int, RecordingRow] = field(default_factory=dict)
    """source id → its linked recording"""
    turn_times: dict[int, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    """source id → (turn start, ms) of its timed turns, for the sources with a recording"""


def xsd_datetime(value: object) -> str | None:
    """A stored timestamp as ``xsd:dateTime`` in UTC, e.g. ``2026-11-26T07:14:04Z``."""
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = str(value)
    if _STORED.match(text):
        return f"{text[:10]}T{text[11:19]}Z"
    return None


def _raw(column):
    """The stored value as it is (no per-row datetime parsing: it is formatted straight to XML)."""
    return type_coerce(column, String)


def read_project_data(session: Session, name: str, project_file: Path | None = None) -> ProjectData:
    """What an export writes; ``project_file`` locates recordings linked relative to it."""
    data = ProjectData(name=name)
    data.coders = {cid: (guid, cname) for cid, guid, cname in session.execute(select(Coder.id, Coder.guid, Coder.name))}
    data.codes = list_codes(session)
    data.sources = [
        SourceRow(sid, guid, sname, by, xsd_datetime(at))
        for sid, guid, sname, by, at in session.execute(
            select(Source.id, Source.guid, Source.name, Source.imported_by_id, _raw(Source.imported_at))
            .order_by(Source.name, Source.id)
        )
    ]
    data.texts = dict(session.execute(select(SourceText.source_id, SourceText.text)).all())
    for row in session.execute(
        select(
            Coding.source_id, Coding.guid, Coding.code_id, Coding.start, Coding.end, Coding.coder_id,
            _raw(Coding.created_at), Coding.memo, Coding.exemplar,
        ).order_by(Coding.source_id, Coding.start, Coding.end, Coding.id)
    ):
        data.codings[row[0]].append(
            CodingRow(row[1], row[2], row[3], row[4], row[5], xsd_datetime(row[6]), row[7], bool(row[8]))
        )
    data.cases = [tuple(row) for row in session.execute(select(Case.id, Case.guid, Case.name, Case.description).order_by(Case.name))]  # type: ignore[misc]  # rows of four columns
    for case_id, source_id in session.execute(
        select(case_sources.c.case_id, case_sources.c.source_id).order_by(case_sources.c.source_id)
    ):
        data.case_sources[case_id].append(source_id)
    data.attributes = {
        aid: (guid, aname, vtype, applies)
        for aid, guid, aname, vtype, applies in session.execute(
            select(Attribute.id, Attribute.guid, Attribute.name, Attribute.value_type, Attribute.applies_to)
            .order_by(Attribute.applies_to, Attribute.name)
        )
    }
    for attribute_id, case_id, source_id, value in session.execute(
        select(AttributeValue.attribute_id, AttributeValue.case_id, AttributeValue.source_id, AttributeValue.value)
        .order_by(AttributeValue.attribute_id)
    ):
        if case_id is not None:
            data.case_values[case_id].append((attribute_id, value))
        elif source_id is not None:
            data.source_values[source_id].append((attribute_id, value))
    data.memos = [
        MemoRow(guid, text, coder_id, xsd_datetime(at), source_id, code_id, case_id)
        for guid, text, coder_id, at, source_id, code_id, case_id in session.execute(
            select(Memo.guid, Memo.text, Memo.coder_id, _raw(Memo.created_at), Memo.source_id, Memo.code_id, Memo.case_id)
            .order_by(Memo.created_at, Memo.id)
        )
    ]
    data.speaker_turns = session.scalar(select(func.count()).select_from(SpeakerTurn)) or 0
    for source_id, guid, kind, stored, embedded in session.execute(
        select(SourceMedia.source_id, SourceMedia.guid, SourceMedia.kind, SourceMedia.path, SourceMedia.data.is_not(None))
    ):
        found = resolve_media_path(project_file, stored)
        data.recordings[source_id] = RecordingRow(guid, kind, stored, found if found.is_file() else None, embedded)
    if data.recordings:
        for source_id, start, time_ms in session.execute(
            select(SpeakerTurn.source_id, SpeakerTurn.start, SpeakerTurn.time_ms)
            .where(SpeakerTurn.time_ms.is_not(None), SpeakerTurn.source_id.in_(list(data.recordings)))
            .order_by(SpeakerTurn.source_id, SpeakerTurn.start)
        ):
            data.turn_times[source_id].append((start, time_ms))
    return data
