"""Resolving a disagreement between coders on one passage, recorded in the ``resolutions`` table.

A passage is ``[start, end)`` of one source for one code, and the coders compared. Resolving:

- ``accept`` one coder's version: every other compared coder's codings of the code in the
  passage are replaced by copies of the accepted coder's spans (so the coders now agree);
- ``keep`` both: nothing changes, but the passage is recorded as resolved;
- ``remove``: every compared coder's codings of the code in the passage are removed.

Each returns what it changed and a :class:`ResolutionUndo` that :func:`undo_resolution` uses to
bring the project back exactly (removed codings with their ids and GUIDs).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.edits import Edit, undoable
from qcoder.core.errors import InvalidSpanError, NotFoundError, QcoderError
from qcoder.core.row_set import RowSet
from qcoder.core.store.models import Code, Coder, Coding, Resolution, Source

ACTIONS = ("accept", "keep", "remove")


@dataclass(frozen=True)
class ResolutionUndo:
    removed: RowSet
    added_ids: tuple[int, ...]
    resolution_id: int
    source_id: int
    code_id: int


def passage_codings(
    session: Session, source_id: int, code_id: int, start: int, end: int, coder_ids: Sequence[int]
) -> list[Coding]:
    """The compared coders' codings of ``code_id`` that overlap ``[start, end)`` of the source."""
    return list(
        session.execute(
            select(Coding)
            .where(
                Coding.source_id == source_id, Coding.code_id == code_id,
                Coding.coder_id.in_(list(coder_ids)), Coding.start < end, Coding.end > start,
            )
            .order_by(Coding.start, Coding.id)
        ).scalars()
    )


def resolve_disagreement(
    session: Session,
    source_id: int,
    code_id: int,
    start: int,
    end: int,
    coder_ids: Sequence[int],
    action: str,
    *,
    resolved_by_id: int,
    accepted_coder_id: int | None = None,
    note: str = "",
) -> tuple[Changes, ResolutionUndo]:
    """Resolve the passage by ``action`` (see the module doc) and record the resolution."""
    if action not in ACTIONS:
        raise QcoderError(f"a disagreement is resolved by one of: {', '.join(ACTIONS)}")
    if len(set(coder_ids)) < 2:
        raise QcoderError("a disagreement is between two or more coders")
    if action == "accept" and accepted_coder_id not in coder_ids:
        raise QcoderError("accept the version of one of the coders compared")
    source = session.get(Source, source_id)
    if source is None:
        raise NotFoundError(f"no source with id {source_id}")
    if session.get(Code, code_id) is None:
        raise NotFoundError(f"no code with id {code_id}")
    if not 0 <= start < end <= source.characters:
        raise InvalidSpanError(f"span [{start}, {end}) is not inside the source")
    names = dict(session.execute(select(Coder.id, Coder.name).where(Coder.id.in_(list(coder_ids)))).all())
    if len(names) != len(set(coder_ids)):
        raise NotFoundError("one of the coders compared does not exist")
    codings = passage_codings(session, source_id, code_id, start, end, coder_ids)
    if action == "keep":
        doomed: list[Coding] = []
    elif action == "remove":
        doomed = codings
    else:
        doomed = [c for c in codings if c.coder_id != accepted_coder_id]
    accepted_spans = sorted(
        {(c.start, c.end) for c in codings if c.coder_id == accepted_coder_id}
    ) if action == "accept" else []
    removed = RowSet.of_objects(Coding, doomed)
    for coding in doomed:
        session.delete(coding)
    session.flush()
    added: list[int] = []
    for coder_id in dict.fromkeys(coder_ids):
        if coder_id == accepted_coder_id:
            continue
        for span_start, span_end in accepted_spans:
            copy = Coding(source_id=source_id, code_id=code_id, start=span_start, end=span_end, coder_id=coder_id)
            session.add(copy)
            session.flush()
            added.append(copy.id)
    record = Resolution(
        source_id=source_id, code_id=code_id, start=start, end=end, action=action,
        accepted_coder_id=accepted_coder_id if action == "accept" else None,
        coders=", ".join(names[c] for c in dict.fromkeys(coder_ids)),
        resolved_by_id=resolved_by_id, note=note,
    )
    session.add(record)
    session.flush()
    changes = Changes(
        codings=removed.ids() | frozenset(added), codes=frozenset({code_id}), sources=frozenset({source_id}),
        created_id=record.id,
    )
    undo = ResolutionUndo(removed, tuple(added), record.id, source_id, code_id)
    again = Edit.of(
        resolve_disagreement, source_id, code_id, start, end, tuple(coder_ids), action,
        resolved_by_id=resolved_by_id, accepted_coder_id=accepted_coder_id, note=note,
    )
    return undoable(changes, Edit.of(undo_resolution, undo, again=again)), undo


def undo_resolution(session: Session, undo: ResolutionUndo, *, again: Edit | None = None) -> Changes:
    """Take a resolution back; ``again`` (the resolution as it was asked for) is the inverse."""
    """Bring back what :func:`resolve_disagreement` changed and forget the record."""
    if undo.added_ids:
        session.execute(delete(Coding).where(Coding.id.in_(undo.added_ids)))
    session.execute(delete(Resolution).where(Resolution.id == undo.resolution_id))
    session.expire_all()
    undo.removed.restore(session)
    return Changes(
        codings=undo.removed.ids() | frozenset(undo.added_ids),
        codes=frozenset({undo.code_id}), sources=frozenset({undo.source_id}), undo=again,
    )
