"""Coders: who did what. Every coding and memo records its coder."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qcoder.core.colours import palette_colour
from qcoder.core.errors import InvalidNameError
from qcoder.core.store.models import Coder
from qcoder.core.store.name_locks import lock_names


def ensure_coder(session: Session, name: str, *, guid: str | None = None) -> int:
    """The id of the coder called ``name``, created (with a colour of its own) if new."""
    name = name.strip()
    if not name:
        raise InvalidNameError("a coder needs a name")
    lock_names(session, "coders")
    found = session.scalar(select(Coder.id).where(Coder.name == name))
    if found is not None:
        return found
    count = session.scalar(select(func.count()).select_from(Coder)) or 0
    coder = Coder(name=name, colour=palette_colour(count))
    if guid:
        coder.guid = guid
    session.add(coder)
    session.flush()
    return coder.id
