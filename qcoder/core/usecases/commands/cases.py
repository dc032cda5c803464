"""Cases (organisations, people) with their sources and typed attribute values."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.edits import Edit, Seen
from qcoder.core.errors import InvalidNameError, NotFoundError, QcoderError
from qcoder.core.store.models import Attribute, AttributeValue, Case, Source, case_sources
from qcoder.core.store.name_locks import lock_names
from qcoder.core.store.versions import claim
from qcoder.core.usecases.queries.cases import VALUE_TYPES

OWNER_KINDS = ("case", "source")


def _case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFoundError(f"no case with id {case_id}")
    return case


def add_case(session: Session, name: str, *, description: str = "", guid: str | None = None) -> Changes:
    name = name.strip()
    if not name:
        raise InvalidNameError("a case needs a name")
    lock_names(session, "cases")
    if session.scalar(select(Case.id).where(Case.name == name)) is not None:
        raise InvalidNameError(f"there already is a case '{name}'")
    case = Case(name=name, description=description)
    if guid:
        case.guid = guid
    session.add(case)
    session.flush()
    return Changes(cases=frozenset({case.id}), created_id=case.id)


def ensure_case(session: Session, name: str) -> Changes:
    """The case called ``name``, created if new; ``created_id`` is its id either way."""
    lock_names(session, "cases")
    found = session.scalar(select(Case.id).where(Case.name == name.strip()))
    if found is not None:
        return Changes(created_id=found)
    return add_case(session, name)


def rename_case(session: Session, case_id: int, name: str, *, seen_version: int | None = None) -> Changes:
    """Rename a case; ``seen_version`` is the version the editor showed (see :mod:`versions`)."""
    name = name.strip()
    if not name:
        raise InvalidNameError("a case needs a name")
    lock_names(session, "cases")
    case = claim(session, Case, case_id, seen_version)
    other = session.scalar(select(Case.id).where(Case.name == name))
    if other is not None and other != case_id:
        raise InvalidNameError(f"there already is a case '{name}'")
    inverse = Edit.of(rename_case, case_id, case.name, seen=Seen("cases", case_id, case.version))
    case.name = name
    return Changes(cases=frozenset({case_id}), undo=inverse)


def describe_case(session: Session, case_id: int, description: str, *, seen_version: int | None = None) -> Changes:
    case = claim(session, Case, case_id, seen_version)
    inverse = Edit.of(describe_case, case_id, case.description, seen=Seen("cases", case_id, case.version))
    case.description = description
    return Changes(cases=frozenset({case_id}), undo=inverse)


def link_source(session: Session, case_id: int, source_id: int) -> Changes:
    case = _case(session, case_id)
    source = session.get(Source, source_id)
    if source is None:
        raise NotFoundError(f"no source with id {source_id}")
    if source not in case.sources:
        case.sources.append(source)
    session.flush()
    return Changes(cases=frozenset({case_id}), sources=frozenset({source_id}))


def unlink_source(session: Session, case_id: int, source_id: int) -> Changes:
    session.execute(
        delete(case_sources).where(
            (case_sources.c.case_id == case_id) & (case_sources.c.source_id == source_id)
        )
    )
    session.expire_all()
    return Changes(cases=frozenset({case_id}), sources=frozenset({source_id}))


def ensure_attribute(
    session: Session, name: str, *, value_type: str = "text", applies_to: str = "case", guid: str | None = None
) -> int:
    if value_type not in VALUE_TYPES:
        raise QcoderError(f"attribute type must be one of {', '.join(VALUE_TYPES)}")
    if applies_to not in OWNER_KINDS:
        raise QcoderError("attributes apply to cases or to sources")
    name = name.strip()
    if not name:
        raise InvalidNameError("an attribute needs a name")
    attribute = session.scalar(
        select(Attribute).where((Attribute.name == name) & (Attribute.applies_to == applies_to))
    )
    if attribute is None:
        attribute = Attribute(name=name, value_type=value_type, applies_to=applies_to)
        if guid:
            attribute.guid = guid
        session.add(attribute)
        session.flush()
    return attribute.id


def _check_value(value: str, value_type: str) -> str:
    if value_type == "number":
        try:
            float(value)
        except ValueError:
            raise QcoderError(f"'{value}' is not a number") from None
    if value_type == "boolean" and value.strip().lower() not in ("true", "false", "yes", "no", "1", "0"):
        raise QcoderError(f"'{value}' is not yes or no")
    if value_type == "boolean":
        return "true" if value.strip().lower() in ("true", "yes", "1") else "false"
    if value_type == "date":
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            raise QcoderError(f"'{value}' is not a date; use YYYY-MM-DD") from None
    return value


def set_attribute_value(
    session: Session, owner: str, owner_id: int, name: str, value: str | None, *, value_type: str = "text"
) -> Changes:
    """Set (or with ``None`` clear) the value of attribute ``name`` on a case or a source."""
    if owner not in OWNER_KINDS:
        raise QcoderError("attributes apply to cases or to sources")
    if session.get(Case if owner == "case" else Source, owner_id) is None:
        raise NotFoundError(f"no {owner} with id {owner_id}")
    attribute_id = ensure_attribute(session, name, value_type=value_type, applies_to=owner)
    attribute = session.get(Attribute, attribute_id)
    assert attribute is not None
    owner_column = AttributeValue.case_id if owner == "case" else AttributeValue.source_id
    row = session.scalar(
        select(AttributeValue).where((AttributeValue.attribute_id == attribute_id) & (owner_column == owner_id))
    )
    if value is None:
        if row is not None:
            session.delete(row)
    else:
        checked = _check_value(value, attribute.value_type)
        if row is None:
            row = AttributeValue(attribute_id=attribute_id, value=checked)
            if owner == "case":
                row.case_id = owner_id
            else:
                row.source_id = owner_id
            session.add(row)
        else:
            row.value = checked
    session.flush()
    owners = frozenset({owner_id})
    if owner == "case":
        return Changes(attributes=frozenset({attribute_id}), cases=owners)
    return Changes(attributes=frozenset({attribute_id}), sources=owners)
