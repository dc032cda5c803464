"""The reads about case edits, for views and exports; the edits are in
:mod:`qcoder.core.usecases.commands.case_edits`."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.store.models import Case


def case_version(session: Session, name: str) -> int | None:
    """The version of the case called ``name`` (``None`` if there is none)."""
    return session.scalar(select(Case.version).where(Case.name == name))


def case_id_of(session: Session, name: str) -> int | None:
    return session.scalar(select(Case.id).where(Case.name == name))
