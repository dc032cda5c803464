"""Crosstabs: a code group against an attribute or another code group, optionally split by a third.

The rows are the children of a code group (each with everything below it: a passage coded
``Pre-training/Data collection`` is a pre-training passage). A row passage falls in a column
(and a layer of the third dimension) by

- an attribute: the value its source has (a source attribute) or its source's case has (a case
  attribute); a source without one falls under "(no value)";
- a code group: a code of that column coded together with it (overlap, same turn or same
  source, by the same coder unless ``same_coder`` is false, as in
  :mod:`qcoder.analysis.cooccurrence_units`); a passage with none is left out.

A cell counts, by the one rule of docs/ARCHITECTURE.md §11, *passages* (distinct spans of the row codes,
once however many coders coded them), *codings* (coder × passage), or the distinct *sources* or
*cases* they come from; it keeps its coding ids so that a view can list them. ``consensus``
keeps only the passages coded by enough coders (:mod:`qcoder.analysis.consensus`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from qcoder.analysis.consensus import describe_consensus
from qcoder.analysis.cooccurrence_units import check_unit, codes_together
from qcoder.analysis.crosstab_dimensions import Dimension, resolve_dimension, source_categories
from qcoder.analysis.frequencies import cases_of_sources
from qcoder.analysis.map_inputs import CODE, CODING, END, START, load_spans, load_turns
from qcoder.core.errors import QcoderError

COUNTS = ("passages", "codings", "sources", "cases")


@dataclass(frozen=True)
class CrosstabCell:
    coding_ids: tuple[int, ...]
    sources: int
    cases: int
    passages: int = 0
    """Distinct spans among the codings (the same span coded by two coders is one passage)."""

    def value(self, count: str) -> int:
        return {
            "passages": self.passages, "codings": len(self.coding_ids), "sources": self.sources, "cases": self.cases,
        }[count]


EMPTY_CELL = CrosstabCell((), 0, 0, 0)


@dataclass(frozen=True)
class Crosstab:
    rows: Dimension
    columns: Dimension
    by: Dimension | None
    count: str
    unit: str
    cells: dict[tuple[int, int, int], CrosstabCell] = field(default_factory=dict)
    consensus: int | str | None = None
    """(layer, row, column) indices → cell; the layer is 0 without a third dimension."""
    row_totals: dict[tuple[int, int], CrosstabCell] = field(default_factory=dict)
    column_totals: dict[tuple[int, int], CrosstabCell] = field(default_factory=dict)
    layer_totals: dict[int, CrosstabCell] = field(default_factory=dict)

    @property
    def layers(self) -> tuple[str, ...]:
        return self.by.categories if self.by is not None else ("",)

    def cell(self, layer: int, row: int, column: int) -> CrosstabCell:
        return self.cells.get((layer, row, column), EMPTY_CELL)

    def table(self, layer: int = 0) -> list[list[int]]:
        return [
            [self.cell(layer, r, c).value(self.count) for c in range(len(self.columns.categories))]
            for r in range(len(self.rows.categories))
        ]

    def maximum(self) -> int:
        return max((cell.value(self.count) for cell in self.cells.values()), default=0)

    @property
    def caption(self) -> str:
        """What the numbers are, in words (see :func:`crosstab_caption`)."""
        return crosstab_caption(self)


def crosstab(
    session: Session,
    rows: str,
    columns: str,
    *,
    by: str | None = None,
    count: str = "passages",
    unit: str = "overlap",
    coding_ids: Collection[int] | None = None,
    same_coder: bool = True,
    consensus: int | str | None = None,
) -> Crosstab:
    """A crosstab of the group ``rows`` against ``columns`` (and ``by``), named as in the CLI.

    A dimension is a code path (``On-ramp``), an attribute (``Organisation type``), or either
    spelled out: ``code:PATH``, ``case:NAME``, ``source:NAME``. ``coding_ids`` (a saved query's
    result) limits the row passages.
    """
    if count not in COUNTS:
        raise QcoderError(f"count must be one of {', '.join(COUNTS)}")
    check_unit(unit)
    row_dim = resolve_dimension(session, rows)
    if row_dim.kind != "codes":
        raise QcoderError(f"the rows must be a code group; '{rows}' is an attribute")
    col_dim = resolve_dimension(session, columns)
    by_dim = resolve_dimension(session, by) if by else None
    return build_crosstab(session, row_dim, col_dim, by_dim, count=count, unit=unit, coding_ids=coding_ids,
                         same_coder=same_coder, consensus=consensus)


def build_crosstab(
    session: Session,
    rows: Dimension,
    columns: Dimension,
    by: Dimension | None,
    *,
    count: str = "passages",
    unit: str = "overlap",
    coding_ids: Collection[int] | None = None,
    same_coder: bool = True,
    consensus: int | str | None = None,
) -> Crosstab:
    if count not in COUNTS:
        raise QcoderError(f"count must be one of {', '.join(COUNTS)}")
    dimensions = [d for d in (rows, columns, by) if d is not None]
    needed: set[int] = set()
    for dimension in dimensions:
        needed |= set(dimension.fold)
    spans = load_spans(session, needed, consensus=consensus)
    keep = None if coding_ids is None else (coding_ids if isinstance(coding_ids, (set, frozenset)) else set(coding_ids))
    row_fold = rows.fold
    anchors: dict[int, tuple[int, int]] = {}  # coding → (source, row category)
    passage_of: dict[int, tuple[int, int, int]] = {}  # coding → its span (source, start, end)
    for source_id, source_spans in spans.items():
        for span in source_spans:
            category = row_fold.get(span[CODE])
            if category is not None and (keep is None or span[CODING] in keep):
                anchors[span[CODING]] = (source_id, category)
                passage_of[span[CODING]] = (source_id, span[START], span[END])
    if keep is not None:  # partners are not filtered, only the counted row passages
        spans = {s: [r for r in rows_ if r[CODE] not in row_fold or r[CODING] in keep] for s, rows_ in spans.items()}
    code_dimensions = [d for d in (columns, by) if d is not None and d.kind == "codes"]
    together: dict[int, set[int]] = {}
    if code_dimensions:  # one sweep finds the partners of both code dimensions
        partners = set().union(*(set(d.fold) for d in code_dimensions))
        turns = load_turns(session, set(spans)) if unit == "turn" else None
        for _source, anchor, codes in codes_together(
            spans, set(row_fold), unit, turns, partner_codes=partners, same_coder=same_coder
        ):
            if anchor[CODING] in anchors:
                together[anchor[CODING]] = codes
    source_cases = cases_of_sources(session)
    column_of = _assigner(session, columns, together, anchors)
    layer_of = _assigner(session, by, together, anchors) if by is not None else None
    members: dict[tuple[int, int, int], list[int]] = defaultdict(list)
    for coding_id, (source_id, row) in anchors.items():
        column_set = column_of(coding_id, source_id)
        if not column_set:
            continue
        layer_set = layer_of(coding_id, source_id) if layer_of is not None else (0,)
        for layer in layer_set:
            for column in column_set:
                members[layer, row, column].append(coding_id)
    source_of = {coding_id: source for coding_id, (source, _) in anchors.items()}

    def cell(ids: Collection[int]) -> CrosstabCell:
        sources = set(map(source_of.__getitem__, ids))
        cases = set().union(*(source_cases.get(s, ()) for s in sources))
        return CrosstabCell(tuple(sorted(ids)), len(sources), len(cases), len(set(map(passage_of.__getitem__, ids))))

    cells = {key: cell(ids) for key, ids in members.items()}
    row_sets: dict[tuple[int, int], set[int]] = defaultdict(set)
    column_sets: dict[tuple[int, int], set[int]] = defaultdict(set)
    layer_sets: dict[int, set[int]] = defaultdict(set)
    for (layer, row, column), ids in members.items():
        row_sets[layer, row].update(ids)
        column_sets[layer, column].update(ids)
        layer_sets[layer].update(ids)
    return Crosstab(
        rows, columns, by, count, unit, cells, consensus,
        row_totals={k: cell(v) for k, v in row_sets.items()},
        column_totals={k: cell(v) for k, v in column_sets.items()},
        layer_totals={k: cell(v) for k, v in layer_sets.items()},
    )


COUNT_WORDS = {
    "passages": "passages (distinct coded spans, once however many coders coded them)",
    "codings": "codings (one per coder and passage)",
    "sources": "sources",
    "cases": "cases",
}


def crosstab_caption(table: Crosstab) -> str:
    """What the table's numbers are, in words: for a view's summary, the command line, exports."""
    consensus = describe_consensus(table.consensus)
    return (f"{COUNT_WORDS[table.count].capitalize()} of {table.rows.label} by {table.columns.label}"
            + (f", split by {table.by.label}" if table.by is not None else "")
            + (f"; only passages {consensus}" if consensus else "") + ".")


def _assigner(session: Session, dimension: Dimension, together: dict[int, set[int]],
              anchors: dict[int, tuple[int, int]]) -> Callable[[int, int], Collection[int]]:
    """A function (coding id, source id) → the category indices of ``dimension`` it falls in."""
    if dimension.kind == "codes":
        fold = dimension.fold
        found = {coding: {fold[c] for c in codes if c in fold} for coding, codes in together.items()}
        empty: set[int] = set()
        return lambda coding_id, _source_id: found.get(coding_id, empty)
    by_source = source_categories(session, dimension, {source for source, _ in anchors.values()})
    return lambda _coding_id, source_id: by_source.get(source_id, ())
