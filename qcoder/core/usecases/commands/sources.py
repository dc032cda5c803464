"""Sources: adding an imported text with its speaker turns, listing, reading, renaming."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.errors import InvalidNameError, NotFoundError, QcoderError
from qcoder.core.snapshots import TurnInfo
from qcoder.core.store.models import Source, SourceText, SpeakerTurn
from qcoder.core.usecases.queries.sources import check_canonical_text, text_sha256


def add_source(
    session: Session,
    name: str,
    text: str,
    *,
    turns: Sequence[TurnInfo] = (),
    kind: str = "text",
    original_filename: str | None = None,
    imported_by_id: int | None = None,
    guid: str | None = None,
) -> Changes:
    """Store a new source and its turns; ``created_id`` is its id. The text is then immutable."""
    name = name.strip()
    if not name:
        raise InvalidNameError("a source needs a name")
    check_canonical_text(text)
    for turn in turns:
        if not 0 <= turn.start <= turn.end <= len(text):
            raise QcoderError(f"speaker turn [{turn.start}, {turn.end}) lies outside the text")
    source = Source(
        name=name,
        kind=kind,
        original_filename=original_filename,
        imported_by_id=imported_by_id,
        sha256=text_sha256(text),
        characters=len(text),
    )
    if guid:
        source.guid = guid
    session.add(source)
    session.flush()
    session.add(SourceText(source_id=source.id, text=text))
    if turns:
        session.execute(
            SpeakerTurn.__table__.insert(),
            [
                {"source_id": source.id, "start": t.start, "end": t.end, "speaker": t.speaker, "time_ms": t.time_ms}
                for t in turns
            ],
        )
    session.flush()
    return Changes(sources=frozenset({source.id}), created_id=source.id)


def rename_source(session: Session, source_id: int, name: str) -> Changes:
    source = session.get(Source, source_id)
    if source is None:
        raise NotFoundError(f"no source with id {source_id}")
    name = name.strip()
    if not name:
        raise InvalidNameError("a source needs a name")
    other = session.scalar(select(Source.id).where((Source.name == name) & (Source.id != source_id)))
    if other is not None:
        raise InvalidNameError(f"there already is a source '{name}'")
    source.name = name
    return Changes(sources=frozenset({source_id}))
