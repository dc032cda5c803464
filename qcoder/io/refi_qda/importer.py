"""Importing a QDPX project or a QDC codebook into a project, matching GUIDs so that importing
the same file twice changes nothing.

Two steps: :func:`~.reading.read_refi` reads, decodes and checks the whole file into one value
(no project, no SQL), then :class:`~.store.ProjectStore` hands it to the ingest engine
(:mod:`qcoder.core.ingest`) within one transaction, so a file that fails part-way leaves the
project exactly as it was.
"""

from __future__ import annotations

from pathlib import Path

from qcoder.core.ingest.transaction import ingesting
from qcoder.core.lifecycle.file_guard import is_open_here
from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.queries.pseudonymise import pseudonym_map
from qcoder.io.refi_qda.bulk import gc_paused
from qcoder.io.refi_qda.errors import RefiQdaError
from qcoder.io.refi_qda.pseudonymised import pseudonymised_read
from qcoder.io.refi_qda.reading import SUFFIXES, Progress, read_refi
from qcoder.io.refi_qda.recording_files import recordings_folder
from qcoder.io.refi_qda.report import ImportReport
from qcoder.io.refi_qda.safe_archive import MAX_TOTAL_BYTES
from qcoder.io.refi_qda.store import ProjectStore

__all__ = ["SUFFIXES", "import_refi"]


def import_refi(
    project: Project,
    path: Path | str,
    *,
    progress: Progress | None = None,
    max_total_bytes: int = MAX_TOTAL_BYTES,
) -> ImportReport:
    """Import a ``.qdpx`` (whole project) or ``.qdc`` (codebook) into ``project``; return the report."""
    path = Path(path)
    step = progress or (lambda *_: None)
    kind = path.suffix.lower()
    if kind not in SUFFIXES:
        raise RefiQdaError(f"{path.name} is not a REFI-QDA file (expected .qdpx or .qdc)")
    report = ImportReport(file=path.name, kind=kind.lstrip("."))
    step(0, 3, f"reading {path.name}")
    if is_open_here(path):  # reading it outside SQLite would drop SQLite's locks on it
        raise RefiQdaError(f"{path.name} is a project file open in qcoder, not a REFI-QDA file")
    folder = recordings_folder(project.path, path)
    with gc_paused():  # one pause for both steps: what the read made must not be walked in between
        read = read_refi(path, report, recordings_folder=folder, progress=step, max_total_bytes=max_total_bytes)
        step(2, 3, "storing")
        try:
            with ingesting(project) as ingest:
                read = pseudonymised_read(read, pseudonym_map(ingest.session), report)  # the kept table, if any
                ProjectStore(ingest, report, coder_name=project.coder_name, project_file=project.path).store(read)
        except BaseException:  # nothing stored: take back the recordings copied out for it
            for copied in read.recordings.values():
                if copied.parent == folder:
                    copied.unlink(missing_ok=True)
            raise
    step(3, 3, "done")
    return report
