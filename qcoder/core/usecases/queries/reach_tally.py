"""The code tree's counts kept up to date one code at a time, by the counting rule of
:mod:`qcoder.core.usecases.queries.code_counts` (passages are distinct spans; codings are coder × passage;
each figure for the code alone and with its sub-codes).

:class:`ReachTally` keeps, per (code, source), how many codings each distinct span has, and per
(code with its sub-codes, source) how many distinct spans and codings there are. After a coding
only the changed (code, source) pairs are read again — an indexed count of a few rows — and only
those sources' totals of the code's ancestors are redone, instead of counting every passage of
the code (40 ms for a code with 3,000 passages on a busy machine) or of the project.
"""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session

from qcoder.core.snapshots import CodingInfo
from qcoder.core.store.models import Code, Coding, case_sources
from qcoder.core.usecases.queries.code_counts import CodeReach

Span = tuple[int, int]
Pairs = dict[tuple[int, int], Counter[Span]]
"""(code, source) → codings per distinct span (start, end)."""


def passages_per_source(
    session: Session, code_ids: Iterable[int] | None = None, source_ids: Iterable[int] | None = None,
    *, coder_id: int | None = None,
) -> Pairs:
    """Codings per distinct span, per (code, source) — of ``code_ids`` and ``source_ids`` only,
    when given; one coder's only when ``coder_id`` is given."""
    if code_ids is None and source_ids is None:
        return _every_passage(session, coder_id)
    codes = None if code_ids is None else set(code_ids)
    parameters = {"codes": list(codes or ()), "sources": list(source_ids or ()), "coder": coder_id}
    query = _count_statement(codes is not None and source_ids is None, source_ids is not None, coder_id is not None)
    pairs: Pairs = defaultdict(Counter)
    for code, source, start, end, count in session.execute(query, parameters):
        if codes is None or code in codes:
            pairs[(code, source)][(start, end)] = count
    return dict(pairs)


def _every_passage(session: Session, coder_id: int | None) -> Pairs:
    """Every (code, source)'s spans, for the tally of a project just opened: the codings read as
    they lie and counted in Python's C counter. SQL's GROUP BY sorted 100,000 rows in a temporary
    b-tree (three times the scan), and SQLAlchemy's rows cost as much again to hash: the driver's
    own cursor (in the session's transaction) hands back plain tuples."""
    statement = 'SELECT code_id, source_id, start, "end" FROM codings'
    if coder_id is not None:
        statement += f" WHERE coder_id = {int(coder_id)}"  # an int: nothing to quote
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]  # open: the session's own connection
    try:
        cursor.execute(statement)
        counted = Counter(cursor.fetchall())
    finally:
        cursor.close()
    pairs: Pairs = defaultdict(Counter)
    for (code, source, start, end), count in counted.items():
        pairs[(code, source)][(start, end)] = count
    return dict(pairs)


@cache
def _count_statement(by_code: bool, by_source: bool, by_coder: bool) -> Select[int, int, int, int, int]:
    """Built once per shape. With sources given, only the (source, start) index is used: the
    planner's pick of the code index meant reading every passage of the code."""
    query = (select(Coding.code_id, Coding.source_id, Coding.start, Coding.end, func.count())
             .group_by(Coding.code_id, Coding.source_id, Coding.start, Coding.end))
    if by_code:
        query = query.where(Coding.code_id.in_(bindparam("codes", expanding=True)))
    if by_source:
        query = query.where(Coding.source_id.in_(bindparam("sources", expanding=True)))
    if by_coder:  # "+ 0": not by the coder index, which holds half the project
        query = query.where((Coding.coder_id + 0) == bindparam("coder"))
    return query


def cases_of_sources(session: Session) -> dict[int, frozenset[int]]:
    cases: dict[int, set[int]] = defaultdict(set)
    for case, source in session.execute(select(case_sources.c.case_id, case_sources.c.source_id)):
        cases[source].add(case)
    return {source: frozenset(found) for source, found in cases.items()}


def code_parents(session: Session) -> dict[int, int | None]:
    return dict(session.execute(select(Code.id, Code.parent_id)).all())


