"""Importing into a project: transcript files, REFI-QDA files, and a new project from a REFI-QDA file.

An import into a project file that already has sources backs it up first (``before-import``),
so the whole import can be rolled back with ``qcoder restore``; no backup, no import. A bad file
never stops the others: it gets its message and the rest go in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from qcoder.app.backups import backup_before
from qcoder.core.changes import Changes
from qcoder.core.errors import QcoderError
from qcoder.core.ingest.added import AddedRows
from qcoder.core.lifecycle.project import Project
from qcoder.core.snapshots import SourceInfo
from qcoder.core.store.wal_checkpoint import checkpoint
from qcoder.core.usecases.queries.sources import list_sources
from qcoder.io.importer import ImportResult, Progress, import_files
from qcoder.io.refi_qda import ImportReport, import_refi
from qcoder.io.refi_qda.importer import SUFFIXES as REFI_SUFFIXES

StepProgress = Callable[[int, int, str], None]
"""``progress(step, steps, what)`` of a REFI-QDA import."""


def is_refi_file(path: Path | str) -> bool:
    return Path(path).suffix.lower() in REFI_SUFFIXES


@dataclass(frozen=True)
class TranscriptImport:
    """One result per transcript file, in order, and the backup made before."""

    results: tuple[ImportResult, ...]
    backup: Path | None

    @property
    def source_ids(self) -> tuple[int, ...]:
        """The new sources: what an undo removes."""
        return tuple(r.source_id for r in self.results if r.ok and r.source_id is not None)

    @property
    def changes(self) -> Changes:
        return Changes(sources=frozenset(self.source_ids))


@dataclass(frozen=True)
class RefiImport:
    report: ImportReport
    backup: Path | None

    @property
    def added(self) -> AddedRows:
        """What the import added: what an undo removes."""
        return self.report.added_rows


@dataclass(frozen=True)
class RefiOutcome:
    """One REFI-QDA file of a batch: its report, or why it was not imported."""

    path: Path
    report: ImportReport | None
    error: str | None = None


@dataclass(frozen=True)
class ImportBatch:
    """Transcripts and REFI-QDA files imported together (``qcoder import P FILE…``)."""

    transcripts: tuple[ImportResult, ...]
    refi: tuple[RefiOutcome, ...]
    backup: Path | None

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.transcripts) and all(o.report is not None for o in self.refi)


def import_transcripts(
    project: Project, paths: Sequence[Path], *, progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> TranscriptImport:
    """Back the project up (if it has sources), then import ``paths`` as sources."""
    backup = backup_before(project, "import", unless_empty=True)
    results = import_files(project, list(paths), progress=progress, cancelled=cancelled)
    return TranscriptImport(tuple(results), backup)


def checkpoint_after_import(project: Project) -> None:
    """Copy what the import committed from the write-ahead log into the project file: its commit
    left this for later (see :mod:`qcoder.core.store.wal_checkpoint`); run it off the GUI thread."""
    checkpoint(project.engine)


def new_source_rows(project: Project, done: TranscriptImport) -> list[SourceInfo]:
    """The sources an import added, as a list of sources shows them: read on the importing thread
    right after the import (a view on the GUI thread would read them back from the write-ahead
    log); none if they cannot be read — they are imported all the same, and a view reads them."""
    if not done.source_ids:
        return []
    try:
        with project.reading() as session:
            rows = list_sources(session, source_ids=done.source_ids, count_turns=False)
    except (QcoderError, SQLAlchemyError, OSError):
        return []
    stored = {r.source_id: r for r in done.results if r.ok and r.source_id is not None}
    return [replace(row, speakers=stored[row.id].speakers, turns=stored[row.id].turns) for row in rows]


def import_refi_file(project: Project, path: Path, *, progress: StepProgress | None = None) -> RefiImport:
    """Back the project up (if it has sources), then import one ``.qdpx`` or ``.qdc`` in one transaction."""
    backup = backup_before(project, "import", unless_empty=True)
    return RefiImport(import_refi(project, path, progress=progress), backup)


def import_paths(project: Project, paths: Sequence[Path]) -> ImportBatch:
    """One backup, then the transcripts, then each REFI-QDA file on its own (a bad one is
    reported and the others still go in)."""
    backup = backup_before(project, "import", unless_empty=True)
    transcripts = import_files(project, [p for p in paths if not is_refi_file(p)])
    outcomes: list[RefiOutcome] = []
    for path in (p for p in paths if is_refi_file(p)):
        try:
            outcomes.append(RefiOutcome(path, import_refi(project, path)))
        except QcoderError as error:
            outcomes.append(RefiOutcome(path, None, str(error)))
    return ImportBatch(tuple(transcripts), tuple(outcomes), backup)


def create_from_refi(path: Path, source: Path, *, coder: str | None, codebook: str | None) -> ImportReport:
    """A new project file filled from a QDPX or QDC; if the import fails, no project file is left."""
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
