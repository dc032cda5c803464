"""Whole-project exports, one list for the command line (``qcoder export --format KEY``) and the
window (File ▸ Export ▸ …), so both offer and write exactly the same files.

A writer returns its summary: the first line, then one line per thing the format cannot hold.
Every export first checks its target: the folder exists, and the file is no project, WAL,
lock or backup (:func:`~qcoder.core.lifecycle.output_targets.check_output_target`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from qcoder.core.errors import QcoderError
from qcoder.core.lifecycle.output_targets import check_output_target
from qcoder.core.lifecycle.project import Project
from qcoder.io import project_exports
from qcoder.io.refi_qda import export_qdc, export_qdpx

Progress = Callable[[int, int, str], None]
Writer = Callable[[Project, Path, Progress | None], str]


@dataclass(frozen=True)
class ExportFormat:
    key: str
    """The ``--format`` of ``qcoder export``; ``export_<key>`` is the window's action."""
    menu_text: str
    file_filter: str
    suffix: str
    write: Writer
    in_window: bool = True
    """Offered in File ▸ Export (else only on the command line)."""


def _lines(report) -> str:
    """A REFI-QDA export's summary, then one line per thing the format could not hold."""
    return "\n".join(report.lines())


def _html_report(project: Project, out: Path) -> str:
    from qcoder.analysis.report_sections import report_sections  # heavy: only when a report is written
    from qcoder.io.html_report import write_html_report

    return write_html_report(project, out, report_sections)


EXPORT_FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("qdpx", "Whole project for NVivo, ATLAS.ti, MAXQDA… (REFI-QDA .qdpx)…", "REFI-QDA project (*.qdpx)", ".qdpx",
                 lambda p, out, progress: _lines(export_qdpx(p, out, progress=progress))),
    ExportFormat("qdpx-media", "Whole project with its recordings inside, for other QDA tools (.qdpx)…",
                 "REFI-QDA project (*.qdpx)", ".qdpx",
                 lambda p, out, progress: _lines(export_qdpx(p, out, with_media=True, progress=progress))),
    ExportFormat("qdpx-crlf", "Whole project for tools on Windows that count line breaks as two characters (.qdpx)…",
                 "REFI-QDA project (*.qdpx)", ".qdpx",
                 lambda p, out, progress: _lines(export_qdpx(p, out, crlf=True, progress=progress))),
    ExportFormat("qdc", "Codebook for other QDA tools (REFI-QDA .qdc)…", "REFI-QDA codebook (*.qdc)", ".qdc",
                 lambda p, out, _progress: _lines(export_qdc(p, out))),
    ExportFormat("codebook-csv", "Codebook as CSV…", "CSV (*.csv)", ".csv",
                 lambda p, out, _progress: project_exports.export_codebook_csv(p, out)),
    ExportFormat("codebook-xlsx", "Codebook as Excel…", "Excel workbook (*.xlsx)", ".xlsx",
                 lambda p, out, _progress: project_exports.export_codebook_xlsx(p, out)),
    ExportFormat("md", "Codebook as Markdown…", "Markdown (*.md)", ".md",
                 lambda p, out, _progress: project_exports.export_codebook_markdown(p, out)),
    ExportFormat("csv", "Coded passages as CSV…", "CSV (*.csv)", ".csv",
                 lambda p, out, _progress: project_exports.export_segments_csv(p, out)),
    ExportFormat("xlsx", "Coded passages and codebook as Excel…", "Excel workbook (*.xlsx)", ".xlsx",
                 lambda p, out, _progress: project_exports.export_workbook(p, out)),
    ExportFormat("segments-xlsx", "Coded passages as Excel…", "Excel workbook (*.xlsx)", ".xlsx",
                 lambda p, out, _progress: project_exports.export_segments_xlsx(p, out), in_window=False),
    ExportFormat("html", "Report of the study as a web page (HTML)…", "HTML (*.html)", ".html",
                 lambda p, out, _progress: _html_report(p, out)),
)
FORMATS = {f.key: f for f in EXPORT_FORMATS}
WINDOW_FORMATS = tuple(f for f in EXPORT_FORMATS if f.in_window)


def check_export_target(out: Path) -> None:
    """Refuse an output whose folder is missing or that would overwrite a project or a backup."""
    if not out.parent.exists():
        raise QcoderError(f"the folder {out.parent} does not exist")
    check_output_target(out)


def export_project(project: Project, key: str, out: Path, *, progress: Progress | None = None) -> str:
    """Write ``project`` in the format ``key`` to ``out``; its summary."""
    if key not in FORMATS:
        raise QcoderError(f"no export format '{key}' (choose from {', '.join(sorted(FORMATS))})")
    out = Path(out)
    check_export_target(out)
    return FORMATS[key].write(project, out, progress)
