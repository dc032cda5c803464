"""The reads about organisation edits, for views and exports; the edits are in
:mod:`qcoder.core.usecases.commands.organisation_edits`."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.row_set import RowSet
from qcoder.core.store.models import AttributeValue, Case, Code, case_sources
from qcoder.core.usecases.queries.organisations import organisation_codes, organisations_group_id


@dataclass(frozen=True)
class OrganisationState:
    name: str
    group: RowSet
    code: RowSet
    case: RowSet
    values: RowSet
    links: tuple[int, ...]
    """Source ids linked to the case."""


def organisation_state(session: Session, name: str) -> OrganisationState:
    group_id = organisations_group_id(session)
    code_id = organisation_codes(session).get(name)
    case = session.scalar(select(Case).where(Case.name == name))
    values = [] if case is None else list(
        session.execute(select(AttributeValue).where(AttributeValue.case_id == case.id)).scalars()
    )
    links = () if case is None else tuple(sorted(
        session.execute(select(case_sources.c.source_id).where(case_sources.c.case_id == case.id)).scalars()
    ))
    return OrganisationState(
        name=name,
        group=RowSet.of_objects(Code, [session.get(Code, group_id)] if group_id is not None else []),
        code=RowSet.of_objects(Code, [session.get(Code, code_id)] if code_id is not None else []),
        case=RowSet.of_objects(Case, [case] if case is not None else []),
        values=RowSet.of_objects(AttributeValue, values),
        links=links,
    )
