"""Merging into or restoring a project that another process holds: refused, named, nothing written."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap

from qcoder.core.lifecycle.backup import list_backups
from qcoder.core.lifecycle.project import Project
from qcoder.core.lifecycle.restore import copy_database
from qcoder.core.usecases.commands.codes import ensure_code_path
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.sources import add_source

HOLDER = textwrap.dedent(
    """
    import sys
    from qcoder.core.lifecycle.project import Project
    project = Project.open(sys.argv[1], coder_name="Carla")
    print("ready", flush=True)
    sys.stdin.readline()
    project.close()
    """
)


def qcoder(*args):
    return subprocess.run(
        [sys.executable, "-m", "qcoder", *map(str, args)], capture_output=True, text=True, timeout=120
    )


def test_merge_and_restore_wait_for_the_holder_then_take_a_dead_ones_lock(tmp_path):
    ours, theirs = tmp_path / "ours.qcoder", tmp_path / "theirs.qcoder"
    with Project.create(ours, coder_name="Ann", codebook=None) as project, project.transaction() as session:
        add_source(session, "s", "some text to code")
        ensure_code_path(session, "X")
    copy_database(ours, theirs)
    with Project.open(theirs, coder_name="Bob") as project:
        bob = project.coder_id()
        with project.transaction() as session:
            apply_coding(session, 1, 1, 0, 4, bob)
    before = ours.read_bytes()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(ours)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        refused = qcoder("merge", ours, theirs)
        assert refused.returncode == 3
        assert "Carla" in refused.stderr and socket.gethostname() in refused.stderr and " since " in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1
        assert ours.read_bytes() == before and not list_backups(ours)
        preview = qcoder("merge", ours, theirs, "--dry-run")  # a preview needs no lock
        assert preview.returncode == 0 and "1 coding added" in preview.stdout
        assert qcoder("restore", ours, theirs).returncode == 3
        assert not list_backups(ours)
    finally:
        holder.kill()
        holder.wait()
    merged = qcoder("merge", ours, theirs)  # the dead holder's lock is taken over
    assert merged.returncode == 0, merged.stderr
    assert "1 coding added" in merged.stdout and len(list_backups(ours)) == 1