def load_tally(session: Session, *, coder_id: int | None = None) -> ReachTally:
    """The tally of every passage. Python's cycle collector is paused meanwhile: the hundred
    thousand spans made here all stay, and its passes over them cost a third of the load."""
    was_collecting = gc.isenabled()
    gc.disable()
    try:
        return ReachTally(passages_per_source(session, coder_id=coder_id), cases_of_sources(session),
                          code_parents(session))
    finally:
        if was_collecting:
            gc.enable()


class ReachTally:
    def __init__(self, passages: Pairs, cases_of: dict[int, frozenset[int]],
                 parents: dict[int, int | None] | None = None) -> None:
        self._own: dict[int, dict[int, Counter[Span]]] = defaultdict(dict)
        for (code, source), spans in passages.items():
            if spans:
                self._own[code][source] = spans
        self._cases_of = cases_of
        self.set_parents(parents or {})

    def set_parents(self, parents: dict[int, int | None]) -> None:
        """Take the code tree's shape (after a move or a new code) and redo every total."""
        self._parents = parents
        self._forget_figures()
        self._children: dict[int, list[int]] = defaultdict(list)
        for code, parent in parents.items():
            if parent is not None:
                self._children[parent].append(code)
        self._total: dict[int, dict[int, tuple[int, int]]] = defaultdict(dict)
        """(code with its sub-codes) → source → (distinct spans, codings)"""
        sources_of: dict[int, set[int]] = defaultdict(set)
        for code, by_source in self._own.items():
            for ancestor in self._lineage(code):
                sources_of[ancestor].update(by_source)
        for ancestor, sources in sources_of.items():
            own = self._own.get(ancestor, {})
            if self._children.get(ancestor):
                for source in sources:
                    self._retotal(ancestor, source)
            else:  # a code without sub-codes: its total is its own (most codes; no sets to join)
                self._total[ancestor] = {source: (len(own[source]), sum(own[source].values())) for source in sources}

    def add_code(self, code: int, parent: int | None) -> None:
        """A new code with no passages yet: its place in the tree, no total changes."""
        self._parents[code] = parent
        if parent is not None:
            self._children[parent].append(code)

    def _lineage(self, code: int) -> list[int]:
        line: list[int] = []
        current: int | None = code
        seen: set[int] = set()
        while current is not None and current not in seen:
            seen.add(current)
            line.append(current)
            current = self._parents.get(current)
        return line

    def _subtree(self, code: int) -> list[int]:
        found, stack = [], [code]
        while stack:
            current = stack.pop()
            found.append(current)
            stack.extend(self._children.get(current, ()))
        return found

    def _retotal(self, ancestor: int, source: int) -> None:
        spans: set[Span] = set()
        codings = 0
        for code in self._subtree(ancestor):
            counted = self._own.get(code, {}).get(source)
            if counted:
                spans.update(counted)
                codings += sum(counted.values())
        if spans:
            self._total[ancestor][source] = (len(spans), codings)
        else:
            self._total[ancestor].pop(source, None)

    def _cases(self, sources: Iterable[int]) -> int:
        cases: set[int] = set()
        for source in sources:
            cases |= self._cases_of.get(source, frozenset())
        return len(cases)

    def reach(self, code_id: int) -> CodeReach:
        own, total = self._figures_of(code_id)
        return CodeReach(own.passages, own.sources, len(own.cases), own.codings,
                         total.passages, total.codings, total.sources, len(total.cases))

    def _forget_figures(self) -> None:
        self._figures: dict[int, tuple[_Figures, _Figures]] = {}
        """code → its figures alone and with its sub-codes, once asked for; :meth:`shift` keeps them."""
        self._merged: dict[tuple[int, int], Counter[Span]] = {}
        """(code with its sub-codes, source) → codings per distinct span, once a shift needed it."""

    def _figures_of(self, code_id: int) -> tuple[_Figures, _Figures]:
        figures = self._figures.get(code_id)
        if figures is None:
            own, total = _Figures(), _Figures()
            for source, spans in self._own.get(code_id, {}).items():
                own.take(source, 0, len(spans), sum(spans.values()), self._cases_of)
            for source, (passages, codings) in self._total.get(code_id, {}).items():
                total.take(source, 0, passages, codings, self._cases_of)
            figures = self._figures[code_id] = (own, total)
        return figures

    def everything(self) -> dict[int, CodeReach]:
        """Every code with a passage, of its own or below it."""
        return {code: self.reach(code) for code, by_source in self._total.items() if by_source}

    def recount(self, code_ids: Iterable[int], source_ids: Iterable[int] | None, passages: Pairs) -> dict[int, CodeReach]:
        """Take ``passages`` as the new counts of ``code_ids`` in ``source_ids`` (in every
        source when ``None``); the reach of those codes and their ancestors as it now stands."""
        codes = list(code_ids)
        self._forget_figures()
        touched: set[int] = set()
        for code in codes:
            own = self._own[code]
            for source in list(own) if source_ids is None else source_ids:
                if own.pop(source, None) is not None:
                    touched.add(source)
        for (code, source), spans in passages.items():
            if spans:
                self._own[code][source] = spans
                touched.add(source)
        changed = {ancestor for code in codes for ancestor in self._lineage(code)}
        for ancestor in changed:
            for source in touched:
                self._retotal(ancestor, source)
        return {code: self.reach(code) for code in changed}

    def shift(self, before: Iterable[CodingInfo], after: Iterable[CodingInfo], *,
              coder_id: int | None = None) -> dict[int, CodeReach]:
        """Take codings as they were (``before``) out of the counts and as they now are
        (``after``) in — one coder's only when ``coder_id`` is given — without reading anything;
        the reach of the codes touched and their ancestors as it now stands."""
        touched: set[int] = set()
        for codings, step in ((before, -1), (after, 1)):
            for coding in codings:
                if coder_id is not None and coding.coder_id != coder_id:
                    continue
                self._step(coding.code_id, coding.source_id, (coding.start, coding.end), step)
                touched.update(self._lineage(coding.code_id))
        return {code: self.reach(code) for code in touched}

    def _step(self, code: int, source: int, span: Span, step: int) -> None:
        """One coding of ``span`` more (``step`` 1) or fewer (-1): the counts of the code and of
        its ancestors in that source, and their figures, in a time independent of their size."""
        lineage = self._lineage(code)
        merged = [self._merged_counts(ancestor, source) for ancestor in lineage]  # as they stand before
        spans = self._own[code].setdefault(source, Counter())
        had = len(spans)
        _count(spans, span, step)
        if not spans:
            del self._own[code][source]
        if code in self._figures:
            self._figures[code][0].take(source, had, len(spans), step, self._cases_of)
        for ancestor, counts in zip(lineage, merged):
            totals = self._total[ancestor]
            was = totals.get(source, (0, 0))
            _count(counts, span, step)
            now = (len(counts), was[1] + step)
            if counts:
                totals[source] = now
            else:
                totals.pop(source, None)
            if ancestor in self._figures:
                self._figures[ancestor][1].take(source, was[0], now[0], step, self._cases_of)

    def _merged_counts(self, ancestor: int, source: int) -> Counter[Span]:
        """Codings per distinct span of the code and its sub-codes in a source, counted once."""
        counts = self._merged.get((ancestor, source))
        if counts is None:
            counts = Counter()
            for code in self._subtree(ancestor):
                counts.update(self._own.get(code, {}).get(source) or {})
            self._merged[(ancestor, source)] = counts
        return counts


def _count(counts: Counter[Span], span: Span, step: int) -> None:
    counts[span] += step
    if counts[span] <= 0:
        del counts[span]


class _Figures:
    """A code's passages, codings, sources and cases (each case counted once however many of
    its sources hold passages), kept by adding and taking out one source's counts."""

    __slots__ = ("cases", "codings", "passages", "sources")

    def __init__(self) -> None:
        self.passages = self.codings = self.sources = 0
        self.cases: Counter[int] = Counter()
        """case → how many of the sources counted belong to it."""

    def take(self, source: int, was: int, now: int, codings: int, cases_of: dict[int, frozenset[int]]) -> None:
        """A source's passages went from ``was`` to ``now`` and its codings changed by ``codings``."""
        self.passages += now - was
        self.codings += codings
        if bool(was) != bool(now):
            step = 1 if now else -1
            self.sources += step
            for case in cases_of.get(source, ()):
                self.cases[case] += step
                if self.cases[case] <= 0:
                    del self.cases[case]
