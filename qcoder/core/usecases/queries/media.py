"""The reads about media, for views and exports; the edits are in
:mod:`qcoder.core.usecases.commands.media`."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.store.models import SourceMedia, SpeakerTurn


@dataclass(frozen=True)
class MediaLink:
    """A source's recording as stored: ``path`` as in the project (relative or absolute)."""

    source_id: int
    path: str
    kind: str
    duration_ms: int | None
    guid: str = ""
    embedded: bool = False
    """A copy of the recording is kept inside the project."""


_LINK_COLUMNS = (SourceMedia.source_id, SourceMedia.path, SourceMedia.kind, SourceMedia.duration_ms,
                 SourceMedia.guid, SourceMedia.data.is_not(None))


def media_of(session: Session, source_id: int) -> MediaLink | None:
    row = session.execute(select(*_LINK_COLUMNS).where(SourceMedia.source_id == source_id)).first()
    return None if row is None else MediaLink(*row)


def media_by_source(session: Session) -> dict[int, MediaLink]:
    return {row[0]: MediaLink(*row) for row in session.execute(select(*_LINK_COLUMNS))}


MAX_EMBEDDED_BYTES = 900 * 1024**2


"""SQLite holds at most a gigabyte in one value; a longer recording stays a link."""


def embedded_media(session: Session, source_id: int) -> bytes | None:
    """The copy of the recording kept inside the project, if any."""
    return session.scalar(select(SourceMedia.data).where(SourceMedia.source_id == source_id))


def turn_times(session: Session, source_id: int) -> dict[int, int | None]:
    """Every turn's own time by its start position (``None`` where the transcript has none)."""
    return dict(session.execute(
        select(SpeakerTurn.start, SpeakerTurn.time_ms).where(SpeakerTurn.source_id == source_id)
    ).all())


def shifted_turn_times(session: Session, source_id: int, delta_ms: int, from_start: int = 0) -> dict[int, int | None]:
    """The times of the timed turns from ``from_start`` on, moved by ``delta_ms`` (never below 0):
    what :func:`set_turn_times` takes to shift a transcript that runs ahead of or behind its recording."""
    return {
        start: max(0, time_ms + delta_ms)
        for start, time_ms in turn_times(session, source_id).items()
        if time_ms is not None and start >= from_start
    }
