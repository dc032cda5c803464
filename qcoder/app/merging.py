"""Merging another coder's project file: previewed, into the open project, or file to file.

Every merge refuses a project merged with itself, and a merge into an existing project file
backs it up first (``before-merge``); on a team server there is no backup (its administrator
keeps those; the window's undo takes a merge back). The command line and the window run the
same functions, so a merge does the same thing from both.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qcoder.app.backups import backup_before
from qcoder.core.changes import Changes
from qcoder.core.lifecycle.project import Project
from qcoder.core.team.merge_changes import merge_changes
from qcoder.core.team.merge_files import (
    MergeOutcome,
    SelfMergeError,
    check_merge_inputs,
    merge_into_new_file,
    merge_path_into,
    preview_file_merge,
)
from qcoder.core.team.merge_report import MergeReport

__all__ = ["MergeOutcome", "ProjectMerge", "SelfMergeError", "check_merge", "merge_into_project", "merge_project_files", "preview_merge"]


@dataclass(frozen=True)
class ProjectMerge:
    """A merge into an open project: its report (which is also what an undo removes) and the
    backup made before."""

    report: MergeReport
    backup: Path | None

    @property
    def changes(self) -> Changes:
        """What the merge changed, stating its inverse (the window's undo)."""
        return merge_changes(self.report)


def check_merge(project: Path | None, other: Path) -> None:
    """Refuse a merge of ``other`` into the project file ``project`` (``None``: a server's) that
    cannot be: ``other`` is missing or is the project itself."""
    check_merge_inputs(project, Path(other))


def _check(project: Project, other: Path) -> None:
    check_merge(project.path, other)
    Project.open(other, read_only=True).close()  # a clear message if it is no project, before any backup


def preview_merge(project: Project, other: Path) -> MergeReport:
    """What merging ``other`` into ``project`` would add, worked out in a session rolled back."""
    other = Path(other)
    _check(project, other)
    with project.reading() as session:
        _changes, report = merge_path_into(session, other)
    return report


def merge_into_project(project: Project, other: Path) -> ProjectMerge:
    """Back ``project`` up (a file), then merge ``other`` into it in one transaction."""
    other = Path(other)
    _check(project, other)
    backup = backup_before(project, "merge")
    _changes, report = project.write(merge_path_into, other)
    return ProjectMerge(report, backup)


def merge_project_files(
    target: Path, other: Path, *, out: Path | None = None, dry_run: bool = False, coder: str | None = None
) -> MergeOutcome:
    """``qcoder merge A B [--out OUT] [--dry-run]``: into ``target`` in place (as the window
    merges into its open project), into the new file ``out``, or only previewed."""
    target, other = Path(target), Path(other)
    if dry_run:
        return preview_file_merge(target, other, coder=coder)
    if out is not None:
        return merge_into_new_file(target, other, out, coder=coder)
    check_merge(target, other)
    with Project.open(target, coder_name=coder) as ours:
        merged = merge_into_project(ours, other)
    return MergeOutcome(merged.report, target, merged.backup)
