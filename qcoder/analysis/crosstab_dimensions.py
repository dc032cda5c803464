"""The dimensions of a crosstab: a code group (its children) or an attribute (its values).

Named as a researcher types them: a code path (``On-ramp``), an attribute name
(``Organisation type``), or spelled out as ``code:PATH``, ``case:NAME`` or ``source:NAME`` when
a name could mean both; ``cases`` makes each case (organisation) a category of its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.analysis.frequencies import NO_VALUE, sort_values
from qcoder.core.errors import NotFoundError, QcoderError
from qcoder.core.store.models import Attribute, AttributeValue, Case, Code, Source, case_sources
from qcoder.core.usecases.queries.code_tree import children_of, code_path, resolve_code_path


@dataclass(frozen=True, eq=False)
class Dimension:
    kind: str
    """``codes``, ``attribute`` or ``cases``."""
    label: str
    categories: tuple[str, ...]
    fold: dict[int, int] = field(default_factory=dict)
    """For a code group: every code below it → the index of the child (category) it belongs to."""
    category_codes: tuple[int, ...] = ()
    """For a code group: the code id of each category."""
    colours: tuple[str, ...] = ()
    attribute_id: int | None = None
    applies_to: str | None = None

    @property
    def spec(self) -> str:
        """How to name this dimension again (CLI, saved settings)."""
        if self.kind == "cases":
            return CASES_SPEC
        return f"code:{self.label}" if self.kind == "codes" else f"{self.applies_to}:{self.label}"


CASES_SPEC = "cases"


def resolve_dimension(session: Session, spec: str) -> Dimension:
    spec = spec.strip()
    if spec.lower() == CASES_SPEC:
        return cases_dimension(session)
    prefix, _, rest = spec.partition(":")
    if prefix in ("code", "case", "source") and rest:
        if prefix == "code":
            return code_group_dimension(session, resolve_code_path(session, rest))
        return attribute_dimension(session, rest.strip(), prefix)
    try:
        return code_group_dimension(session, resolve_code_path(session, spec))
    except NotFoundError:
        pass
    found = list(session.execute(select(Attribute.applies_to).where(Attribute.name == spec)).scalars())
    if not found:
        raise NotFoundError(f"'{spec}' is neither a code group nor an attribute")
    if len(found) > 1:
        raise QcoderError(f"'{spec}' is both a case and a source attribute: write case:{spec} or source:{spec}")
    return attribute_dimension(session, spec, found[0])


def code_group_dimension(session: Session, group_id: int) -> Dimension:
    children = children_of(session, group_id)
    label = code_path(session, group_id)
    if not children:
        raise QcoderError(f"'{label}' has no codes below it to make rows or columns of")
    below: dict[int, list[int]] = defaultdict(list)
    for code_id, parent_id in session.execute(select(Code.id, Code.parent_id)):
        if parent_id is not None:
            below[parent_id].append(code_id)
    fold: dict[int, int] = {}
    for index, child in enumerate(children):
        stack = [child.id]
        while stack:  # the child and everything below it, from one read of the tree
            code_id = stack.pop()
            fold[code_id] = index
            stack.extend(below.get(code_id, ()))
    return Dimension(
        "codes", label, tuple(c.name for c in children), fold,
        tuple(c.id for c in children), tuple(c.colour for c in children),
    )


def attribute_dimension(session: Session, name: str, applies_to: str) -> Dimension:
    attribute = session.scalar(
        select(Attribute).where((Attribute.name == name) & (Attribute.applies_to == applies_to))
    )
    if attribute is None:
        raise NotFoundError(f"no {applies_to} attribute '{name}'")
    owners = session.execute(select(Case.id if applies_to == "case" else Source.id)).scalars().all()
    column = AttributeValue.case_id if applies_to == "case" else AttributeValue.source_id
    values = dict(
        session.execute(select(column, AttributeValue.value).where(AttributeValue.attribute_id == attribute.id)).all()
    )
    missing = any(owner not in values for owner in owners)
    if applies_to == "case":
        linked = set(session.execute(select(case_sources.c.source_id)).scalars())
        missing |= any(source not in linked for source in session.execute(select(Source.id)).scalars())
    categories = sort_values(list(values.values()) + ([NO_VALUE] if missing else []), attribute.value_type)
    return Dimension("attribute", name, tuple(categories), attribute_id=attribute.id, applies_to=applies_to)


def cases_dimension(session: Session) -> Dimension:
    """Every case a category (by name); sources in no case fall under "(no value)"."""
    names = sorted(session.execute(select(Case.name)).scalars(), key=str.casefold)
    linked = set(session.execute(select(case_sources.c.source_id)).scalars())
    missing = any(source not in linked for source in session.execute(select(Source.id)).scalars())
    return Dimension("cases", "Cases", tuple(names) + ((NO_VALUE,) if missing else ()), applies_to="case")


def source_categories(session: Session, dimension: Dimension, source_ids: Collection[int]) -> dict[int, tuple[int, ...]]:
    """Each source → the indices of the attribute values it has (through its cases if a case
    attribute), or of its cases themselves for the ``cases`` dimension."""
    index = {value: i for i, value in enumerate(dimension.categories)}
    if dimension.kind == "cases":
        case_names = dict(session.execute(select(Case.id, Case.name)).all())
        of_source: dict[int, list[int]] = defaultdict(list)
        for case_id, source_id in session.execute(select(case_sources.c.case_id, case_sources.c.source_id)):
            of_source[source_id].append(index[case_names[case_id]])
        return {s: tuple(sorted(of_source.get(s, ()))) or (index[NO_VALUE],) for s in source_ids}
    column = AttributeValue.case_id if dimension.applies_to == "case" else AttributeValue.source_id
    values = dict(
        session.execute(
            select(column, AttributeValue.value).where(AttributeValue.attribute_id == dimension.attribute_id)
        ).all()
    )
    result: dict[int, tuple[int, ...]] = {}
    if dimension.applies_to == "source":
        for source_id in source_ids:
            result[source_id] = (index[values.get(source_id, NO_VALUE)],)
        return result
    cases: dict[int, list[int]] = defaultdict(list)
    for case_id, source_id in session.execute(select(case_sources.c.case_id, case_sources.c.source_id)):
        cases[source_id].append(case_id)
    for source_id in source_ids:
        found = {values.get(case_id, NO_VALUE) for case_id in cases.get(source_id, ())} or {NO_VALUE}
        result[source_id] = tuple(sorted(index[v] for v in found))
    return result
