"""Recordings linked to transcripts, and the times of speaker turns (issue: listen while coding).

A link names the file (see :mod:`qcoder.core.media_paths` for how it is stored); the recording
itself is never copied into the project. Setting or shifting turn times corrects a transcript's
synchronisation with its recording; the text and its positions are untouched.

Each edit states its inverse (:mod:`qcoder.core.edits`): the link, or the copy kept inside the
project, that the source had before.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import delete, insert, update
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.edits import Edit
from qcoder.core.errors import NotFoundError, QcoderError
from qcoder.core.store.guids import new_guid
from qcoder.core.store.models import Source, SourceMedia, SpeakerTurn
from qcoder.core.store.rows import rows_matched
from qcoder.core.usecases.queries.media import MAX_EMBEDDED_BYTES, MediaLink, embedded_media, media_of, turn_times


def embed_media(session: Session, source_id: int, data: bytes) -> Changes:
    """Keep a copy of the source's linked recording inside the project (it travels with the file)."""
    if len(data) > MAX_EMBEDDED_BYTES:
        raise QcoderError(f"the recording is {len(data) // 2**20} MB; qcoder keeps copies of up to "
                          f"{MAX_EMBEDDED_BYTES // 2**20} MB inside a project (it stays linked)")
    before = embedded_media(session, source_id)
    if rows_matched(session, update(SourceMedia).where(SourceMedia.source_id == source_id).values(data=data)) == 0:
        raise NotFoundError("this source has no recording to keep a copy of: link one first")
    return Changes(sources=frozenset({source_id}), undo=_copy_back(source_id, before))


def drop_embedded_media(session: Session, source_id: int) -> Changes:
    """Stop keeping a copy of the recording inside the project (the link stays)."""
    before = embedded_media(session, source_id)
    session.execute(update(SourceMedia).where(SourceMedia.source_id == source_id).values(data=None))
    return Changes(sources=frozenset({source_id}), undo=_copy_back(source_id, before))


def _copy_back(source_id: int, data: bytes | None) -> Edit:
    """The edit that keeps ``data`` as the copy again (``None``: no copy)."""
    return Edit.of(drop_embedded_media, source_id) if data is None else Edit.of(embed_media, source_id, data)


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
    if rows_matched(session, update(SourceMedia).where(SourceMedia.source_id == link.source_id).values(values)) == 0:
        session.execute(insert(SourceMedia).values({"guid": new_guid(), **values, "source_id": link.source_id}))
    return Changes(sources=frozenset({link.source_id}))


def unlink_media(session: Session, source_id: int) -> Changes:
    session.execute(delete(SourceMedia).where(SourceMedia.source_id == source_id))
    return Changes(sources=frozenset({source_id}))


def restore_media(session: Session, source_id: int, link: MediaLink | None, copy: bytes | None = None) -> Changes:
    """Link ``link`` (``None``: unlink) and keep ``copy`` inside the project with it, if given.

    The inverse puts back the link the source had, with the copy an unlink dropped.
    """
    before = media_of(session, source_id)
    dropped = embedded_media(session, source_id) if link is None and before is not None and before.embedded else None
    changes = unlink_media(session, source_id) if link is None else link_media(session, link)
    if copy is not None:
        embed_media(session, source_id, copy)
    return replace(changes, undo=Edit.of(restore_media, source_id, before, dropped))


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
        matched = rows_matched(
            session,
            update(SpeakerTurn).where(SpeakerTurn.source_id == source_id, SpeakerTurn.start == start)
            .values(time_ms=time_ms)
        )
        if matched == 0:
            raise NotFoundError(f"no speaker turn begins at {start} in this source")
    inverse = Edit.of(set_turn_times, source_id, {start: old.get(start) for start in times})
    return Changes(sources=frozenset({source_id}), undo=inverse)
