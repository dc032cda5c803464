"""The framework matrix (cases × codes, counts and quotes) as CSV and XLSX.

``matrix`` is a :class:`qcoder.analysis.framework_matrix.FrameworkMatrix` (not imported: io and
analysis are independent layers). The CSV has one row per case, one column per code, each cell
its passage count and then its quotes, one per line; the workbook has the same on a first sheet
(wrapped, shaded by count) and the bare counts on a second.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import TYPE_CHECKING

from qcoder.core.lifecycle.atomic_files import atomic_path

if TYPE_CHECKING:
    from typing import Any as FrameworkMatrix

QUOTES_PER_CELL = 5
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def cell_text(cell: object) -> str:
    """A cell as text: ``N passages`` and its first quotes, each with its source."""
    quotes = getattr(cell, "quotes", ())
    if not quotes:
        return ""
    lines = [f"{len(quotes)} passage{'s' if len(quotes) != 1 else ''}"]
    for quote in quotes[:QUOTES_PER_CELL]:
        lines.append(f"“{' '.join(quote.text.split())}” — {quote.source}")
    if len(quotes) > QUOTES_PER_CELL:
        lines.append(f"… and {len(quotes) - QUOTES_PER_CELL} more")
    return "\n".join(lines)


def framework_rows(matrix: FrameworkMatrix, *, quotes: bool = True) -> list[list[str | int]]:
    rows: list[list[str | int]] = [["Case", *matrix.codes]]
    for case in matrix.cases:
        rows.append([case, *(
            cell_text(matrix.cell(case, code)) if quotes else matrix.value(case, code) for code in matrix.codes
        )])
    return rows


def write_framework_csv(matrix: FrameworkMatrix, out: Path) -> None:
    with atomic_path(Path(out)) as temporary, temporary.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([matrix.caption])
        writer.writerows(framework_rows(matrix))


def write_framework_xlsx(matrix: FrameworkMatrix, out: Path) -> None:
    from openpyxl import Workbook  # heavy: only when a workbook is written
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new workbook starts with one worksheet
    sheet.title = "Framework matrix"
    counts = book.create_sheet("Passages")
    most = max((matrix.value(case, code) for case in matrix.cases for code in matrix.codes), default=0) or 1
    for target, quotes in ((sheet, True), (counts, False)):
        target.cell(row=1, column=1, value=matrix.caption).font = Font(bold=True)
        for r, row in enumerate(framework_rows(matrix, quotes=quotes), start=2):
            for c, value in enumerate(row, start=1):
                cell = target.cell(row=r, column=c, value=_ILLEGAL.sub("", value) if isinstance(value, str) else value)
                if r == 2 or c == 1:
                    cell.font = Font(bold=True)
                    continue
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                number = matrix.value(str(row[0]), matrix.codes[c - 2])
                if number:
                    strength = round(255 - 120 * number / most)
                    cell.fill = PatternFill("solid", fgColor=f"{strength:02X}{strength:02X}FF")
        target.column_dimensions["A"].width = 32
        for c in range(len(matrix.codes)):
            target.column_dimensions[get_column_letter(c + 2)].width = 48 if quotes else 14
    with atomic_path(Path(out)) as temporary:
        book.save(temporary)
