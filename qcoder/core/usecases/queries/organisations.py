"""The reads about organisations, for views and exports; the edits are in
:mod:`qcoder.core.usecases.commands.organisations`."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.errors import QcoderError
from qcoder.core.store.models import Code
from qcoder.core.usecases.queries.cases import list_cases

ORGANISATIONS_GROUP = "Organisations"


ORG_TYPES = (
    "non-profit/grassroots",
    "public research institute or public body",
    "small or medium enterprise",
    "large enterprise",
)


MENTIONED_ONLY = "mentioned only"


TYPE, COUNTRY, LATITUDE, LONGITUDE, INTERVIEWED = "type", "country", "latitude", "longitude", "interviewed"


_TYPE_WORDS = {
    "non-profit/grassroots": ("nonprofit", "non-profit", "non profit", "grassroots", "ngo", "community"),
    "public research institute or public body": ("public", "research", "university", "institute", "government"),
    "small or medium enterprise": ("sme", "small", "medium", "startup", "start-up"),
    "large enterprise": ("large", "enterprise", "big tech", "corporation"),
}


GROUP_COLOUR = "#6C757D"


@dataclass(frozen=True)
class OrganisationInfo:
    case_id: int | None
    """``None`` for an organisation known only by its code (no case yet)."""
    name: str
    org_type: str | None
    country: str | None
    lat: float | None
    lon: float | None
    interviewed: bool | None
    source_ids: tuple[int, ...]
    code_id: int | None

    @property
    def mentioned_only(self) -> bool:
        """Neither marked as interviewed nor the case of any source: it is only talked about."""
        if self.interviewed is not None:
            return not self.interviewed
        return not self.source_ids

    @property
    def category(self) -> str:
        """What the map colours it by: its type, or ``mentioned only``."""
        if self.mentioned_only:
            return MENTIONED_ONLY
        return self.org_type or MENTIONED_ONLY


def normalise_org_type(text: str) -> str:
    """One of :data:`ORG_TYPES` from a full name, a short form (``sme``, ``large``) or an index 1–4."""
    wanted = text.strip().lower()
    if wanted in ORG_TYPES:
        return wanted
    if wanted in {"1", "2", "3", "4"}:
        return ORG_TYPES[int(wanted) - 1]
    matches = [t for t, words in _TYPE_WORDS.items() if any(w in wanted for w in words)]
    if len(matches) == 1:
        return matches[0]
    raise QcoderError(f"unknown organisation type '{text}'; use one of: {'; '.join(ORG_TYPES)}")


def organisations_group_id(session: Session) -> int | None:
    """The id of the ``Organisations`` group of codes, if the project has one."""
    return session.scalar(
        select(Code.id).where(Code.parent_id.is_(None) & (Code.name == ORGANISATIONS_GROUP))
    )


def organisation_codes(session: Session) -> dict[str, int]:
    """Name → id of every code directly under the ``Organisations`` group."""
    group = organisations_group_id(session)
    if group is None:
        return {}
    return dict(session.execute(select(Code.name, Code.id).where(Code.parent_id == group)).all())


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def list_organisations(session: Session) -> list[OrganisationInfo]:
    """Every organisation: a case with a type or a mention code, or a mention code without a case.

    Sorted by name.
    """
    codes = organisation_codes(session)
    result: list[OrganisationInfo] = []
    seen: set[str] = set()
    for case in list_cases(session):
        values = dict(case.attributes)
        if case.name not in codes and TYPE not in values:
            continue
        interviewed = values.get(INTERVIEWED)
        result.append(
            OrganisationInfo(
                case_id=case.id, name=case.name, org_type=values.get(TYPE), country=values.get(COUNTRY),
                lat=_float(values.get(LATITUDE)), lon=_float(values.get(LONGITUDE)),
                interviewed=None if interviewed is None else interviewed == "true",
                source_ids=case.source_ids, code_id=codes.get(case.name),
            )
        )
        seen.add(case.name)
    for name, code_id in codes.items():
        if name not in seen:
            result.append(OrganisationInfo(None, name, None, None, None, None, None, (), code_id))
    return sorted(result, key=lambda o: o.name.lower())
