"""How often: per code (passages, sources, cases, coders) and per attribute value.

Counted by the one rule of docs/ARCHITECTURE.md §11: *passages* are distinct coded spans, once however
many coders coded them; *codings* are coder × passage. Every figure keeps the coding ids behind
it, so that a view can list its passages. A group's ``total_*`` figures count its own passages
and those of every code below it (a span coded with two sub-codes is one passage of the parent).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.store.models import Attribute, AttributeValue, Case, Coding, Source, case_sources
from qcoder.core.usecases.queries.code_tree import list_codes

NO_VALUE = "(no value)"


@dataclass(frozen=True)
class CodeFrequency:
    code_id: int
    path: str
    name: str
    colour: str
    codable: bool
    depth: int
    passages: int
    """Distinct spans coded with this code itself."""
    sources: int
    cases: int
    coders: int
    characters: int
    """Characters coded (overlaps within the code counted once per passage)."""
    total_passages: int
    total_sources: int
    total_cases: int
    total_coders: int
    coding_ids: tuple[int, ...]
    """This code's own codings."""
    total_coding_ids: tuple[int, ...]
    """Its codings and those of every code below it."""
    codings: int = 0
    total_codings: int = 0


@dataclass(frozen=True)
class AttributeFrequency:
    attribute: str
    applies_to: str
    """``case`` or ``source``."""
    value: str
    owners: int
    """Cases (or sources) with this value."""
    sources: int
    passages: int
    """Distinct coded spans (once however many coders, or codes, coded them) in these sources."""
    coding_ids: tuple[int, ...]
    codings: int = 0


Row = tuple[int, int, int, int, int, int]
"""(id, code, source, coder, length, start) of a coding."""


def _codings(session: Session, coding_ids: Collection[int] | None) -> list[Row]:
    """(id, code, source, coder, length, start) of every coding, or of those in ``coding_ids``."""
    rows = session.execute(
        select(Coding.id, Coding.code_id, Coding.source_id, Coding.coder_id, Coding.end - Coding.start, Coding.start)
    ).all()
    if coding_ids is not None:
        keep = coding_ids if isinstance(coding_ids, (set, frozenset)) else set(coding_ids)
        rows = [row for row in rows if row[0] in keep]
    return [tuple(row) for row in rows]  # type: ignore[misc]  # rows of the columns selected


def cases_of_sources(session: Session) -> dict[int, tuple[int, ...]]:
    """Each source (that has any) → the ids of its cases."""
    cases: dict[int, list[int]] = defaultdict(list)
    for case_id, source_id in session.execute(select(case_sources.c.case_id, case_sources.c.source_id)):
        cases[source_id].append(case_id)
    return {source: tuple(ids) for source, ids in cases.items()}


def code_frequencies(session: Session, *, coding_ids: Collection[int] | None = None) -> list[CodeFrequency]:
    """One row per code, in tree order; ``coding_ids`` (a saved query's result) limits what counts."""
    codes = list_codes(session)
    rows = _codings(session, coding_ids)
    source_cases = cases_of_sources(session)
    own: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        own[row[1]].append(row)
    parent = {c.id: c.parent_id for c in codes}
    subtree: dict[int, list[Row]] = defaultdict(list)
    for code_id, code_rows in own.items():
        current: int | None = code_id
        while current is not None:
            subtree[current].extend(code_rows)
            current = parent.get(current)
    result = []
    for code in codes:
        mine, everything = own.get(code.id, []), subtree.get(code.id, [])
        result.append(CodeFrequency(
            code_id=code.id, path=code.path, name=code.name, colour=code.colour, codable=code.codable,
            depth=_depth(code.id, parent),
            passages=_passages(mine), sources=_distinct(r[2] for r in mine),
            cases=_case_count(mine, source_cases), coders=_distinct(r[3] for r in mine),
            characters=sum(r[4] for r in mine),
            total_passages=_passages(everything), total_sources=_distinct(r[2] for r in everything),
            total_cases=_case_count(everything, source_cases), total_coders=_distinct(r[3] for r in everything),
            coding_ids=tuple(sorted(r[0] for r in mine)), total_coding_ids=tuple(sorted(r[0] for r in everything)),
            codings=len(mine), total_codings=len(everything),
        ))
    return result


def _depth(code_id: int, parent: dict[int, int | None]) -> int:
    depth, current = 0, parent.get(code_id)
    while current is not None:
        depth, current = depth + 1, parent.get(current)
    return depth


def _passages(rows: list[Row]) -> int:
    """Distinct spans (source, start, end): the same span coded by two coders is one passage."""
    return len({(r[2], r[5], r[5] + r[4]) for r in rows})


def _distinct(values: Iterable[int]) -> int:
    return len(set(values))


def _case_count(rows: list[Row], source_cases: dict[int, tuple[int, ...]]) -> int:
    return len({case for row in rows for case in source_cases.get(row[2], ())})


def attribute_frequencies(session: Session, *, coding_ids: Collection[int] | None = None) -> list[AttributeFrequency]:
    """One row per value of every case and source attribute (and one for cases or sources without)."""
    rows = _codings(session, coding_ids)
    by_source: dict[int, list[int]] = defaultdict(list)
    span_of: dict[int, tuple[int, int, int]] = {}
    for row in rows:
        by_source[row[2]].append(row[0])
        span_of[row[0]] = (row[2], row[5], row[5] + row[4])
    source_ids = list(session.execute(select(Source.id)).scalars())
    case_ids = list(session.execute(select(Case.id)).scalars())
    sources_of_case: dict[int, list[int]] = defaultdict(list)
    for linked_source, cases in cases_of_sources(session).items():
        for linked_case in cases:
            sources_of_case[linked_case].append(linked_source)
    values: dict[int, dict[int, str]] = defaultdict(dict)
    for attribute_id, case_id, source_id, value in session.execute(
        select(AttributeValue.attribute_id, AttributeValue.case_id, AttributeValue.source_id, AttributeValue.value)
    ):
        holder = case_id if case_id is not None else source_id
        if holder is not None:  # a value belongs to a case or a source
            values[attribute_id][holder] = value
    result: list[AttributeFrequency] = []
    for attribute in session.execute(select(Attribute).order_by(Attribute.applies_to, Attribute.name)).scalars():
        owners = case_ids if attribute.applies_to == "case" else source_ids
        groups: dict[str, list[int]] = defaultdict(list)
        for owner in owners:
            groups[values[attribute.id].get(owner, NO_VALUE)].append(owner)
        for value in sort_values(groups, attribute.value_type):
            members = groups[value]
            sources = sorted({s for m in members for s in sources_of_case.get(m, ())}) if attribute.applies_to == "case" else members
            coding = sorted(c for s in sources for c in by_source.get(s, ()))
            result.append(AttributeFrequency(
                attribute.name, attribute.applies_to, value, len(members), len(sources),
                len({span_of[c] for c in coding}), tuple(coding), len(coding),
            ))
    return result


def sort_values(values: Iterable[str], value_type: str) -> list[str]:
    """Attribute values in a natural order: numbers numerically, "(no value)" last."""
    values = list(values)
    present = [v for v in values if v != NO_VALUE]

    def key(value: str) -> tuple[int, float, str]:
        if value_type == "number":
            try:
                return (0, float(value), value)
            except ValueError:
                pass
        return (1, 0.0, value.casefold())

    ordered = sorted(set(present), key=key)
    return ordered + ([NO_VALUE] if NO_VALUE in values else [])
