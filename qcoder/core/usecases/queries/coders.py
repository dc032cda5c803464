"""The reads about coders, for views and exports; the edits are in
:mod:`qcoder.core.usecases.commands.coders`."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.errors import NotFoundError
from qcoder.core.snapshots import CoderInfo
from qcoder.core.store.models import Coder


def list_coders(session: Session) -> list[CoderInfo]:
    rows = session.execute(select(Coder).order_by(Coder.name)).scalars()
    return [CoderInfo(c.id, c.guid, c.name, c.colour) for c in rows]


def coder_by_name(session: Session, name: str) -> CoderInfo:
    coder = session.scalar(select(Coder).where(Coder.name == name))
    if coder is None:
        raise NotFoundError(f"no coder called '{name}'")
    return CoderInfo(coder.id, coder.guid, coder.name, coder.colour)
