"""REFI-QDA on the command line: ``qcoder new P --from F.qdpx``, ``qcoder import P F.qdpx``, the
``qdpx``/``qdc`` export formats, and the HTML report (io's report with analysis's sections).
``project_commands`` and ``export_commands`` call in here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from qcoder.cli.context import print_json_line
from qcoder.core.errors import QcoderError
from qcoder.core.project import Project
from qcoder.io.refi_qda import ImportReport, export_qdc, export_qdpx, import_refi
from qcoder.io.refi_qda.importer import SUFFIXES


def is_refi_file(path: Path | str) -> bool:
    return Path(path).suffix.lower() in SUFFIXES


def print_report(report: ImportReport, *, as_json: bool) -> None:
    if as_json:
        print_json_line({"file": report.file, "ok": True, **report.as_dict()})
    else:
        for line in report.lines():
            print(line)


def import_refi_files(project: Project, files: Sequence[Path], *, as_json: bool) -> bool:
    """Import each REFI-QDA file on its own; a bad one is reported and the others still go in."""
    ok = True
    for path in files:
        try:
            report = import_refi(project, path)
        except QcoderError as error:
            ok = False
            if as_json:
                print_json_line({"file": str(path), "ok": False, "message": str(error)})
            else:
                print(f"FAILED  {path.name}: {error}")
            continue
        print_report(report, as_json=as_json)
    return ok


def create_from(path: Path, source: Path, *, coder: str | None, codebook: str | None) -> ImportReport:
    """A new project filled from a QDPX or QDC; if the import fails, no project file is left."""
    if not is_refi_file(source):
        raise QcoderError(f"--from takes a .qdpx project or a .qdc codebook, not {source.name}")
    if not source.is_file():
        raise QcoderError(f"no file at {source}")
    project = Project.create(path, coder_name=coder, codebook=codebook)
    try:
        report = import_refi(project, source)
    except BaseException:
        project.close()
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
        raise
    project.close()
    return report


def export_project_qdpx(project: Project, out: Path) -> str:
    return "\n".join(export_qdpx(project, out).lines())


def export_project_qdpx_with_media(project: Project, out: Path) -> str:
    return "\n".join(export_qdpx(project, out, with_media=True).lines())


def export_project_qdpx_crlf(project: Project, out: Path) -> str:
    return "\n".join(export_qdpx(project, out, crlf=True).lines()) + "\n(CRLF line endings, positions to match)"


def export_codebook_qdc(project: Project, out: Path) -> str:
    return "\n".join(export_qdc(project, out).lines())


def export_report_html(project: Project, out: Path) -> str:
    from qcoder.analysis.report_sections import report_sections
    from qcoder.io.html_report import write_html_report

    return write_html_report(project, out, report_sections)
