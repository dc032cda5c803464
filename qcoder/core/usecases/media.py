"""Recordings linked to transcripts, and the times of speaker turns (issue: listen while coding).

A link names the file (see :mod:`qcoder.core.media_paths` for how it is stored); the recording
itself is never copied into the project. Setting or shifting turn times corrects a transcript's
synchronisation with its recording; the text and its positions are untouched.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.edits import Edit
from qcoder.core.errors import NotFoundError, QcoderError
from qcoder.core.guids import new_guid
from qcoder.core.models import Source, SourceMedia, SpeakerTurn


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


def embed_media(session: Session, source_id: int, data: bytes) -> Changes:
    """Keep a copy of the source's linked recording inside the project (it travels with the file)."""
    if len(data) > MAX_EMBEDDED_BYTES:
        raise QcoderError(f"the recording is {len(data) // 2**20} MB; qcoder keeps copies of up to "
                          f"{MAX_EMBEDDED_BYTES // 2**20} MB inside a project (it stays linked)")
    if session.execute(update(SourceMedia).where(SourceMedia.source_id == source_id).values(data=data)).rowcount == 0:
        raise NotFoundError("this source has no recording to keep a copy of: link one first")
    return Changes(sources=frozenset({source_id}))


def drop_embedded_media(session: Session, source_id: int) -> Changes:
    """Stop keeping a copy of the recording inside the project (the link stays)."""
    session.execute(update(SourceMedia).where(SourceMedia.source_id == source_id).values(data=None))
    return Changes(sources=frozenset({source_id}))


def embedded_media(session: Session, source_id: int) -> bytes | None:
    """The copy of the recording kept inside the project, if any."""
    return session.scalar(select(SourceMedia.data).where(SourceMedia.source_id == source_id))


def link_media(session: Session, link: MediaLink) -> Changes:
    """Link (or re-link) a source's recording; the previous link, if any, is replaced (a copy kept
    inside the project stays until :func:`drop_embedded_media`)."""
    if session.get(Source, link.source_id) is None:
        raise NotFoundError(f"no source with id {link.source_id}")
    if link.kind not in ("audio", "video"):
        raise QcoderError(f"a recording is audio or video, not '{link.kind}'")
    values = {"path": link.path, "kind": link.kind, "duration_ms": link.duration_ms}
    if link.guid:
        values["guid"] = link.guid
    if session.execute(update(SourceMedia).where(SourceMedia.source_id == link.source_id).values(values)).rowcount == 0:
        session.execute(insert(SourceMedia).values({"guid": new_guid(), **values, "source_id": link.source_id}))
    return Changes(sources=frozenset({link.source_id}))


def unlink_media(session: Session, source_id: int) -> Changes:
    session.execute(delete(SourceMedia).where(SourceMedia.source_id == source_id))
    return Changes(sources=frozenset({source_id}))


def restore_media(session: Session, source_id: int, link: MediaLink | None) -> Changes:
    """Put back the link a source had (``None``: no link) — what undo of a (re)link needs."""
    return unlink_media(session, source_id) if link is None else link_media(session, link)


def set_duration(session: Session, source_id: int, duration_ms: int) -> Changes:
    """Record the length the player found (a WebM's header does not say it)."""
    session.execute(update(SourceMedia).where(SourceMedia.source_id == source_id).values(duration_ms=duration_ms))
    return Changes(sources=frozenset({source_id}))


def set_turn_times(session: Session, source_id: int, times: dict[int, int | None]) -> Changes:
    """Set the times (ms; ``None`` clears one) of the source's turns that begin at these positions.

    The inverse sets the times these turns had.
    """
    old = turn_times(session, source_id)
    for start, time_ms in times.items():
        if time_ms is not None and time_ms < 0:
            raise QcoderError("a turn's time cannot be before the recording starts")
        result = session.execute(
            update(SpeakerTurn).where(SpeakerTurn.source_id == source_id, SpeakerTurn.start == start)
            .values(time_ms=time_ms)
        )
        if result.rowcount == 0:
            raise NotFoundError(f"no speaker turn begins at {start} in this source")
    inverse = Edit.of(set_turn_times, source_id, {start: old.get(start) for start in times})
    return Changes(sources=frozenset({source_id}), undo=inverse)


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


