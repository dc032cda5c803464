"""Adding many sources in one transaction, fast: the import path for a batch of transcripts.

:func:`qcoder.core.usecases.commands.sources.add_source` is right for one source; a batch of 200 spends
most of its time in per-source ORM work and per-source look-ups of names and hashes. A
:class:`SourceBatch` reads the taken names and the known hashes once, inserts with Core
statements (the sources' GUIDs and timestamps come from the same column defaults) and the
speaker turns with one ``executemany`` — for a whole batch, three statements. A batch runs in a
SAVEPOINT; if the database refuses any of it, each source is retried in a SAVEPOINT of its own,
so a source that fails leaves nothing behind and the others go in.

On SQLite the rows go in as ``INSERT … VALUES (…), (…), …`` of up to 2,000 rows: faster than a
statement per row, and the driver lets other threads run while a statement runs — a statement
per row (46,000 turns) handed the interpreter back and forth per row, and an importer reading the
next files on another thread made each hand-back wait its turn.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter

from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from qcoder.core.errors import InvalidNameError, QcoderError, error_reason
from qcoder.core.ingest.names import unique_name
from qcoder.core.snapshots import TurnInfo
from qcoder.core.store.bulk_rows import insert_rows
from qcoder.core.store.guids import new_guid
from qcoder.core.store.models import Source, SourceText, SpeakerTurn, utc_now
from qcoder.core.usecases.queries.sources import check_canonical_text, text_sha256


@dataclass(frozen=True)
class AddedSource:
    id: int
    name: str
    """The name given, made unique (``Interview 3 (2)``) if it was taken."""
    duplicate_of: tuple[str, ...]
    """Sources (already in the project, or earlier in this batch) with exactly the same text."""


class SourceBatch:
    """Adds sources within the caller's transaction; one instance per transaction."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._names: set[str] = set()
        self._by_hash: dict[str, list[str]] = {}
        for name, sha256 in session.execute(select(Source.name, Source.sha256)):
            self._names.add(name)
            self._by_hash.setdefault(sha256, []).append(name)

    def unique_name(self, wanted: str) -> str:
        """``wanted``, or ``wanted (2)``, ``wanted (3)``… if that name is taken."""
        return unique_name(wanted.strip(), self._names)

    def add(
        self,
        name: str,
        text: str,
        *,
        turns: Sequence[TurnInfo] = (),
        kind: str = "text",
        original_filename: str | None = None,
        imported_by_id: int | None = None,
        encoding: str | None = None,
    ) -> AddedSource:
        """Store one source (its name made unique) with its turns, all or nothing."""
        result = self.add_many([
            NewSource(name, text, tuple(turns), kind, original_filename, imported_by_id, encoding)
        ])[0]
        if isinstance(result, Exception):
            raise result
        return result

    def add_many(self, sources: Sequence[NewSource]) -> list[AddedSource | QcoderError]:
        """Store many sources; for each, what was stored or why it could not be.

        The fast path inserts all of them with three statements in one SAVEPOINT. If the
        database refuses anything, that SAVEPOINT is rolled back and each source is stored in its
        own, so only the sources at fault fail.
        """
        results: list[AddedSource | QcoderError | None] = [None] * len(sources)
        prepared: list[tuple[int, _Prepared]] = []
        for index, source in enumerate(sources):
            try:
                prepared.append((index, self._prepare(source)))
            except QcoderError as error:
                results[index] = error
        if prepared:
            try:
                self._insert([item for _index, item in prepared])
            except SQLAlchemyError:
                for index, item in prepared:
                    try:
                        self._insert([item])
                    except SQLAlchemyError as error:
                        results[index] = QcoderError(error_reason(error))
                    else:
                        results[index] = item.added()
            else:
                for index, item in prepared:
                    results[index] = item.added()
        return [result for result in results if result is not None]

    def _prepare(self, source: NewSource) -> _Prepared:
        if not source.name.strip():
            raise InvalidNameError("a source needs a name")
        check_canonical_text(source.text)
        length = len(source.text)
        for turn in source.turns:
            if not 0 <= turn.start <= turn.end <= length:
                raise QcoderError(f"speaker turn [{turn.start}, {turn.end}) lies outside the text")
        name = self.unique_name(source.name)
        sha256 = source.sha256 or text_sha256(source.text)
        duplicates = tuple(self._by_hash.get(sha256, ()))
        self._names.add(name)
        self._by_hash.setdefault(sha256, []).append(name)
        return _Prepared(source, name, sha256, duplicates)

    def _insert(self, items: list[_Prepared]) -> None:
        """Insert sources, texts and turns in one SAVEPOINT; sets each item's id."""
        connection = self._session.connection()
        if connection.dialect.name == "sqlite":
            with connection.begin_nested():
                _insert_sqlite(connection, items)
            return
        sources, texts, turns = Source.__table__, SourceText.__table__, SpeakerTurn.__table__
        with connection.begin_nested():
            ids = connection.execute(
                insert(sources).returning(sources.c.id, sort_by_parameter_order=True),
                [
                    {"name": item.name, "kind": item.source.kind, "original_filename": item.source.original_filename,
                     "imported_by_id": item.source.imported_by_id, "sha256": item.sha256,
                     "characters": len(item.source.text), "encoding": item.source.encoding}
                    for item in items
                ],
            ).scalars().all()
            for item, source_id in zip(items, ids):
                item.id = source_id
            connection.execute(insert(texts), [{"source_id": item.id, "text": item.source.text} for item in items])
            insert_rows(
                connection, turns, ("source_id", "start", "end", "speaker", "time_ms"),
                [(item.id, t.start, t.end, t.speaker, t.time_ms) for item in items for t in item.source.turns],
            )


