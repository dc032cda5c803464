"""The lock protects the real file: a symlink or a hard link to an open project is refused (issue 15, item 7)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from qcoder.core.errors import ProjectLockedError
from qcoder.core.lifecycle.lock import lock_path
from qcoder.core.lifecycle.project import Project
from tests.core.core_helpers import make_project

REPOSITORY = Path(__file__).resolve().parents[2]




# -- the lock protects the real file --------------------------------------------------------


def test_a_symlink_to_an_open_project_finds_its_lock(tmp_path):
    path = make_project(tmp_path / "study.qcoder")
    link = tmp_path / "shortcut.qcoder"
    link.symlink_to(path)
    assert lock_path(link) == lock_path(path)
    with Project.open(path, coder_name="Ann"):
        with pytest.raises(ProjectLockedError):
            Project.open(link, coder_name="Bob")
    with Project.open(link, coder_name="Bob"):
        assert lock_path(path).exists()
        with pytest.raises(ProjectLockedError):
            Project.open(path, coder_name="Ann")


def sqlite_locks(path: Path) -> set[str]:
    """This process's POSIX locks on ``path``'s inode, as Linux lists them."""
    inode, held = str(os.stat(path).st_ino), set()
    for fields in (line.split() for line in Path("/proc/locks").read_text().splitlines()):
        if "->" not in fields and fields[1] == "POSIX" and fields[4] == str(os.getpid()) \
                and fields[5].split(":")[-1] == inode:
            held.add(" ".join(fields[3:4] + fields[6:]))
    return held


@pytest.mark.skipif(sys.platform != "linux", reason="the inode lock uses Linux's OFD locks")
def test_a_hard_link_to_an_open_project_is_refused(tmp_path):
    path = make_project(tmp_path / "study.qcoder")
    link = tmp_path / "copy.qcoder"
    os.link(path, link)
    with Project.open(path, coder_name="Ann") as project:
        held = sqlite_locks(path)
        assert held, "SQLite holds a shared lock on an open project in WAL mode"
        with pytest.raises(ProjectLockedError, match="another name"):
            Project.open(link, coder_name="Bob")
        assert sqlite_locks(path) == held, "refusing the link must not drop the open project's locks"
        assert not lock_path(link).exists(), "a refused opener leaves no lock behind"
        done = subprocess.run(  # another process, through the link
            [sys.executable, "-m", "qcoder", "code", str(link), "amara", "0", "3", "help", "--coder", "Bob"],
            cwd=REPOSITORY, capture_output=True, text=True, timeout=120,
        )
        assert done.returncode != 0 and "another name" in done.stderr
        with project.reading() as session:
            assert session.execute(text("SELECT count(*) FROM codings")).scalar() == 1
    with Project.open(link, coder_name="Bob"):  # closed: the link opens
        pass
