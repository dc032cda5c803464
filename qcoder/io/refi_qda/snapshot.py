"""Everything a QDPX export writes, read from the project in a few plain queries
(:mod:`qcoder.core.store.exchange_rows`) and put in the shapes the writer takes.

Rows are plain tuples rather than ORM objects: an export of 100,000 codings must stay quick.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from qcoder.core.media_paths import resolve_media_path
from qcoder.core.sessions import Session
from qcoder.core.snapshots import CodeInfo
from qcoder.core.store import exchange_rows as rows
from qcoder.core.usecases.queries.code_tree import list_codes
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
    coding_guids: dict[str, str] = field(default_factory=dict)
    """A coding's GUID → the GUID of the ``Coding`` inside its selection, once worked out
    (:func:`~qcoder.io.refi_qda.export_checks.make_sound`); the writer works out any missing."""


def xsd_datetime(value: object) -> str | None:
    """A stored timestamp as ``xsd:dateTime`` in UTC, e.g. ``2026-11-26T07:14:04Z``."""
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = str(value)
    if _STORED.match(text):
        return f"{text[:10]}T{text[11:19]}Z"
    return None


def read_project_data(session: Session, name: str, project_file: Path | None = None) -> ProjectData:
    """What an export writes; ``project_file`` locates recordings linked relative to it."""
    data = ProjectData(name=name)
    data.coders = {cid: (guid, cname) for cid, guid, cname in rows.coder_rows(session)}
    data.codes = list_codes(session)
    data.sources = [
        SourceRow(sid, guid, sname, by, xsd_datetime(at)) for sid, guid, sname, by, at in rows.source_rows(session)
    ]
    data.texts = rows.source_texts(session)
    moments: dict[object, str | None] = {}  # by the second: codings made together share theirs
    codings = data.codings
    for source_id, guid, code_id, start, end, coder_id, created, memo, exemplar in rows.coding_rows(session):
        second = created[:19] if isinstance(created, str) else created  # all xsd_datetime looks at
        if second in moments:
            moment = moments[second]
        else:
            moment = moments[second] = xsd_datetime(created)
        codings[source_id].append(CodingRow(guid, code_id, start, end, coder_id, moment, memo, bool(exemplar)))
    data.cases = rows.case_rows(session)
    for case_id, source_id in rows.case_links(session):
        data.case_sources[case_id].append(source_id)
    data.attributes = {
        aid: (guid, aname, vtype, applies) for aid, guid, aname, vtype, applies in rows.attribute_rows(session)
    }
    for attribute_id, of_case, of_source, value in rows.value_rows(session):
        if of_case is not None:
            data.case_values[of_case].append((attribute_id, value))
        elif of_source is not None:
            data.source_values[of_source].append((attribute_id, value))
    data.memos = [
        MemoRow(guid, text, coder_id, xsd_datetime(at), source_id, code_id, case_id)
        for guid, text, coder_id, at, source_id, code_id, case_id in rows.memo_rows(session)
    ]
    data.speaker_turns = rows.speaker_turn_count(session)
    for source_id, guid, kind, stored, embedded in rows.recording_rows(session):
        found = resolve_media_path(project_file, stored)
        data.recordings[source_id] = RecordingRow(guid, kind, stored, found if found.is_file() else None, embedded)
    if data.recordings:
        for source_id, start, time_ms in rows.timed_turns(session, data.recordings):
            data.turn_times[source_id].append((start, time_ms))
    return data