_SOURCE_COLUMNS = ("id", "guid", "name", "kind", "imported_at", "imported_by_id", "original_filename", "sha256",
                   "characters", "encoding")
_TURN_COLUMNS = ("source_id", "start", "end", "speaker", "time_ms")
_turn_values = attrgetter("start", "end", "speaker", "time_ms")
_ROWS_PER_STATEMENT = 2_000
_BOUND_VALUES = 32_766 if sqlite3.sqlite_version_info >= (3, 32) else 999
"""SQLite's limit on the values bound to one statement."""


def _insert_sqlite(connection: Connection, items: list[_Prepared]) -> None:
    """The sources (ids following the largest, as SQLite gives them), their texts and all their
    turns, a statement per 2,000 rows; the caller's SAVEPOINT around them."""
    first = connection.exec_driver_sql("SELECT coalesce(max(id), 0) + 1 FROM sources").scalar_one()
    for offset, item in enumerate(items):
        item.id = first + offset
    stamp = Source.__table__.c.imported_at.type.dialect_impl(connection.dialect).bind_processor(connection.dialect)
    assert stamp is not None  # SQLite stores times as text
    _insert_values(connection, "sources", _SOURCE_COLUMNS, [
        (item.id, new_guid(), item.name, item.source.kind, stamp(utc_now()), item.source.imported_by_id,
         item.source.original_filename, item.sha256, len(item.source.text), item.source.encoding)
        for item in items
    ])
    _insert_values(connection, "source_texts", ("source_id", "text"), [(item.id, item.source.text) for item in items])
    _insert_values(connection, "speaker_turns", _TURN_COLUMNS, [
        (item.id, *_turn_values(turn)) for item in items for turn in item.source.turns
    ])


def _insert_values(connection: Connection, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
    """``INSERT … VALUES (…), (…), …``: many rows per statement, within SQLite's limit."""
    names = ", ".join(f'"{name}"' for name in columns)
    row = "(" + ", ".join("?" * len(columns)) + ")"
    size = min(_ROWS_PER_STATEMENT, _BOUND_VALUES // len(columns))
    for at in range(0, len(rows), size):
        part = rows[at:at + size]
        connection.exec_driver_sql(f'INSERT INTO "{table}" ({names}) VALUES {", ".join([row] * len(part))}',
                                   tuple(chain.from_iterable(part)))


@dataclass(frozen=True)
class NewSource:
    """One source to add: what an importer read from a file."""

    name: str
    text: str
    turns: Sequence[TurnInfo] = ()
    kind: str = "text"
    original_filename: str | None = None
    imported_by_id: int | None = None
    encoding: str | None = None
    """What the file was read as, for a text file."""
    sha256: str | None = None
    """The text's hash if the caller has it (an importer hashes while it reads)."""


@dataclass
class _Prepared:
    source: NewSource
    name: str
    sha256: str
    duplicates: tuple[str, ...]
    id: int | None = None

    def added(self) -> AddedSource:
        assert self.id is not None
        return AddedSource(self.id, self.name, self.duplicates)

