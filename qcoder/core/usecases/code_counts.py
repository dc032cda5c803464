"""How far each code reaches, by the one counting rule of DESIGN.md §5.

- a *passage* is a distinct coded span (source, start, end) of a code, counted once however many
  coders coded it with that code;
- a *coding* is one coder's coding of a passage;
- *sources* and *cases* count the distinct sources and cases the passages are in.

Each figure comes twice: for the code itself and for the code with everything below it (a span
coded with two sub-codes of a parent is one passage of the parent). Counted in SQL, so that the
code tree of a large study stays quick.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from qcoder.core.models import Code, Coding, case_sources

COUNT_LABELS = {
    "passages": "passages (distinct coded spans, once however many coders coded them)",
    "codings": "codings (one per coder and passage)",
    "sources": "sources with a passage",
    "cases": "cases with a passage",
}


@dataclass(frozen=True)
class CodeReach:
    """A code's passages, codings, sources and cases: its own and (``total_*``) with its sub-codes."""

    passages: int = 0
    sources: int = 0
    cases: int = 0
    codings: int = 0
    total_passages: int = 0
    total_codings: int = 0
    total_sources: int = 0
    total_cases: int = 0


def code_reach(
    session: Session, code_ids: Iterable[int] | None = None, *, coder_id: int | None = None
) -> dict[int, CodeReach]:
    """The counts of every code (of ``code_ids`` and their ancestors, whose totals they change,
    when given; zeros included), of one coder's codings only when ``coder_id`` is given."""
    parents = dict(session.execute(select(Code.id, Code.parent_id)).all())
    ids: set[int] | None = None
    if code_ids is not None:
        ids = set()
        for code_id in code_ids:
            current: int | None = code_id
            while current is not None and current not in ids:
                ids.add(current)
                current = parents.get(current)
    own = _counts(session, _codes_themselves(ids), coder_id)
    total = _counts(session, _codes_below(ids), coder_id)
    wanted = ids if ids is not None else set(parents)
    zero = (0, 0, 0, 0)
    return {
        code_id: CodeReach(*_reordered(own.get(code_id, zero)), *total.get(code_id, zero))
        for code_id in wanted if code_id in parents
    }


def _reordered(values: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    passages, codings, sources, cases = values
    return passages, sources, cases, codings


def _codes_themselves(ids: set[int] | None) -> Any:
    """(top, code) pairs: each code standing for itself."""
    query = select(Code.id.label("top"), Code.id.label("code"))
    if ids is not None:
        query = query.where(Code.id.in_(sorted(ids)))
    return query.cte("own_codes")


def _codes_below(ids: set[int] | None) -> Any:
    """(top, code) pairs: each code and every code below it."""
    base = select(Code.id.label("top"), Code.id.label("code"))
    if ids is not None:
        base = base.where(Code.id.in_(sorted(ids)))
    below = base.cte("codes_below", recursive=True)
    child = select(below.c.top, Code.id).join(Code, Code.parent_id == below.c.code)
    return below.union_all(child)


def _counts(session: Session, pairs: Any, coder_id: int | None) -> dict[int, tuple[int, int, int, int]]:
    """top → (passages, codings, sources, cases) over the codings of the codes paired with it."""

    def coded(*columns: Any) -> Select[Any]:
        query = select(*columns).select_from(pairs).join(Coding, Coding.code_id == pairs.c.code)
        return query if coder_id is None else query.where(Coding.coder_id == coder_id)

    spans = coded(pairs.c.top, Coding.source_id, Coding.start, Coding.end).distinct().subquery()
    passages = dict(session.execute(select(spans.c.top, func.count()).group_by(spans.c.top)).all())
    codings = {
        top: (count, sources)
        for top, count, sources in session.execute(
            coded(pairs.c.top, func.count(), func.count(func.distinct(Coding.source_id))).group_by(pairs.c.top)
        )
    }
    cases = dict(
        session.execute(
            coded(pairs.c.top, func.count(func.distinct(case_sources.c.case_id)))
            .join(case_sources, case_sources.c.source_id == Coding.source_id)
            .group_by(pairs.c.top)
        ).all()
    )
    return {
        top: (passages.get(top, 0), count, sources, cases.get(top, 0))
        for top, (count, sources) in codings.items()
    }
