"""Merging project files into a new file, or only previewed; the core of `qcoder merge`.

- ``out`` given: the new file is a consistent copy of ``target`` with ``other`` merged into it;
  ``out`` must not exist yet. It is built under a temporary name beside ``out`` and appears under
  its own name only when complete, so a crash at any moment leaves no ``out`` or the whole merge.
- in place: :func:`qcoder.app.merging.merge_into_project` (it owns the backup before it), for
  the command line and the window alike.
- ``dry_run``: the same merge runs on a temporary copy of ``target`` and is thrown away, so
  the preview's counts are exactly what the merge would do; nothing is written.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.errors import QcoderError
from qcoder.core.lifecycle.output_targets import check_output_target
from qcoder.core.lifecycle.project import Project
from qcoder.core.lifecycle.restore import copy_database
from qcoder.core.team.merge import merge_into
from qcoder.core.team.merge_report import MergeReport


@dataclass(frozen=True)
class MergeOutcome:
    report: MergeReport
    written: Path | None
    """The file the merge was written into; ``None`` for a preview."""
    backup: Path | None
    """The backup made of ``written`` before the merge, when it existed already."""


class SelfMergeError(QcoderError):
    """The other project is the project itself (or the merge's output)."""


def check_merge_inputs(target: Path | None, other: Path, out: Path | None = None) -> None:
    """Refuse a merge that cannot be: ``other`` is no file, or it is ``target`` or ``out``."""
    if not other.is_file():
        raise QcoderError(f"no project file at {other}")
    if any(mine is not None and other.resolve() == Path(mine).resolve() for mine in (target, out)):
        raise SelfMergeError("a project cannot be merged with itself")


def merge_into_new_file(target: Path, other: Path, out: Path, *, coder: str | None = None) -> MergeOutcome:
    """``target`` with ``other`` merged into it, written as the new file ``out`` (which must not
    exist yet); ``target`` itself is only read. (A merge into a project in place is
    :func:`qcoder.app.merging.merge_into_project`, which backs the project up first.)"""
    target, other, out = Path(target), Path(other), Path(out)
    check_merge_inputs(target, other, out)
    if out.exists():
        raise QcoderError(f"{out} already exists; choose a new file for the merged project")
    if not out.parent.is_dir():
        raise QcoderError(f"the folder {out.parent} does not exist")
    check_output_target(out, new_project=True)
    with Project.open(other, read_only=True) as theirs:
        Project.open(target, read_only=True).close()  # a clear message if it is no project
        return MergeOutcome(_merge_into_new_file(target, theirs, out, coder), out, None)


def preview_file_merge(target: Path, other: Path, *, coder: str | None = None) -> MergeOutcome:
    """What merging ``other`` into the project file ``target`` would do, worked out on a
    temporary copy that is thrown away: nothing is written."""
    target, other = Path(target), Path(other)
    check_merge_inputs(target, other)
    with Project.open(other, read_only=True) as theirs:
        return MergeOutcome(_preview(target, theirs, coder), None, None)


def _merge_into_new_file(target: Path, theirs: Project, out: Path, coder: str | None) -> MergeReport:
    """Copy ``target`` to a temporary file beside ``out``, merge into it, and only then give it
    the name ``out`` (a hard link, so that a file someone made there meanwhile is never replaced)."""
    building = out.with_name(f".{out.name}.merging-{uuid.uuid4().hex[:8]}{out.suffix}")
    leftovers = [building, *(building.with_name(building.name + end) for end in ("-wal", "-shm", "-journal"))]
    try:
        copy_database(target, building)
        with Project.open(building, coder_name=coder) as ours:
            with ours.transaction() as session, theirs.reading() as other_session:
                report = merge_into(session, other_session)
        # Closed: the last connection folded the WAL into the file; a WAL left over would hold
        # part of the merge, and the file alone would not be the whole merge.
        if any(leftover.exists() for leftover in leftovers[1:]):
            raise QcoderError(f"the merged copy of {target.name} could not be completed; {out.name} was not written")
        _publish(building, out)
    finally:
        for leftover in leftovers:
            leftover.unlink(missing_ok=True)
    return report


def _publish(building: Path, out: Path) -> None:
    try:
        os.link(building, out)
    except FileExistsError:
        raise QcoderError(f"{out} was created meanwhile; the merge was not written over it") from None
    except OSError:  # no hard links here (some network and FAT file systems)
        if out.exists():
            raise QcoderError(f"{out} was created meanwhile; the merge was not written over it") from None
        os.replace(building, out)


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
