"""The ingest engine: adds another project's rows to this one and records what it added.

Both a merge (:mod:`qcoder.core.team.merge`) and a REFI-QDA import (:mod:`qcoder.io.refi_qda.store`)
go through it: they read what is here through it (plain tuples, for :class:`~.matching.Matcher`),
decide what is new, and hand it over as :mod:`.incoming` values. The engine writes them — single
rows through the ORM where the caller needs the new id at once, the many small rows (texts,
turns, codings, values, memos, links) in bulk — and keeps :class:`~.added.AddedRows` for undo.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.orm import Session

from qcoder.core.ingest.added import AddedRows
from qcoder.core.ingest.here import AttributeHere, CaseHere, CodeHere, CoderHere, SourceHere
from qcoder.core.ingest.incoming import (
    IncomingCoding,
    IncomingMemo,
    IncomingQuery,
    IncomingResolution,
    IncomingSource,
    IncomingValue,
)
from qcoder.core.store.bulk_rows import insert_rows
from qcoder.core.store.models import (
    Attribute,
    AttributeValue,
    Case,
    Code,
    Coder,
    Coding,
    Memo,
    Resolution,
    SavedQuery,
    Source,
    SourceMedia,
    SourceText,
    SpeakerTurn,
    case_sources,
)
from qcoder.core.usecases.commands.coders import ensure_coder

BULK_CACHE_KIB = 65536
CODINGS: Table = Coding.__table__
CODES: Table = Code.__table__
_CODING_COLUMNS = ("guid", "source_id", "code_id", "start", "end", "coder_id", "created_at", "memo", "exemplar")


class Ingest:
    """One ingest into ``session`` (within the caller's transaction)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._guids: dict[str, list[str]] = {}
        self._values: list[tuple[int, int | None, int | None]] = []
        self._links: list[tuple[int, int]] = []

    # -- what is here ---------------------------------------------------------------------

    def coder_rows(self) -> list[CoderHere]:
        return [CoderHere(*row) for row in self.session.execute(select(Coder.id, Coder.guid, Coder.name))]

    def case_rows(self) -> list[CaseHere]:
        return [CaseHere(*row) for row in self.session.execute(select(Case.id, Case.guid, Case.name, Case.description))]

    def attribute_rows(self) -> list[AttributeHere]:
        rows = self.session.execute(
            select(Attribute.id, Attribute.guid, Attribute.name, Attribute.value_type, Attribute.applies_to))
        return [AttributeHere(*row) for row in rows]

    def code_rows(self) -> list[CodeHere]:
        rows = self.session.execute(select(
            Code.id, Code.guid, Code.parent_id, Code.name, Code.colour, Code.description, Code.is_codable,
            Code.position))
        return [CodeHere(*row) for row in rows]

    def code_kinds(self) -> dict[int, bool]:
        """Code id → whether it takes passages."""
        return dict(self.session.execute(select(Code.id, Code.is_codable)).all())

    def source_rows(self) -> list[SourceHere]:
        """Every source here, by id."""
        rows = self.session.execute(select(Source.id, Source.guid, Source.name, Source.sha256).order_by(Source.id))
        return [SourceHere(*row) for row in rows]

    def source_names(self) -> set[str]:
        return set(self.session.execute(select(Source.name)).scalars())

    def source_lengths(self) -> dict[int, int]:
        return dict(self.session.execute(select(Source.id, Source.characters)).all())

    def coding_guids(self, *, fold_case: bool = True) -> set[str]:
        """The GUIDs of every coding here, lower case unless not ``fold_case`` (plain rows: there
        may be 100,000)."""
        guids = self.session.connection().execute(select(Coding.guid)).scalars()
        return {g.lower() for g in guids} if fold_case else set(guids)

    def coding_contents(self) -> dict[str, tuple[int, int, int, int, int]]:
        """Coding GUID → (source id, code id, start, end, coder id) (plain rows)."""
        rows = self.session.connection().execute(
            select(Coding.guid, Coding.source_id, Coding.code_id, Coding.start, Coding.end, Coding.coder_id))
        return {guid: (source_id, code_id, start, end, coder_id)
                for guid, source_id, code_id, start, end, coder_id in rows}

    def memo_guids(self, *, fold_case: bool = True) -> set[str]:
        guids = self.session.execute(select(Memo.guid)).scalars()
        return {g.lower() for g in guids} if fold_case else set(guids)

    def memo_contents(self) -> dict[str, tuple[str, int, int | None, int | None, int | None]]:
        """Memo GUID → (text, coder id, source id, code id, case id)."""
        rows = self.session.execute(
            select(Memo.guid, Memo.text, Memo.coder_id, Memo.source_id, Memo.code_id, Memo.case_id))
        return {guid: (text, coder_id, source_id, code_id, case_id)
                for guid, text, coder_id, source_id, code_id, case_id in rows}

    def values_here(self) -> dict[tuple[int, int | None, int | None], str]:
        """(attribute id, case id, source id) → the value."""
        rows = self.session.execute(select(
            AttributeValue.attribute_id, AttributeValue.case_id, AttributeValue.source_id, AttributeValue.value))
        return {(a, c, s): v for a, c, s, v in rows}

    def links(self) -> set[tuple[int, int]]:
        rows = self.session.execute(select(case_sources.c.case_id, case_sources.c.source_id))
        return {(c, s) for c, s in rows}

    # -- adding -----------------------------------------------------------------------------

    def _record(self, table: str, guids: Sequence[str]) -> None:
        self._guids.setdefault(table, []).extend(guids)

    def _add(self, table: str, row: Any) -> int:
        """Insert one model row (every table the engine adds to has ``id`` and ``guid``)."""
        self.session.add(row)
        self.session.flush()
        self._record(table, [row.guid])
        return int(row.id)

    def importing_coder(self, name: str) -> int:
        """The coder doing the ingest (found by name, or created): credited with work that names no one."""
        return ensure_coder(self.session, name)

    def add_coder(self, guid: str, name: str, colour: str) -> int:
        return self._add("coders", Coder(guid=guid, name=name, colour=colour))

    def add_code(self, guid: str, parent_id: int | None, name: str, colour: str, description: str,
                 is_codable: bool, position: int) -> int:
        return self._add("codes", Code(guid=guid, parent_id=parent_id, name=name, colour=colour,
                                       description=description, is_codable=is_codable, position=position))

    def make_codable(self, code_id: int) -> None:
        """A code this ingest added as a group turns out to carry passages: it takes them."""
        self.session.execute(update(CODES).where(CODES.c.id == code_id).values(is_codable=True))

    def add_case(self, guid: str, name: str, description: str) -> int:
        return self._add("cases", Case(guid=guid, name=name, description=description))

    def add_attribute(self, guid: str, name: str, value_type: str, applies_to: str) -> int:
        return self._add("attributes", Attribute(guid=guid, name=name, value_type=value_type, applies_to=applies_to))

    def add_sources(self, sources: Sequence[IncomingSource]) -> list[int]:
        """The sources with their texts, speaker turns and recordings; their new ids, in order."""
        if not sources:
            return []
        rows = [
            Source(guid=s.guid, name=s.name, kind=s.kind, imported_at=s.imported_at, imported_by_id=s.imported_by_id,
                   original_filename=s.original_filename, sha256=s.sha256, characters=len(s.text), encoding=s.encoding)
            for s in sources
        ]
        self.session.add_all(rows)
        self.session.flush()
        ids = [row.id for row in rows]
        pairs = list(zip(ids, sources, strict=True))
        self.session.execute(insert(SourceText), [{"source_id": i, "text": s.text} for i, s in pairs])
        turns = [
            {"source_id": i, "start": t.start, "end": t.end, "speaker": t.speaker, "time_ms": t.time_ms}
            for i, s in pairs for t in s.turns
        ]
        if turns:
            self.session.execute(insert(SpeakerTurn), turns)
        media = [
            {"source_id": i, "guid": r.guid, "path": r.path, "kind": r.kind, "duration_ms": r.duration_ms,
             "data": r.data}
            for i, s in pairs if (r := s.recording) is not None
        ]
        if media:
            self.session.execute(insert(SourceMedia), media)
        self._record("sources", [s.guid for s in sources])
        return ids

    def add_codings(self, codings: Sequence[IncomingCoding], *, want_ids: bool = False) -> list[int]:
        """One executemany — on SQLite straight through the driver, with the values in the form
        SQLAlchemy stores them (a third less time for 100,000 rows). With ``want_ids``, the new
        rows' ids: those above the largest id before (the transaction holds SQLite's write lock)."""
        if not codings:
            return []
        before = (self.session.scalar(select(func.max(Coding.id))) or 0) if want_ids else 0
        if self.session.get_bind().dialect.name != "sqlite":
            self.session.execute(CODINGS.insert(), [c._asdict() for c in codings])
        else:
            stamp = _Stamps()
            insert_rows(self.session.connection(), CODINGS, _CODING_COLUMNS, [
                (c.guid, c.source_id, c.code_id, c.start, c.end, c.coder_id, stamp(c.created_at), c.memo,
                 None if c.exemplar is None else 1 if c.exemplar else 0)
                for c in codings
            ])
        self._record("codings", [c.guid for c in codings])
        if not want_ids:
            return []
        return list(self.session.execute(
            select(Coding.id).where(Coding.id > before).order_by(Coding.id)).scalars())

    def add_memo(self, memo: IncomingMemo) -> int:
        return self._add("memos", Memo(
            guid=memo.guid, text=memo.text, coder_id=memo.coder_id, created_at=memo.created_at,
            source_id=memo.source_id, code_id=memo.code_id, case_id=memo.case_id))

    def add_memos(self, memos: Sequence[IncomingMemo]) -> None:
        if not memos:
            return
        self.session.execute(insert(Memo), [
            {"guid": m.guid, "text": m.text, "coder_id": m.coder_id, "created_at": m.created_at,
             "source_id": m.source_id, "code_id": m.code_id, "case_id": m.case_id}
            for m in memos
        ])
        self._record("memos", [m.guid for m in memos])

    def add_value(self, value: IncomingValue) -> int:
        row = AttributeValue(attribute_id=value.attribute_id, case_id=value.case_id, source_id=value.source_id,
                             value=value.value)
        self.session.add(row)
        self.session.flush()
        self._values.append((value.attribute_id, value.case_id, value.source_id))
        return row.id

    def add_values(self, values: Sequence[IncomingValue]) -> None:
        if not values:
            return
        self.session.execute(insert(AttributeValue), [v._asdict() for v in values])
        self._values.extend((v.attribute_id, v.case_id, v.source_id) for v in values)

    def add_links(self, links: Sequence[tuple[int, int]]) -> None:
        """Case links, as (case id, source id)."""
        if not links:
            return
        self.session.execute(case_sources.insert(), [{"case_id": c, "source_id": s} for c, s in links])
        self._links.extend(links)

    def add_resolution(self, resolution: IncomingResolution) -> int:
        r = resolution
        return self._add("resolutions", Resolution(
            guid=r.guid, source_id=r.source_id, code_id=r.code_id, start=r.start, end=r.end, action=r.action,
            accepted_coder_id=r.accepted_coder_id, coders=r.coders, resolved_by_id=r.resolved_by_id,
            created_at=r.created_at, note=r.note))

    def add_query(self, query: IncomingQuery) -> int:
        q = query
        return self._add("saved_queries", SavedQuery(
            guid=q.guid, name=q.name, expression=q.expression, description=q.description, coder_id=q.coder_id,
            created_at=q.created_at))

    # -- the whole of it --------------------------------------------------------------------

    def added(self) -> AddedRows:
        """Everything this ingest added so far, for undo."""
        return AddedRows(
            tuple((table, tuple(guids)) for table, guids in self._guids.items()),
            tuple(self._values), tuple(self._links),
        )

    @contextmanager
    def bulk_cache(self) -> Iterator[None]:
        """Give SQLite pages to work in while 100,000 GUIDs go into a unique index in random order."""
        if self.session.get_bind().dialect.name != "sqlite":
            yield
            return
        dbapi = self.session.connection().connection.dbapi_connection
        previous = dbapi.execute("PRAGMA cache_size").fetchone()[0]  # type: ignore[union-attr]
        dbapi.execute(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")  # type: ignore[union-attr]
        try:
            yield
        finally:
            dbapi.execute(f"PRAGMA cache_size={int(previous)}")  # type: ignore[union-attr]


class _Stamps:
    """SQLAlchemy's SQLite DATETIME storage format, in UTC; each moment formatted once."""

    def __init__(self) -> None:
        self.texts: dict[datetime, str] = {}

    def __call__(self, moment: datetime | None) -> str | None:
        if moment is None:
            return None
        text = self.texts.get(moment)
        if text is None:
            utc = moment.astimezone(UTC) if moment.tzinfo else moment
            text = self.texts[moment] = utc.strftime("%Y-%m-%d %H:%M:%S.%f")
        return text
