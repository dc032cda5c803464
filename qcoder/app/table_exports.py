"""Writing an analysis table the person is looking at (a crosstab, a framework matrix) to a file.

The command line computes the table and the window shows it; both write it here, so the file
is the same: CSV, or by an ``.xlsx`` name a workbook (the crosstab's with a sheet of every
cell's passages). The target is checked first: its folder exists, and it is no project, WAL,
lock or backup.
"""

from __future__ import annotations

from pathlib import Path

from qcoder.analysis.crosstab import Crosstab
from qcoder.analysis.framework_matrix import FrameworkMatrix
from qcoder.analysis.passages import segments_for
from qcoder.app.exporting import check_export_target
from qcoder.core.lifecycle.project import Project
from qcoder.io.crosstab_export import write_crosstab_csv, write_crosstab_xlsx
from qcoder.io.framework_export import write_framework_csv, write_framework_xlsx


def _is_workbook(out: Path) -> bool:
    return out.suffix.lower() == ".xlsx"


def export_crosstab(project: Project, table: Crosstab, out: Path) -> str:
    """Write ``table``; a workbook also lists the passages of every cell (read from ``project``)."""
    out = Path(out)
    check_export_target(out)
    if _is_workbook(out):
        wanted = {i for cell in table.cells.values() for i in cell.coding_ids}
        with project.reading() as session:
            segments = {s.coding_id: s for s in segments_for(session, wanted)}
        write_crosstab_xlsx(table, out, segments)
    else:
        write_crosstab_csv(table, out)
    return f"wrote the crosstab to {out}"


def export_framework(matrix: FrameworkMatrix, out: Path) -> str:
    out = Path(out)
    check_export_target(out)
    (write_framework_xlsx if _is_workbook(out) else write_framework_csv)(matrix, out)
    return f"wrote the framework matrix to {out}"
