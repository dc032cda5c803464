"""``merge --out`` leaves no output or the whole merge, whatever stops it (issue 15, item 4)."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from qcoder.app.merging import merge_project_files
from qcoder.core.errors import QcoderError
from qcoder.core.lifecycle.backup import backups_dir
from qcoder.core.lifecycle.lock import lock_path
from qcoder.core.lifecycle.project import Project
from qcoder.core.lifecycle.restore import copy_database
from qcoder.core.usecases.commands.codings import apply_coding
from tests.core.core_helpers import count, make_project

REPOSITORY = Path(__file__).resolve().parents[2]




# -- merge --out is whole or absent ---------------------------------------------------------


def _copies(tmp_path: Path) -> tuple[Path, Path]:
    ours = make_project(tmp_path / "ann.qcoder", codings=2)
    theirs = tmp_path / "bob.qcoder"
    copy_database(ours, theirs)
    with Project.open(theirs, coder_name="Bob") as project:
        bob = project.coder_id()
        with project.transaction() as session:
            apply_coding(session, 1, 1, 20, 30, bob)
    return ours, theirs


def test_a_merge_that_fails_midway_leaves_no_output(tmp_path, monkeypatch):
    from qcoder.core.team import merge_files as module

    ours, theirs = _copies(tmp_path)
    real = module.merge_into

    def fail_after_merging(session, other_session):  # type: ignore[no-untyped-def]
        real(session, other_session)
        session.flush()
        raise OSError("the disk went away")

    monkeypatch.setattr(module, "merge_into", fail_after_merging)
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(OSError):
        merge_project_files(ours, theirs, out=tmp_path / "merged.qcoder")
    assert sorted(p.name for p in tmp_path.iterdir()) == before, "no output and no leftovers"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_merge_killed_midway_leaves_no_output_and_a_finished_one_is_whole(tmp_path):
    ours, theirs = _copies(tmp_path)
    out = tmp_path / "merged.qcoder"
    script = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from qcoder.core.team import merge_files as module
        real = module.merge_into
        def killed(session, other_session):
            report = real(session, other_session)
            session.flush()
            os.kill(os.getpid(), signal.SIGKILL)
        module.merge_into = killed
        module.merge_into_new_file(Path({str(ours)!r}), Path({str(theirs)!r}), Path({str(out)!r}))
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=REPOSITORY, capture_output=True, timeout=120)
    assert done.returncode == -signal.SIGKILL
    assert not out.exists(), "a killed merge must not leave a copy of A under the output's name"
    outcome = merge_project_files(ours, theirs, out=out)
    assert outcome.written == out and count(out) == 3


def test_merge_out_onto_a_backup_or_a_project_companion_is_refused(tmp_path):
    ours, theirs = _copies(tmp_path)
    for out in (ours.with_name(ours.name + "-wal"), ours.with_name(ours.name + "-shm"), lock_path(ours),
                backups_dir(ours) / "x.qcoder"):
        out.parent.mkdir(parents=True, exist_ok=True)
        with pytest.raises(QcoderError):
            merge_project_files(ours, theirs, out=out)
        assert not out.exists()
    assert count(ours) == 2
