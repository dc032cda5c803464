"""A matrix of one code group against another (stage × on-ramp by default).

Rows are the children of the row group, columns the children of the column group; codes deeper
down count for the child they sit under. A cell holds the *passages* of the column code coded
together with the row code (see :mod:`cooccurrence_units`), and the distinct organisations
whose sources those passages are in.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from qcoder.analysis.board_groups import board_groups
from qcoder.analysis.cooccurrence_units import check_unit, codes_together
from qcoder.analysis.evidence import EvidenceList, QuoteMaker
from qcoder.analysis.map_inputs import CODE, MapInputs, Span, load_map_inputs, load_texts, load_turns
from qcoder.core.errors import QcoderError
from qcoder.core.usecases.queries.code_tree import code_path, resolve_code_path

MEASURES = ("passages", "codings", "organisations")


@dataclass(frozen=True)
class MatrixCell:
    row: str
    column: str
    evidence: EvidenceList
    organisations: frozenset[str]

    @property
    def passages(self) -> int:
        """Distinct passages (the same span coded by two coders counts once)."""
        return self.evidence.passages()


@dataclass(frozen=True)
class Axis:
    names: tuple[str, ...]
    colours: tuple[str, ...]


@dataclass(frozen=True)
class CodeMatrix:
    row_group: str
    column_group: str
    rows: Axis
    columns: Axis
    cells: dict[tuple[str, str], MatrixCell]
    measure: str = "passages"
    coder: str | None = None
    """Counted from this coder's codings only (else every coder's)."""
    consensus: int | str | None = None
    """Only passages coded by all coders (``"all"``) or by at least this many."""

    def value(self, row: str, column: str, measure: str | None = None) -> int:
        cell = self.cells.get((row, column))
        if cell is None:
            return 0
        measure = measure or self.measure
        if measure == "codings":
            return len(cell.evidence)
        return cell.passages if measure == "passages" else len(cell.organisations)

    def maximum(self) -> int:
        return max((self.value(r, c) for r, c in self.cells), default=0)


Pairs = dict[tuple[int, int], list[tuple[int, Span]]]


def pair_passages(
    inputs: MapInputs, row_fold: dict[int, int], column_fold: dict[int, int], unit: str,
    turns: dict[int, list[tuple[int, int]]] | None,
) -> Pairs:
    """(row child, column child) → the column-code passages coded together with the row code."""
    found: Pairs = defaultdict(list)
    for source_id, anchor, together in codes_together(inputs.spans, column_fold, unit, turns, row_fold.keys()):
        column = column_fold[anchor[CODE]]
        for row in {row_fold[c] for c in together}:
            found[(row, column)].append((source_id, anchor))
    return found


def organisation_of(inputs: MapInputs, source_id: int) -> str | None:
    index = inputs.source_org.get(source_id)
    return None if index is None else inputs.organisations[index].name


def build_code_matrix(
    session: Session,
    rows: str | None = None,
    columns: str | None = None,
    *,
    measure: str = "passages",
    coder: str | None = None,
    unit: str = "overlap",
    consensus: int | str | None = None,
) -> CodeMatrix:
    if measure not in MEASURES:
        raise QcoderError(f"unknown measure '{measure}'; use passages, codings or organisations")
    check_unit(unit)
    row_id, column_id = _default_groups(session, rows, columns)
    rows, columns = code_path(session, row_id), code_path(session, column_id)
    inputs = load_map_inputs(
        session, coder=coder, codes_wanted=lambda i: set(i.fold(row_id)) | set(i.fold(column_id)), consensus=consensus,
    )
    row_fold, column_fold = inputs.fold(row_id), inputs.fold(column_id)
    turns = load_turns(session, set(inputs.spans)) if unit == "turn" else None
    found = pair_passages(inputs, row_fold, column_fold, unit, turns)
    texts = load_texts(session, {s for pairs in found.values() for s, _ in pairs})
    maker = QuoteMaker(inputs, texts)
    cells: dict[tuple[str, str], MatrixCell] = {}
    for (row, column), pairs in found.items():
        row_name, column_name = inputs.codes[row].name, inputs.codes[column].name
        organisations = frozenset(filter(None, (organisation_of(inputs, s) for s, _ in pairs)))
        evidence = EvidenceList(pairs, maker)
        cells[(row_name, column_name)] = MatrixCell(row_name, column_name, evidence, organisations)
    return CodeMatrix(
        row_group=rows, column_group=columns,
        rows=_axis(inputs, row_id), columns=_axis(inputs, column_id), cells=cells, measure=measure,
        coder=coder, consensus=consensus,
    )


def _default_groups(session: Session, rows: str | None, columns: str | None) -> tuple[int, int]:
    """The rows and columns asked for; by default the board's stage group and first item group."""
    groups = board_groups(session) if rows is None or columns is None else None
    row_id = resolve_code_path(session, rows) if rows is not None else groups.stage if groups is not None else None
    column_id = resolve_code_path(session, columns) if columns is not None else (
        groups.items[0] if groups is not None and groups.items else None
    )
    if row_id is None or column_id is None:
        raise QcoderError("the codebook has no lifecycle stage or on-ramp group for the default matrix: "
                          "choose its rows and columns")
    return row_id, column_id


def _axis(inputs: MapInputs, group_id: int) -> Axis:
    children = inputs.children.get(group_id, [])
    return Axis(tuple(inputs.codes[c].name for c in children), tuple(inputs.codes[c].colour for c in children))
