"""Speakers after import: list, rename, merge, link to a case, and the passages to autocode.

Transcription tools name speakers ``SPEAKER_01`` or ``Speaker 2``; a researcher renames them,
merges two labels for the same person (``Dr Lee`` and ``Lee``), links the interviewee to a case
(their organisation) and codes every turn of a speaker at once. Each edit returns what undo
needs: renames the ids of the turns they changed (merging makes a plain rename-back wrong), a
link the source links it created and whether it created the case.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.edits import Edit, undoable
from qcoder.core.errors import InvalidNameError, NotFoundError
from qcoder.core.row_set import RowKeys, RowSet
from qcoder.core.store.models import Case, SpeakerTurn, case_sources
from qcoder.core.usecases.commands.bulk_coding import apply_codings_bulk
from qcoder.core.usecases.commands.cases import ensure_case, link_source, unlink_source
from qcoder.core.usecases.commands.row_edits import removed_rows, restore_rows
from qcoder.core.usecases.queries.speakers import CaseLink, _scope, speaker_spans


def rename_speaker(
    session: Session, old: str, new: str, *, source_ids: Collection[int] | None = None
) -> tuple[Changes, tuple[int, ...]]:
    """Rename ``old`` to ``new`` (a merge if ``new`` already speaks); returns the turn ids changed."""
    new = " ".join(new.split())
    if not new:
        raise InvalidNameError("a speaker needs a name")
    turn_ids = tuple(session.execute(
        _scope(select(SpeakerTurn.id).where(SpeakerTurn.speaker == old), source_ids).order_by(SpeakerTurn.id)
    ).scalars())
    if not turn_ids:
        raise NotFoundError(f"no speaker '{old}'")
    return set_turn_speaker(session, turn_ids, new), turn_ids


def merge_speakers(
    session: Session, names: Collection[str], into: str, *, source_ids: Collection[int] | None = None
) -> tuple[Changes, tuple[tuple[str, tuple[int, ...]], ...]]:
    """Give every turn of ``names`` the speaker ``into``; returns (old name, turn ids) for undo."""
    changes, renamed = Changes(), []
    for name in names:
        if name == into:
            continue
        step, ids = rename_speaker(session, name, into, source_ids=source_ids)
        changes = changes.merged(step)
        renamed.append((name, ids))
    return undoable(changes, Edit.of(restore_speaker_names, tuple(renamed))), tuple(renamed)


def restore_speaker_names(session: Session, renamed: tuple[tuple[str, tuple[int, ...]], ...]) -> Changes:
    """Undo :func:`merge_speakers`: give each set of turns its old name back (the inverse gives
    them the names they have now)."""
    changes, now = Changes(), []
    for name, turn_ids in renamed:
        current = session.scalar(select(SpeakerTurn.speaker).where(SpeakerTurn.id == turn_ids[0])) if turn_ids else name
        now.append((current or name, turn_ids))
        changes = changes.merged(set_turn_speaker(session, turn_ids, name))
    return undoable(changes, Edit.of(restore_speaker_names, tuple(now)))


def set_turn_speaker(session: Session, turn_ids: Collection[int], name: str) -> Changes:
    """Set the speaker of the given turns (the inverse of a rename or a merge)."""
    ids = list(turn_ids)
    source_ids: set[int] = set()
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        session.execute(update(SpeakerTurn).where(SpeakerTurn.id.in_(part)).values(speaker=name))
        source_ids.update(session.execute(
            select(SpeakerTurn.source_id).where(SpeakerTurn.id.in_(part)).distinct()
        ).scalars())
    session.expire_all()
    return Changes(sources=frozenset(source_ids))


def autocode_speaker(
    session: Session, speaker: str, code_id: int, coder_id: int, *, source_ids: Collection[int] | None = None
) -> Changes:
    """Code every turn of ``speaker`` with ``code_id``; ``Changes.codings`` are the new codings."""
    spans = speaker_spans(session, speaker, source_ids=source_ids)
    if not spans:
        raise NotFoundError(f"no turns of speaker '{speaker}'")
    return apply_codings_bulk(session, code_id, spans, coder_id)


def link_speaker_to_case(
    session: Session, speaker: str, case_name: str, *, source_ids: Collection[int] | None = None
) -> tuple[Changes, CaseLink]:
    """Link every source in which ``speaker`` speaks to the case ``case_name`` (created if new)."""
    if not case_name.strip():
        raise InvalidNameError("a case needs a name")
    speaking_in = sorted(set(session.execute(
        _scope(select(SpeakerTurn.source_id).where(SpeakerTurn.speaker == speaker), source_ids)
    ).scalars()))
    if not speaking_in:
        raise NotFoundError(f"no speaker '{speaker}'")
    existed = session.scalar(select(Case.id).where(Case.name == case_name.strip()))
    case_id = ensure_case(session, case_name).created_id
    assert case_id is not None
    already = set(session.execute(
        select(case_sources.c.source_id).where(case_sources.c.case_id == case_id)
    ).scalars())
    added = tuple(source_id for source_id in speaking_in if source_id not in already)
    changes = Changes(cases=frozenset({case_id}))
    for source_id in added:
        changes = changes.merged(link_source(session, case_id, source_id))
    link = CaseLink(case_id, existed is None, added)
    return undoable(changes, Edit.of(unlink_case_link, link)), link


def unlink_case_link(session: Session, link: CaseLink) -> Changes:
    """Take back the source links that :func:`link_speaker_to_case` added, and the case if it
    created it; the inverse (:func:`relink_case_link`) puts both back."""
    changes = Changes(cases=frozenset({link.case_id}))
    for source_id in link.linked_source_ids:
        changes = changes.merged(unlink_source(session, link.case_id, source_id))
    case = None
    if link.created_case:
        case = removed_rows(session, RowKeys.ids("cases", [link.case_id]))
        changes = changes.merged(case.changes())
    return undoable(changes, Edit.of(relink_case_link, link, case))


def relink_case_link(session: Session, link: CaseLink, case: RowSet | None = None) -> Changes:
    """Redo a :class:`CaseLink` after :func:`unlink_case_link`: the case it removed (``case``)
    first, then the links."""
    changes = Changes(cases=frozenset({link.case_id}))
    if case is not None:
        changes = changes.merged(restore_rows(session, case))
    for source_id in link.linked_source_ids:
        changes = changes.merged(link_source(session, link.case_id, source_id))
    return undoable(changes, Edit.of(unlink_case_link, link))
