"""Reading a source's file again in another encoding, keeping everything that still fits.

A text is immutable after import (positions count into it), so the source is not edited: it is
replaced, in one transaction, by itself with the new text — the same id, GUID, name, cases,
memos and attribute values, new speaker turns, and its codings as long as the text keeps its
length (a file re-read in another single-byte code page turns ``Yorłbį`` into ``Yorùbá``
character for character, so every passage stays where it was). A new text of another length
would move the passages, so a source with codings is then refused. The replaced source is
returned as a snapshot: :func:`swap_source` puts it back (undo) and returns the other (redo).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.edits import Edit, undoable
from qcoder.core.errors import NotFoundError, QcoderError
from qcoder.core.snapshots import TurnInfo
from qcoder.core.store.cascade import CascadeSnapshot, delete_with_snapshot, snapshot_cascade
from qcoder.core.store.models import Source, SpeakerTurn
from qcoder.core.usecases.queries.sources import check_canonical_text, text_sha256


def reread_source(
    session: Session, source_id: int, text: str, turns: Sequence[TurnInfo], encoding: str | None
) -> tuple[Changes, CascadeSnapshot]:
    """Give the source ``text`` (read anew, e.g. in another encoding); return what it replaced."""
    check_canonical_text(text)
    before = snapshot_cascade(session, Source.__table__, [(source_id,)])
    rows = before.table_rows("sources")
    if not rows:
        raise NotFoundError(f"no source with id {source_id}")
    source = rows[0]
    codings = before.table_rows("codings")
    if codings and len(text) != source["characters"]:
        raise QcoderError(
            f"read this way '{source['name']}' would have {len(text):,} characters instead of "
            f"{source['characters']:,}: its {len(codings)} coded passages would no longer fit, so it was left as it was"
        )
    for turn in turns:
        if not 0 <= turn.start <= turn.end <= len(text):
            raise QcoderError(f"speaker turn [{turn.start}, {turn.end}) lies outside the text")
    replaced: list[tuple[str, tuple[tuple[tuple[str, Any], ...], ...]]] = []
    for table, table_rows in before.rows:
        new_rows = [dict(row) for row in table_rows]
        if table == "sources":
            for row in new_rows:
                row.update(sha256=text_sha256(text), characters=len(text), encoding=encoding)
        elif table == "source_texts":
            for row in new_rows:
                row["text"] = text
        elif table == "speaker_turns":
            continue
        replaced.append((table, tuple(tuple(row.items()) for row in new_rows)))
    after = CascadeSnapshot(tuple(replaced), before.nulled)
    changes, old = swap_source(session, source_id, after)
    if turns:
        session.execute(SpeakerTurn.__table__.insert(), [
            {"source_id": source_id, "start": t.start, "end": t.end, "speaker": t.speaker, "time_ms": t.time_ms}
            for t in turns
        ])
    return undoable(changes, Edit.of(swap_source, source_id, old)), old


def swap_source(session: Session, source_id: int, replacement: CascadeSnapshot) -> tuple[Changes, CascadeSnapshot]:
    """Replace the source (with everything of it) by ``replacement``; return the one replaced."""
    replaced = delete_with_snapshot(session, Source.__table__, [(source_id,)])
    if not replaced.table_rows("sources"):
        raise NotFoundError(f"no source with id {source_id}")
    replacement.restore(session)
    changes = Changes(
        sources=frozenset({source_id}),
        texts=frozenset({source_id}),
        codings=replaced.ids("codings") | replacement.ids("codings"),
        codes=replaced.column_values("codings", "code_id") | replacement.column_values("codings", "code_id"),
        memos=replaced.ids("memos") | replacement.ids("memos"),
        cases=replaced.column_values("case_sources", "case_id"),
    )
    return undoable(changes, Edit.of(swap_source, source_id, replaced)), replaced
