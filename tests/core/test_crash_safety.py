"""A crash in the middle of an action: the last committed action survives, the half one does not,
and the crashed process's lock is taken over."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap

from qcoder.core.lifecycle.lock import lock_path
from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.queries.code_tree import list_codes
from qcoder.core.usecases.queries.sources import list_sources

_CRASHER = textwrap.dedent(
    """
    import os, sys
    from qcoder.core.lifecycle.project import Project
    from qcoder.core.usecases.commands.codes import add_code
    from qcoder.core.usecases.commands.sources import add_source

    project = Project.open(sys.argv[1], coder_name="Crash")
    with project.transaction() as session:
        add_code(session, "committed")
    with project.transaction() as session:
        add_source(session, "half", "never committed " * 1000)
        add_code(session, "uncommitted")
        session.flush()
        os._exit(9)  # the power goes out: no rollback, no close, no lock release
    """
)


def test_a_crash_mid_transaction_keeps_the_last_committed_action(project_path):
    Project.create(project_path, codebook=None).close()
    crashed = subprocess.run([sys.executable, "-c", _CRASHER, str(project_path)], timeout=60)
    assert crashed.returncode == 9
    assert lock_path(project_path).exists(), "the crash left its lock behind"
    with Project.open(project_path, read_only=True) as reader, reader.reading() as session:
        assert [c.name for c in list_codes(session)] == ["committed"]  # readable straight away
    with Project.open(project_path, coder_name="Ann") as project, project.reading() as session:
        assert [c.name for c in list_codes(session)] == ["committed"]
        assert list_sources(session) == []
    connection = sqlite3.connect(project_path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()
