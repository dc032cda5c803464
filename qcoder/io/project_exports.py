"""Whole-project exports by format, each ``f(project, out) -> message``: shared by the command line
(``qcoder export --format``) and the window (File ▸ Export), so both write exactly the same files.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.wording import counted
from qcoder.io.codebook_export import codebook_rows, write_codebook_csv, write_codebook_markdown
from qcoder.io.segments_export import write_segments_csv
from qcoder.io.xlsx_export import write_workbook

ProjectExporter = Callable[[Project, Path], str]


def export_segments_csv(project: Project, out: Path) -> str:
    with project.reading() as session:
        segments = list_segments(session)
    write_segments_csv(segments, out)
    return f"wrote {len(segments)} coded segments to {out}"


def export_workbook(project: Project, out: Path) -> str:
    """Segments and codebook, one sheet each."""
    with project.reading() as session:
        segments = list_segments(session)
        rows = codebook_rows(session)
    write_workbook(out, segments=segments, codebook=rows)
    return f"wrote {counted(len(segments), 'coded segment')} and {counted(len(rows), 'code')} to {out}"


def export_segments_xlsx(project: Project, out: Path) -> str:
    with project.reading() as session:
        segments = list_segments(session)
    write_workbook(out, segments=segments, codebook=None)
    return f"wrote {len(segments)} coded segments to {out}"


def export_codebook_xlsx(project: Project, out: Path) -> str:
    with project.reading() as session:
        rows = codebook_rows(session)
    write_workbook(out, segments=None, codebook=rows)
    return f"wrote {len(rows)} codes to {out}"


def export_codebook_csv(project: Project, out: Path) -> str:
    with project.reading() as session:
        rows = codebook_rows(session)
    write_codebook_csv(rows, out)
    return f"wrote {len(rows)} codes to {out}"


def export_codebook_markdown(project: Project, out: Path) -> str:
    with project.reading() as session:
        rows = codebook_rows(session)
    write_codebook_markdown(rows, out, project.name)
    return f"wrote {len(rows)} codes to {out}"

