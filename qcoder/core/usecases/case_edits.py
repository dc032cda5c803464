"""Edits of one case by name, for the undoable GUI commands (see ``organisation_edits``)."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.errors import NotFoundError
from qcoder.core.models import Case, case_sources
from qcoder.core.usecases.cases import ensure_case, link_source, set_attribute_value


def _case_id(session: Session, name: str) -> int:
    found = session.scalar(select(Case.id).where(Case.name == name))
    if found is None:
        raise NotFoundError(f"no case '{name}'")
    return found


def add_named_case(session: Session, name: str) -> Changes:
    changes = ensure_case(session, name)
    return changes.merged(Changes(cases=frozenset({changes.created_id}))) if changes.created_id else changes  # type: ignore[arg-type]


def set_case_attribute(session: Session, name: str, attribute: str, value: str | None, value_type: str = "text") -> Changes:
    """Set (``None``: clear) one attribute of the case called ``name``."""
    return set_attribute_value(session, "case", _case_id(session, name), attribute.strip(), value, value_type=value_type)


def set_case_sources(session: Session, name: str, source_ids: Collection[int]) -> Changes:
    """Link exactly ``source_ids`` to the case called ``name``."""
    case_id = _case_id(session, name)
    old = set(session.execute(select(case_sources.c.source_id).where(case_sources.c.case_id == case_id)).scalars())
    session.execute(delete(case_sources).where(case_sources.c.case_id == case_id))
    session.expire_all()
    changes = Changes(cases=frozenset({case_id}), sources=frozenset(old))
    for source_id in sorted(set(source_ids)):
        changes = changes.merged(link_source(session, case_id, source_id))
    return changes
