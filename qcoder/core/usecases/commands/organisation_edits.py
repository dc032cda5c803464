"""Undoable edits of an organisation: its state before and after, restored with the same ids.

An :class:`OrganisationState` holds the rows that an edit of organisation ``name`` may touch —
the ``Organisations`` group, the mention code, the case, its attribute values and its links to
sources — so that :func:`apply_organisation_state` can put the project back to it exactly
(same ids and GUIDs; codings that refer to the code stay valid).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.edits import Edit, Seen, undoable
from qcoder.core.row_set import RowKeys, RowSet
from qcoder.core.store.models import Attribute, AttributeValue, Case, Code, case_sources
from qcoder.core.usecases.commands.cases import link_source
from qcoder.core.usecases.commands.organisations import set_organisation
from qcoder.core.usecases.commands.row_edits import remove_rows
from qcoder.core.usecases.queries.organisation_edits import OrganisationState, organisation_state


def edit_organisation(
    session: Session,
    name: str,
    *,
    org_type: str | None = None,
    country: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    interviewed: bool | None = None,
    source_ids: Collection[int] | None = None,
) -> Changes:
    """Create or update an organisation and, if ``source_ids`` is given, link exactly those sources."""
    changes = set_organisation(
        session, name, org_type=org_type, country=country, lat=lat, lon=lon, interviewed=interviewed
    )
    case_id = changes.created_id
    assert case_id is not None
    if source_ids is not None:
        session.execute(delete(case_sources).where(case_sources.c.case_id == case_id))
        session.expire_all()
        for source_id in sorted(set(source_ids)):
            changes = changes.merged(link_source(session, case_id, source_id))
    return changes.with_created(case_id)


def apply_organisation_state(session: Session, state: OrganisationState) -> Changes:
    """Make the organisation's rows what ``state`` recorded (insert, replace or delete them)."""
    changes = Changes(code_tree=True)
    current = organisation_state(session, state.name)
    case_ids = current.case.ids() | state.case.ids()
    for case_id in current.case.ids() - state.case.ids():
        session.execute(delete(Case).where(Case.id == case_id))
    for code_id in current.code.ids() - state.code.ids():
        session.execute(delete(Code).where(Code.id == code_id))
    _insert_missing(session, state.group, current.group)
    _insert_missing(session, state.code, current.code)
    _insert_missing(session, state.case, current.case)
    for case_id in state.case.ids():
        session.execute(delete(AttributeValue).where(AttributeValue.case_id == case_id))
        session.execute(delete(case_sources).where(case_sources.c.case_id == case_id))
        state.values.restore(session)
        if state.links:
            session.execute(insert(case_sources), [{"case_id": case_id, "source_id": s} for s in state.links])
    for group_id in current.group.ids() - state.group.ids():
        children = session.scalar(select(func.count()).select_from(Code).where(Code.parent_id == group_id))
        if not children:
            session.execute(delete(Code).where(Code.id == group_id))
    session.flush()
    session.expire_all()
    return changes.merged(Changes(
        cases=frozenset(case_ids), codes=current.code.ids() | state.code.ids() | current.group.ids() | state.group.ids(),
        sources=frozenset(current.links) | frozenset(state.links),
    ))


def checked_organisation_state(
    session: Session, state: OrganisationState, seen_version: int | None
) -> tuple[Changes, int | None]:
    """:func:`apply_organisation_state` (an undo or redo), refused if another coder changed the
    case since ``seen_version``; returns the changes and the case's version afterwards."""
    from qcoder.core.store.versions import claim
    from qcoder.core.usecases.commands.case_edits import claim_named_case
    from qcoder.core.usecases.queries.case_edits import case_id_of, case_version

    claimed = claim_named_case(session, state.name, seen_version)
    changes = apply_organisation_state(session, state)
    recreated = case_id_of(session, state.name) if claimed is None else None
    if recreated is not None and seen_version is not None:
        # Put back from a snapshot, its version would go back in time: it goes on from the last one.
        session.execute(update(Case).where(Case.id == recreated).values(version=seen_version))
        claim(session, Case, recreated, seen_version)
    version = case_version(session, state.name)
    return changes, version if version is not None else claimed


def edit_named_case(
    session: Session, name: str, use_case: Callable[..., Changes], *args: Any,
    seen_version: int | None = None, **kwargs: Any,
) -> Changes:
    """Any edit ``use_case(session, name, ...)`` of the case (or organisation) called ``name``,
    refused if another coder changed the case since ``seen_version``; its inverse puts back the
    organisation's rows as they were (:func:`put_organisation_state`)."""
    from qcoder.core.usecases.commands.case_edits import checked_case_edit

    name = name.strip()
    before = organisation_state(session, name)
    attributes = set(session.execute(select(Attribute.id)).scalars())
    changes, version = checked_case_edit(session, name, seen_version, use_case, *args, **kwargs)
    put_back = Edit.of(put_organisation_state, before, seen=Seen("cases", None, version, name))
    added = set(session.execute(select(Attribute.id)).scalars()) - attributes
    if not added:
        return undoable(changes, put_back)
    return undoable(changes, Edit.sequence([put_back, Edit.of(remove_rows, RowKeys.ids("attributes", added))]))


def put_organisation_state(session: Session, state: OrganisationState, *, seen_version: int | None = None) -> Changes:
    """Make the organisation's rows ``state`` again (an undo or a redo), refused if another coder
    changed the case since ``seen_version``; the inverse puts back the rows as they were."""
    now = organisation_state(session, state.name)
    changes, version = checked_organisation_state(session, state, seen_version)
    return undoable(changes, Edit.of(put_organisation_state, now, seen=Seen("cases", None, version, state.name)))


def _insert_missing(session: Session, wanted: RowSet, present: RowSet) -> None:
    if wanted.rows and not (wanted.ids() & present.ids()):
        wanted.restore(session)
