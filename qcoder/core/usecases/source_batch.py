"""Adding many sources in one transaction, fast: the import path for a batch of transcripts.

:func:`qcoder.core.usecases.sources.add_source` is right for one source; a batch of 200 spends
most of its time in per-source ORM work and per-source look-ups of names and hashes. A
:class:`SourceBatch` reads the taken names and the known hashes once, inserts with Core
statements (the sources' GUIDs and timestamps come from the same column defaults) and the
speaker turns with one ``executemany`` per source. Each :meth:`SourceBatch.add` runs in a
SAVEPOINT, so a source that fails leaves nothing behind and the batch goes on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from qcoder.core.cascade import CascadeSnapshot, delete_with_snapshot
from qcoder.core.changes import Changes
from qcoder.core.errors import InvalidNameError, NotFoundError, QcoderError
from qcoder.core.models import Source, SourceText, SpeakerTurn
from qcoder.core.snapshots import TurnInfo
from qcoder.core.usecases.sources import check_canonical_text, text_sha256


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
        wanted = wanted.strip()
        if wanted not in self._names:
            return wanted
        number = 2
        while f"{wanted} ({number})" in self._names:
            number += 1
        return f"{wanted} ({number})"

    def add(
        self,
        name: str,
        text: str,
        *,
        turns: Sequence[TurnInfo] = (),
        kind: str = "text",
        original_filename: str | None = None,
        imported_by_id: int | None = None,
    ) -> AddedSource:
        """Store one source (its name made unique) with its turns, all or nothing."""
        if not name.strip():
            raise InvalidNameError("a source needs a name")
        check_canonical_text(text)
        length = len(text)
        for turn in turns:
            if not 0 <= turn.start <= turn.end <= length:
                raise QcoderError(f"speaker turn [{turn.start}, {turn.end}) lies outside the text")
        name = self.unique_name(name)
        sha256 = text_sha256(text)
        connection = self._session.connection()
        with connection.begin_nested():
            source_id = connection.execute(
                insert(Source.__table__).values(
                    name=name, kind=kind, original_filename=original_filename,
                    imported_by_id=imported_by_id, sha256=sha256, characters=length,
                )
            ).inserted_primary_key[0]
            connection.execute(insert(SourceText.__table__).values(source_id=source_id, text=text))
            if turns:
                connection.execute(
                    insert(SpeakerTurn.__table__),
                    [
                        {"source_id": source_id, "start": t.start, "end": t.end, "speaker": t.speaker,
                         "time_ms": t.time_ms}
                        for t in turns
                    ],
                )
        duplicates = tuple(self._by_hash.get(sha256, ()))
        self._names.add(name)
        self._by_hash.setdefault(sha256, []).append(name)
        return AddedSource(source_id, name, duplicates)


def remove_sources(session: Session, source_ids: Sequence[int]) -> tuple[Changes, CascadeSnapshot]:
    """Delete several sources with everything of theirs, in one go (undoing an import).

    :func:`qcoder.core.usecases.deletions.restore_deleted` puts them back with the same ids.
    """
    ids = sorted(set(source_ids))
    found = set(session.execute(select(Source.id).where(Source.id.in_(ids))).scalars()) if ids else set()
    if len(found) != len(ids):
        raise NotFoundError(f"no source with id {min(set(ids) - found)}")
    snapshot = delete_with_snapshot(session, Source.__table__, [(source_id,) for source_id in ids])
    return Changes(sources=frozenset(ids), cases=snapshot.column_values("case_sources", "case_id"),
                   codings=snapshot.ids("codings")), snapshot
