"""Coding many spans at once ("code all hits"), and taking such a batch back, in one transaction.

The GUI turns one call into one undoable step: its inverse removes exactly the codings the batch
created, and that removal's inverse restores them with the same ids and GUIDs
(:mod:`qcoder.core.usecases.commands.row_edits`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.edits import Edit
from qcoder.core.errors import InvalidSpanError, NotFoundError, QcoderError
from qcoder.core.row_set import RowKeys
from qcoder.core.store.guids import new_guid
from qcoder.core.store.models import Code, Coding, Source, utc_now
from qcoder.core.usecases.commands.row_edits import remove_rows
from qcoder.core.wording import counted

Span = tuple[int, int, int]
"""(source id, start, end), half-open, in code points."""


class CodingCancelled(QcoderError):
    """The person stopped a batch before it was saved: nothing was coded."""


def apply_codings_bulk(
    session: Session, code_id: int, spans: Sequence[Span], coder_id: int,
    cancelled: Callable[[], bool] | None = None,
) -> Changes:
    """Code every span with ``code_id``; ``Changes.codings`` holds the ids of all new codings.

    A span that this coder has already coded with this code is skipped (said in ``messages``), so
    coding all hits twice changes nothing. Any invalid span rejects the whole batch. If
    ``cancelled`` says so once the rows are written, :class:`CodingCancelled` is raised (the
    transaction then rolls back).
    """
    code = session.get(Code, code_id)
    if code is None:
        raise NotFoundError(f"no code with id {code_id}")
    if not code.is_codable:
        raise QcoderError(f"'{code.name}' is a group, not a code that passages can carry")
    wanted = list(dict.fromkeys((int(s), int(a), int(b)) for s, a, b in spans))
    if not wanted:
        return Changes()
    source_ids = {source_id for source_id, _, _ in wanted}
    lengths = dict(
        session.execute(select(Source.id, Source.characters).where(Source.id.in_(source_ids))).all()
    )
    for source_id, start, end in wanted:
        if source_id not in lengths:
            raise NotFoundError(f"no source with id {source_id}")
        if not 0 <= start < end <= lengths[source_id]:
            raise InvalidSpanError(
                f"span [{start}, {end}) is not inside source {source_id} (0–{lengths[source_id]} characters)"
            )
    existing = set(
        session.execute(
            select(Coding.source_id, Coding.start, Coding.end).where(
                (Coding.code_id == code_id) & (Coding.coder_id == coder_id) & Coding.source_id.in_(source_ids)
            )
        ).all()
    )
    new = [span for span in wanted if span not in existing]
    messages: tuple[str, ...] = ()
    if len(new) < len(wanted):
        skipped = len(wanted) - len(new)
        messages = (f"{skipped} passage{'s were' if skipped != 1 else ' was'} already coded with '{code.name}'",)
    if not new:
        return Changes(codes=frozenset({code_id}), messages=messages)
    now = utc_now()
    guids = [new_guid() for _ in new]
    rows = [
        {"guid": guid, "source_id": s, "code_id": code_id, "start": a, "end": b,
         "coder_id": coder_id, "created_at": now, "memo": None, "exemplar": False}
        for guid, (s, a, b) in zip(guids, new, strict=True)
    ]
    session.execute(insert(Coding), rows)
    created = _ids_of(session, guids)
    session.flush()
    if cancelled is not None and cancelled():
        raise CodingCancelled("stopped: nothing was coded")
    return Changes(
        codings=frozenset(created), codes=frozenset({code_id}),
        sources=frozenset(s for s, _, _ in new), created_id=created[0] if len(created) == 1 else None,
        messages=messages + (f"coded {counted(len(created), 'passage')} with '{code.name}'",),
        undo=Edit(remove_rows, (RowKeys.ids("codings", created),)),
    )


def _ids_of(session: Session, guids: list[str]) -> list[int]:
    ids: list[int] = []
    for chunk in range(0, len(guids), 500):
        ids.extend(session.execute(select(Coding.id).where(Coding.guid.in_(guids[chunk:chunk + 500]))).scalars())
    return sorted(ids)
