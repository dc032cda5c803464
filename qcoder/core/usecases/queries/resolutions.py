"""The reads about resolutions, for views and exports; the edits are in
:mod:`qcoder.core.usecases.commands.resolutions`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.store.models import Coder, Resolution


@dataclass(frozen=True)
class ResolutionInfo:
    id: int
    guid: str
    source_id: int
    code_id: int
    start: int
    end: int
    action: str
    accepted_coder: str | None
    coders: tuple[str, ...]
    resolved_by: str
    created_at: datetime | None
    note: str


def list_resolutions(session: Session, *, source_id: int | None = None) -> list[ResolutionInfo]:
    names = dict(session.execute(select(Coder.id, Coder.name)).all())
    query = select(Resolution).order_by(Resolution.source_id, Resolution.start, Resolution.id)
    if source_id is not None:
        query = query.where(Resolution.source_id == source_id)
    return [
        ResolutionInfo(
            id=r.id, guid=r.guid, source_id=r.source_id, code_id=r.code_id, start=r.start, end=r.end,
            action=r.action,
            accepted_coder=names.get(r.accepted_coder_id) if r.accepted_coder_id is not None else None,
            coders=tuple(name for name in r.coders.split(", ") if name),
            resolved_by=names.get(r.resolved_by_id, "?"), created_at=r.created_at, note=r.note,
        )
        for r in session.execute(query).scalars()
    ]
