"""Coded segments and the codebook as an Excel workbook (one sheet each), with openpyxl.

Every cell is written as a string or a number, never a formula: a passage that starts with ``=``
stays text (no formula injection), and characters Excel cannot hold are replaced.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from qcoder.core.lifecycle.atomic_files import atomic_path
from qcoder.core.snapshots import SegmentInfo
from qcoder.io.codebook_export import CODEBOOK_COLUMNS, CodebookRow
from qcoder.io.segments_export import SEGMENT_COLUMNS, segment_row

if TYPE_CHECKING:  # openpyxl pulls in numpy: imported only when a workbook is written
    from openpyxl import Workbook
    from openpyxl.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

MAX_CELL = 32_767
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _cell(sheet: WriteOnlyWorksheet, value: str | int, *, bold: bool = False) -> Cell:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cell = WriteOnlyCell(sheet)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        cell.value = value
    else:
        text = _ILLEGAL.sub("\ufffd", str(value))
        if len(text) > MAX_CELL:
            text = text[: MAX_CELL - 1] + "…"
        cell.value = text  # (openpyxl reads "=…" as a formula and "#N/A" as an error: set back to text)
        cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    return cell


def _sheet(book: Workbook, title: str, columns: Sequence[str], rows: Sequence[Sequence[str | int]], widths: dict[int, int]) -> None:
    sheet = book.create_sheet(title)
    for index, width in widths.items():
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_cell(sheet, column, bold=True) for column in columns])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])


def write_workbook(out: Path, *, segments: Sequence[SegmentInfo] | None, codebook: Sequence[CodebookRow] | None) -> None:
    """Write the sheets asked for into ``out`` atomically (temporary file renamed into place)."""
    out = Path(out)
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    if segments is not None:
        _sheet(book, "Segments", SEGMENT_COLUMNS, [segment_row(s) for s in segments], {0: 24, 3: 32, 7: 80, 8: 40})
    if codebook is not None:
        _sheet(book, "Codebook", CODEBOOK_COLUMNS, [row.values() for row in codebook], {0: 40, 1: 24, 4: 80})
    content = io.BytesIO()  # built in memory: a full disk then fails one plain write, not openpyxl
    book.save(content)
    with atomic_path(out) as temporary:
        temporary.write_bytes(content.getvalue())
