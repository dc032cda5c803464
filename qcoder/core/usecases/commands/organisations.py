"""Organisations: cases with a type, a country, a position and whether they were interviewed.

A passage *mentions* an organisation when it is coded with a code under the top-level group
``Organisations`` whose name is the organisation's (docs/ARCHITECTURE.md §11). The case and the code are
linked by that name and created together when needed (:func:`ensure_organisation_code`).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.countries import country_position
from qcoder.core.edits import Edit, Seen, undoable
from qcoder.core.errors import InvalidNameError, QcoderError
from qcoder.core.store.models import Case, Code
from qcoder.core.usecases.commands.cases import ensure_case, rename_case, set_attribute_value
from qcoder.core.usecases.commands.codes import add_code, rename_code
from qcoder.core.usecases.queries.organisation_colours import code_colour_for
from qcoder.core.usecases.queries.organisations import (
    COUNTRY,
    GROUP_COLOUR,
    INTERVIEWED,
    LATITUDE,
    LONGITUDE,
    ORGANISATIONS_GROUP,
    TYPE,
    OrganisationInfo,
    list_organisations,
    normalise_org_type,
    organisation_codes,
    organisations_group_id,
)

ORG_CODE_COLOUR = "#868E96"


def ensure_organisation_code(session: Session, name: str) -> Changes:
    """The mention code of organisation ``name`` with its case, each created if missing.

    ``created_id`` is the code's id (apply it to the passage that mentions the organisation).
    """
    name = name.strip()
    if not name:
        raise InvalidNameError("an organisation needs a name")
    changes = Changes()
    existed = session.scalar(select(Code.id).where(Code.parent_id.is_(None) & (Code.name == ORGANISATIONS_GROUP)))
    group = _ensure_organisations_group(session)
    if existed is None:
        changes = changes.merged(Changes(codes=frozenset({group}), code_tree=True))
    case = ensure_case(session, name)
    if case.cases:
        changes = changes.merged(Changes(cases=case.cases, messages=(f"created case '{name}'",)))
    code_id = organisation_codes(session).get(name)
    if code_id is None:
        added = add_code(session, name, parent_id=group, colour=ORG_CODE_COLOUR)
        code_id = added.created_id
        changes = changes.merged(added).merged(
            Changes(messages=(f"created code '{ORGANISATIONS_GROUP}/{name}'",))
        )
    return changes.with_created(code_id)  # type: ignore[arg-type]  # found or just added, so an id


def set_organisation(
    session: Session,
    name: str,
    *,
    org_type: str | None = None,
    country: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    interviewed: bool | None = None,
) -> Changes:
    """Create or update organisation ``name`` (its case and mention code); ``created_id`` = case id.

    Only the attributes given change. A country without a position places the organisation at
    the country's centroid, unless it already has a position of its own.
    """
    if (lat is None) != (lon is None):
        raise QcoderError("give both latitude and longitude, or neither")
    if lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):  # type: ignore[operator]  # lon is given with lat (checked above)
        raise QcoderError("latitude must lie in [-90, 90] and longitude in [-180, 180]")
    if org_type is not None:
        org_type = normalise_org_type(org_type)
    if country is not None and lat is None:
        current = _organisation(session, name)
        if current is None or current.lat is None or current.country != country:
            lat, lon = country_position(country)
    changes = ensure_organisation_code(session, name)
    case_id = session.scalar(select(Case.id).where(Case.name == name.strip()))
    assert case_id is not None
    values: list[tuple[str, str, str]] = []
    if org_type is not None:
        values.append((TYPE, org_type, "text"))
    if country is not None:
        values.append((COUNTRY, country.strip(), "text"))
    if lat is not None and lon is not None:
        values += [(LATITUDE, repr(float(lat)), "number"), (LONGITUDE, repr(float(lon)), "number")]
    if interviewed is not None:
        values.append((INTERVIEWED, "true" if interviewed else "false", "boolean"))
    for attribute, value, value_type in values:
        changes = changes.merged(set_attribute_value(session, "case", case_id, attribute, value, value_type=value_type))
    colour = code_colour_for(org_type)
    code_id = organisation_codes(session).get(name.strip())
    if colour is not None and code_id is not None:  # the tree shows the type as the code's colour
        code = session.get(Code, code_id)
        if code is not None and code.colour != colour:
            code.colour = colour
            changes = changes.merged(Changes(codes=frozenset({code_id})))
    return changes.merged(Changes(cases=frozenset({case_id}))).with_created(case_id)


def rename_organisation(
    session: Session, case_id: int, name: str, *, seen_version: int | None = None,
    code_version: int | None = None,
) -> Changes:
    """Rename an organisation's case and its mention code together, keeping them linked.

    ``seen_version`` / ``code_version``: the case's / the code's version the editor showed.
    """
    case = session.get(Case, case_id)
    if case is None:
        raise QcoderError(f"no case with id {case_id}")
    code_id = organisation_codes(session).get(case.name)
    old = case.name
    changes = rename_case(session, case_id, name, seen_version=seen_version)
    if code_id is not None:
        changes = changes.merged(rename_code(session, code_id, name, seen_version=code_version))
    version = session.scalar(select(Case.version).where(Case.id == case_id))
    return undoable(changes, Edit.of(rename_organisation, case_id, old, seen=Seen("cases", case_id, version)))


def rename_code_and_its_case(session: Session, code_id: int, name: str, *, seen_version: int | None = None) -> Changes:
    """Rename a code; an organisation's mention code takes its case along, so both stay linked.

    ``seen_version`` is the code's version the editor showed.
    """
    code = session.get(Code, code_id)
    old = code.name if code is not None else name
    changes = None
    if code is not None and name != code.name and code.parent_id is not None \
            and code.parent_id == organisations_group_id(session):
        case_id = session.scalar(select(Case.id).where(Case.name == code.name))
        if case_id is not None:
            changes = rename_organisation(session, case_id, name, code_version=seen_version)
    if changes is None:
        changes = rename_code(session, code_id, name, seen_version=seen_version)
    version = session.scalar(select(Code.version).where(Code.id == code_id))
    return undoable(changes, Edit.of(rename_code_and_its_case, code_id, old, seen=Seen("codes", code_id, version)))


def _organisation(session: Session, name: str) -> OrganisationInfo | None:
    return next((o for o in list_organisations(session) if o.name == name.strip()), None)


def _ensure_organisations_group(session: Session) -> int:
    """The ``Organisations`` group of codes, made (not codable) if the project has none yet."""
    found = organisations_group_id(session)
    if found is None:
        found = add_code(
            session, ORGANISATIONS_GROUP, colour=GROUP_COLOUR, codable=False,
            description="Organisations mentioned in passages; each code is linked to the case of the same name.",
        ).created_id
    assert found is not None
    return found
