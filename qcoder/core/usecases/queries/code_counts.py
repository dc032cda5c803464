"""How far each code reaches, by the one counting rule of docs/ARCHITECTURE.md §11.

- a *passage* is a distinct coded span (source, start, end) of a code, counted once however many
  coders coded it with that code;
- a *coding* is one coder's coding of a passage;
- *sources* and *cases* count the distinct sources and cases the passages are in.

Each figure comes twice: for the code itself and for the code with everything below it (a span
coded with two sub-codes of a parent is one passage of the parent).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.store.models import Code, Coding, case_sources


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
    when given; zeros included), of one coder's codings only when ``coder_id`` is given.

    One pass over the codings of the codes concerned (read as plain rows): each adds to its code
    and to every ancestor, so that a span coded with two sub-codes is one passage of the parent.
    """
    parents = dict(session.execute(select(Code.id, Code.parent_id)).all())
    children: dict[int, list[int]] = defaultdict(list)
    for code_id, parent_id in parents.items():
        if parent_id is not None:
            children[parent_id].append(code_id)
    wanted: set[int] = set(parents)
    if code_ids is not None:
        wanted = set()
        for code_id in code_ids:
            current: int | None = code_id
            while current is not None and current not in wanted:
                wanted.add(current)
                current = parents.get(current)
    wanted &= set(parents)
    query = select(Coding.code_id, Coding.source_id, Coding.start, Coding.end)
    if code_ids is not None:
        counted = sorted({c for code_id in wanted for c in _subtree(code_id, children)})
        query = query.where(Coding.code_id.in_(counted))
    if coder_id is not None:
        query = query.where(Coding.coder_id == coder_id)
    own_codings: dict[int, int] = defaultdict(int)
    total_codings: dict[int, int] = defaultdict(int)
    own_spans: dict[int, set[tuple[int, int, int]]] = defaultdict(set)
    total_spans: dict[int, set[tuple[int, int, int]]] = defaultdict(set)
    lineage: dict[int, list[int]] = {}
    for code_id, source_id, start, end in session.execute(query):
        span = (source_id, start, end)
        own_codings[code_id] += 1
        own_spans[code_id].add(span)
        line = lineage.get(code_id)
        if line is None:
            line = lineage[code_id] = _lineage(code_id, parents, wanted)
        for ancestor in line:
            total_codings[ancestor] += 1
            total_spans[ancestor].add(span)
    sources_of_case = _cases_of(session, {span[0] for spans in total_spans.values() for span in spans})
    result: dict[int, CodeReach] = {}
    for code_id in wanted:
        mine, everything = own_spans.get(code_id, set()), total_spans.get(code_id, set())
        result[code_id] = CodeReach(
            len(mine), *_sources_and_cases(mine, sources_of_case), own_codings.get(code_id, 0),
            len(everything), total_codings.get(code_id, 0), *_sources_and_cases(everything, sources_of_case),
        )
    return result


def _lineage(code_id: int, parents: dict[int, int | None], wanted: set[int]) -> list[int]:
    """The code and its ancestors, those among ``wanted``."""
    line: list[int] = []
    current: int | None = code_id
    while current is not None:
        if current in wanted:
            line.append(current)
        current = parents.get(current)
    return line


def _sources_and_cases(spans: set[tuple[int, int, int]], cases_of: dict[int, set[int]]) -> tuple[int, int]:
    sources = {span[0] for span in spans}
    cases: set[int] = set()
    for source_id in sources:
        cases |= cases_of.get(source_id, set())
    return len(sources), len(cases)


def _subtree(code_id: int, children: dict[int, list[int]]) -> list[int]:
    found, stack = [], [code_id]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, ()))
    return found


def _cases_of(session: Session, source_ids: set[int]) -> dict[int, set[int]]:
    cases: dict[int, set[int]] = defaultdict(set)
    if source_ids:
        for case_id, source_id in session.execute(select(case_sources.c.case_id, case_sources.c.source_id)):
            if source_id in source_ids:
                cases[source_id].add(case_id)
    return cases
