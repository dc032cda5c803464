"""Which codes are coded together: a matrix and a list of pairs, each cell with its passages.

"Coded together" is the map's notion (:mod:`qcoder.analysis.cooccurrence_units`): overlapping
spans (the default), the same speaker turn, or the same source — by one coder, unless asked otherwise. The cell in row A, column B
counts the passages of A that are coded together with B; they are the cell's ``passages``, and
the passages of B coded together with A (the other side of the same pairs) are its ``partners``.
So the matrix is not always symmetric: one long passage of A may overlap three passages of B.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from qcoder.analysis.cooccurrence_units import check_unit, codes_together
from qcoder.analysis.map_inputs import CODE, CODING, load_spans, load_turns
from qcoder.core.errors import QcoderError
from qcoder.core.usecases.queries.code_tree import descendant_ids, list_codes, resolve_code_path


@dataclass(frozen=True)
class CodeRef:
    id: int
    path: str
    name: str
    colour: str


@dataclass(frozen=True)
class CooccurrenceCell:
    row: int
    column: int
    passages: tuple[int, ...]
    """Coding ids of the row code coded together with the column code."""
    partners: tuple[int, ...]
    """Coding ids of the column code coded together with the row code."""
    sources: tuple[int, ...]

    @property
    def count(self) -> int:
        return len(self.passages)

    @property
    def coding_ids(self) -> tuple[int, ...]:
        """Every passage behind the cell, both sides, for listing."""
        return tuple(sorted(set(self.passages) | set(self.partners)))


@dataclass(frozen=True)
class CooccurrencePair:
    """One unordered pair of codes, as the list view shows it."""

    first: CodeRef
    second: CodeRef
    first_passages: int
    second_passages: int
    sources: int
    coding_ids: tuple[int, ...]


@dataclass(frozen=True)
class Cooccurrence:
    codes: tuple[CodeRef, ...]
    unit: str
    cells: dict[tuple[int, int], CooccurrenceCell] = field(default_factory=dict)

    def cell(self, row: int, column: int) -> CooccurrenceCell:
        return self.cells.get((row, column)) or CooccurrenceCell(row, column, (), (), ())

    def matrix(self) -> list[list[int]]:
        """Counts, rows and columns in the order of :attr:`codes` (the diagonal is 0)."""
        return [[self.cell(r.id, c.id).count if r.id != c.id else 0 for c in self.codes] for r in self.codes]

    def maximum(self) -> int:
        return max((cell.count for cell in self.cells.values()), default=0)

    def pairs(self) -> list[CooccurrencePair]:
        """Pairs that occur together, most passages first."""
        order = {code.id: index for index, code in enumerate(self.codes)}
        refs = {code.id: code for code in self.codes}
        result = []
        for (row, column), cell in self.cells.items():
            if order[row] >= order[column]:
                continue
            other = self.cell(column, row)
            result.append(CooccurrencePair(
                refs[row], refs[column], cell.count, other.count,
                len(set(cell.sources) | set(other.sources)), cell.coding_ids,
            ))
        result.sort(key=lambda p: (-(p.first_passages + p.second_passages), order[p.first.id], order[p.second.id]))
        return result


def cooccurrence(
    session: Session,
    *,
    group: str | None = None,
    code_ids: Collection[int] | None = None,
    unit: str = "overlap",
    coding_ids: Collection[int] | None = None,
    same_coder: bool = True,
    only_together: bool = False,
) -> Cooccurrence:
    """Co-occurrence of the codable codes under ``group`` (a code path), of ``code_ids``, or of all.

    ``coding_ids`` (e.g. a saved query's result) limits which codings take part. Codings are
    together only when one coder made both, unless ``same_coder`` is false (as on the map).
    ``only_together`` leaves out the codes that are coded together with none (a smaller matrix).
    """
    check_unit(unit)
    codes = [c for c in list_codes(session) if c.codable]
    if group is not None:
        group_id = resolve_code_path(session, group)
        below = set(descendant_ids(session, group_id))
        codes = [c for c in codes if c.id in below]
        if not codes:
            raise QcoderError(f"'{group}' has no codes that passages can carry")
    if code_ids is not None:
        wanted = set(code_ids)
        codes = [c for c in codes if c.id in wanted]
    refs = tuple(CodeRef(c.id, c.path, c.name, c.colour) for c in codes)
    ids = {c.id for c in refs}
    spans = load_spans(session, ids)
    if coding_ids is not None:
        keep = coding_ids if isinstance(coding_ids, (set, frozenset)) else set(coding_ids)
        spans = {s: kept for s, rows in spans.items() if (kept := [r for r in rows if r[CODING] in keep])}
    turns = load_turns(session, set(spans)) if unit == "turn" else None
    passages: dict[tuple[int, int], list[int]] = defaultdict(list)
    sources: dict[tuple[int, int], set[int]] = defaultdict(set)
    for source_id, anchor, together in codes_together(spans, ids, unit, turns, partner_codes=ids, same_coder=same_coder):
        own = anchor[CODE]
        for other in together:
            if other != own:
                passages[own, other].append(anchor[CODING])
                sources[own, other].add(source_id)
    cells = {
        key: CooccurrenceCell(key[0], key[1], tuple(sorted(found)), tuple(sorted(passages.get((key[1], key[0]), ()))),
                              tuple(sorted(sources[key])))
        for key, found in passages.items()
    }
    if only_together:
        related = {code for key in cells for code in key}
        refs = tuple(ref for ref in refs if ref.id in related)
    return Cooccurrence(refs, unit, cells)

