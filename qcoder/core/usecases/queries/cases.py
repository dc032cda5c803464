"""The reads about cases, for views and exports; the edits are in
:mod:`qcoder.core.usecases.commands.cases`."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.errors import NotFoundError
from qcoder.core.snapshots import AttributeInfo, CaseInfo
from qcoder.core.store.models import Attribute, AttributeValue, Case, case_sources

VALUE_TYPES = ("text", "number", "boolean", "date")


def find_case(session: Session, name: str) -> int:
    found = session.scalar(select(Case.id).where((Case.name == name) | (Case.guid == name)))
    if found is None:
        raise NotFoundError(f"no case '{name}'")
    return found


def list_attributes(session: Session) -> list[AttributeInfo]:
    return [
        AttributeInfo(a.id, a.guid, a.name, a.value_type, a.applies_to)
        for a in session.execute(select(Attribute).order_by(Attribute.applies_to, Attribute.name)).scalars()
    ]


def list_cases(session: Session) -> list[CaseInfo]:
    sources: dict[int, list[int]] = defaultdict(list)
    for case_id, source_id in session.execute(select(case_sources.c.case_id, case_sources.c.source_id)):
        sources[case_id].append(source_id)
    values: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for case_id, name, value in session.execute(
        select(AttributeValue.case_id, Attribute.name, AttributeValue.value)
        .join(Attribute, Attribute.id == AttributeValue.attribute_id)
        .where(AttributeValue.case_id.is_not(None))
        .order_by(Attribute.name)
    ):
        if case_id is not None:  # (the query asks for values of cases only)
            values[case_id].append((name, value))
    return [
        CaseInfo(
            id=c.id, guid=c.guid, name=c.name, description=c.description,
            source_ids=tuple(sorted(sources.get(c.id, ()))), attributes=tuple(values.get(c.id, ())),
            version=c.version,
        )
        for c in session.execute(select(Case).order_by(Case.name)).scalars()
    ]
