"""Edits of one case by name, for the undoable GUI commands (see ``organisation_edits``)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.errors import NotFoundError
from qcoder.core.store.models import Case, case_sources
from qcoder.core.store.versions import claim
from qcoder.core.usecases.commands.cases import ensure_case, link_source, set_attribute_value
from qcoder.core.usecases.queries.case_edits import case_version


def _case_id(session: Session, name: str) -> int:
    found = session.scalar(select(Case.id).where(Case.name == name))
    if found is None:
        raise NotFoundError(f"no case '{name}'")
    return found


def claim_named_case(session: Session, name: str, seen_version: int | None) -> int | None:
    """Raise the version of the case called ``name`` if it exists, refused if not ``seen_version``;
    the new version, or ``None`` if there is no such case."""
    found = session.scalar(select(Case.id).where(Case.name == name))
    return None if found is None else claim(session, Case, found, seen_version).version


def checked_case_edit(
    session: Session, name: str, seen_version: int | None, use_case: Callable[..., Changes], *args: Any, **kwargs: Any
) -> tuple[Changes, int | None]:
    """``use_case(session, name, ...)``, refused if another coder changed the case since
    ``seen_version``; returns its changes and the case's version afterwards."""
    claim_named_case(session, name, seen_version)
    changes = use_case(session, name, *args, **kwargs)
    return changes, case_version(session, name)


def add_named_case(session: Session, name: str) -> Changes:
    changes = ensure_case(session, name)
    return changes.merged(Changes(cases=frozenset({changes.created_id}))) if changes.created_id else changes


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
