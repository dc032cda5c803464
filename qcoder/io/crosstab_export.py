"""A crosstab as CSV (one table per layer) or as an Excel workbook (shaded, with its passages).

Totals are distinct counts: a passage that falls in two columns counts once in its row total,
and a case counts once however many cells it appears in.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from qcoder.core.lifecycle.output_targets import check_output_target
from qcoder.core.snapshots import SegmentInfo
from qcoder.core.spreadsheet_csv import csv_writer

if TYPE_CHECKING:  # io sits beside analysis, not above it: only the shape of a crosstab is needed
    from typing import Any as Crosstab

    from openpyxl.styles import PatternFill  # imported for real only when a workbook is written
    from openpyxl.worksheet.worksheet import Worksheet

TOTAL = "Total"
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def corner_label(table: Crosstab) -> str:
    return f"{table.rows.label} \\ {table.columns.label}"


def _value(cell: object, count: str) -> int:
    return cell.value(count) if cell is not None else 0  # type: ignore[attr-defined]  # a crosstab Cell


def table_rows(table: Crosstab, layer: int) -> Iterator[list[str | int]]:
    """The header and body of one layer, with row and column totals.

    ``table`` is a :class:`qcoder.analysis.crosstab.Crosstab` (not imported: io and analysis
    are independent layers).
    """
    count = table.count
    yield [corner_label(table), *table.columns.categories, TOTAL]
    for r, row in enumerate(table.rows.categories):
        values = [table.cell(layer, r, c).value(count) for c in range(len(table.columns.categories))]
        yield [row, *values, _value(table.row_totals.get((layer, r)), count)]
    yield [
        TOTAL,
        *(_value(table.column_totals.get((layer, c)), count) for c in range(len(table.columns.categories))),
        _value(table.layer_totals.get(layer), count),
    ]


def long_rows(table: Crosstab) -> Iterator[dict[str, object]]:
    """One record per non-empty cell: the form for JSON and for statistics software."""
    for (layer, r, c), cell in sorted(table.cells.items()):
        record: dict[str, object] = {}
        if table.by is not None:
            record[table.by.label] = table.layers[layer]
        record["row"] = table.rows.categories[r]
        record["column"] = table.columns.categories[c]
        record.update(passages=cell.passages, codings=len(cell.coding_ids), sources=cell.sources, cases=cell.cases,
                      coding_ids=list(cell.coding_ids))
        yield record


def _atomic(out: Path, suffix: str) -> tuple[int, str]:
    check_output_target(out)
    return tempfile.mkstemp(prefix=".qcoder-", suffix=suffix, dir=Path(out).parent)


def write_crosstab_csv(table: Crosstab, out: Path) -> None:
    """Each layer's table (headed by the layer's name when there is a third dimension)."""
    descriptor, temporary = _atomic(out, ".csv")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv_writer(handle)
            writer.writerow([f"{table.caption[:-1]} (unit: {table.unit})"])
            for layer, name in enumerate(table.layers):
                if table.by is not None:
                    writer.writerow([])
                    writer.writerow([f"{table.by.label}: {name}"])
                writer.writerows(table_rows(table, layer))
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _put(sheet, row: int, column: int, value: object):
    """Write a number as a number and anything else as text, never as a formula."""
    cell = sheet.cell(row, column)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        cell.value = value
    else:
        cell.value = _ILLEGAL.sub("\ufffd", str(value))
        cell.data_type = "s"
    return cell


def _write_row(sheet: Worksheet, row: int, values: Sequence[object]) -> int:
    for column, value in enumerate(values, start=1):
        _put(sheet, row, column, value)
    return row


def _shade(value: int, maximum: int) -> PatternFill | None:
    from openpyxl.styles import PatternFill

    if value <= 0 or maximum <= 0:
        return None
    strength = value / maximum
    channel = lambda full: round(255 - (255 - full) * (0.15 + 0.85 * strength))  # noqa: E731
    colour = f"{channel(0x2B):02X}{channel(0x6C):02X}{channel(0xB0):02X}"
    return PatternFill("solid", start_color=colour, end_color=colour)


def _sheet_title(name: str, taken: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub("_", name).strip("'")[:28] or "Table"
    title, number = base, 2
    while title.lower() in taken:
        title, number = f"{base[:25]} ({number})", number + 1
    taken.add(title.lower())
    return title


def write_crosstab_xlsx(table: Crosstab, out: Path, segments: Mapping[int, SegmentInfo] | None = None) -> None:
    """One shaded sheet per layer, and with ``segments`` a sheet listing every cell's passages."""
    from openpyxl import Workbook  # heavy (numpy): only when a workbook is written
    from openpyxl.styles import Font

    book = Workbook()
    for empty in book.worksheets:  # the one sheet a new workbook starts with
        book.remove(empty)
    taken: set[str] = set()
    bold = Font(bold=True)
    maximum = table.maximum()
    for layer, name in enumerate(table.layers):
        sheet = book.create_sheet(_sheet_title(name if table.by else "Crosstab", taken))
        _write_row(sheet, 1, [f"{table.caption[:-1]}" + (f" — {table.by.label}: {name}" if table.by else "")
                              + f" (unit: {table.unit})"])
        sheet["A1"].font = bold
        for row_index, row in enumerate(table_rows(table, layer)):
            excel_row = _write_row(sheet, row_index + 2, row)
            for column_index, value in enumerate(row):
                cell = sheet.cell(excel_row, column_index + 1)
                if row_index == 0 or column_index == 0 or row[0] == TOTAL or column_index == len(row) - 1:
                    cell.font = bold
                elif isinstance(value, int) and (fill := _shade(value, maximum)):
                    cell.fill = fill
                    if value / maximum > 0.55:
                        cell.font = Font(color="FFFFFF")
        sheet.column_dimensions["A"].width = 40
        sheet.freeze_panes = "B3"
    if segments is not None:
        sheet = book.create_sheet(_sheet_title("Passages", taken))
        header = ([table.by.label] if table.by else []) + [
            table.rows.label, table.columns.label, "source", "start", "end", "code", "coder", "text"]
        _write_row(sheet, 1, header)
        next_row = 2
        for column in range(1, len(header) + 1):
            sheet.cell(1, column).font = bold
        for (layer, r, c), cell in sorted(table.cells.items()):
            for coding_id in cell.coding_ids:
                segment = segments.get(coding_id)
                if segment is None:
                    continue
                prefix = [table.layers[layer]] if table.by else []
                _write_row(sheet, next_row, prefix + [
                    table.rows.categories[r], table.columns.categories[c], segment.source, segment.start,
                    segment.end, segment.code, segment.coder, segment.text[:32_000]])
                next_row += 1
        sheet.freeze_panes = "A2"
    descriptor, temporary = _atomic(out, ".xlsx")
    os.close(descriptor)
    try:
        book.save(temporary)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
