"""Merging project files: into a new file, into the first one in place, or only previewed.

- ``out`` given: the new file is a consistent copy of ``target`` with ``other`` merged into it;
  ``out`` must not exist yet.
- no ``out``: ``other`` is merged into ``target`` itself, after a backup of ``target``.
- ``dry_run``: the same merge runs on a temporary copy of ``target`` and is thrown away, so
  the preview's counts are exactly what the merge would do; nothing is written.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from qcoder.core.backup import backup_file
from qcoder.core.changes import Changes
from qcoder.core.errors import QcoderError
from qcoder.core.merge import merge_into
from qcoder.core.merge_report import MergeReport
from qcoder.core.project import Project
from qcoder.core.restore import copy_database


@dataclass(frozen=True)
class MergeOutcome:
    report: MergeReport
    written: Path | None
    """The file the merge was written into; ``None`` for a preview."""
    backup: Path | None
    """The backup made of ``written`` before the merge, when it existed already."""


def merge_files(
    target: Path, other: Path, *, out: Path | None = None, dry_run: bool = False, coder: str | None = None
) -> MergeOutcome:
    target, other = Path(target), Path(other)
    if not other.is_file():
        raise QcoderError(f"no project file at {other}")
    if other.resolve() == target.resolve() or (out is not None and other.resolve() == Path(out).resolve()):
        raise QcoderError("a project cannot be merged with itself")
    if out is not None:
        out = Path(out)
        if out.exists():
            raise QcoderError(f"{out} already exists; choose a new file for the merged project")
        if not out.parent.is_dir():
            raise QcoderError(f"the folder {out.parent} does not exist")
    with Project.open(other, read_only=True) as theirs:
        if dry_run:
            return MergeOutcome(_preview(target, theirs, coder), None, None)
        if out is None:
            with Project.open(target, coder_name=coder) as ours:
                backup = backup_file(target, "before-merge")
                with ours.transaction() as session, theirs.reading() as other_session:
                    report = merge_into(session, other_session)
            return MergeOutcome(report, target, backup)
        Project.open(target, read_only=True).close()  # a clear message if it is no project
        copy_database(target, out)
        try:
            with Project.open(out, coder_name=coder) as ours:
                with ours.transaction() as session, theirs.reading() as other_session:
                    report = merge_into(session, other_session)
        except BaseException:
            for leftover in (out, out.with_name(out.name + "-wal"), out.with_name(out.name + "-shm")):
                leftover.unlink(missing_ok=True)
            raise
        return MergeOutcome(report, out, None)


def _preview(target: Path, theirs: Project, coder: str | None) -> MergeReport:
    Project.open(target, read_only=True).close()
    with tempfile.TemporaryDirectory(prefix="qcoder-merge-") as folder:
        scratch = Path(folder) / target.name
        copy_database(target, scratch)
        with Project.open(scratch, coder_name=coder) as ours:
            with ours.reading() as session, theirs.reading() as other_session:
                return merge_into(session, other_session)


def merge_path_into(session: Session, other: Path) -> tuple[Changes, MergeReport]:
    """Merge the project file ``other`` (opened read-only) into the project of ``session``.

    For an open project (the window): run it in a transaction to merge, or in a session that is
    rolled back to preview.
    """
    with Project.open(Path(other), read_only=True) as theirs, theirs.reading() as other_session:
        report = merge_into(session, other_session)
    return report.changes(), report
