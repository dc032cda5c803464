"""Crash safety: a coding session killed with SIGKILL at random moments, 20 times over the same
file, loses nothing it reported as done; the file stays sound and the next opener takes over
the dead session's lock."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from qcoder.core.lifecycle.lock import lock_path
from qcoder.core.lifecycle.project import Project, lock_holder
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.sources import add_source

ROUNDS = 20
REPOSITORY = Path(__file__).resolve().parents[2]
TEXT = "Interviewer: Who helped? 😀 مرحبا 你好 café\nAmara: The lab shared compute with us. " * 40

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


class Session:
    """One run of ``tests.reliability.coding_session``, its stdout read line by line."""

    def __init__(self, path: Path, seed: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.coding_session", str(path), str(seed)],
            cwd=REPOSITORY, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        self.lines: list[str] = []
        self.ready = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for raw in self.process.stdout:
            if not raw.endswith(b"\n"):
                break  # cut by the kill: not a report
            line = raw.decode().strip()
            self.lines.append(line)
            if line == "ready":
                self.ready.set()

    def kill(self) -> tuple[int, str]:
        self.process.send_signal(signal.SIGKILL)
        status = self.process.wait(10)
        self._reader.join(10)
        assert self.process.stderr is not None
        return status, self.process.stderr.read().decode(errors="replace")

    def reported(self, kind: str) -> set[int]:
        return {int(line.split()[1]) for line in self.lines if line.startswith(kind + " ")}


def _ids(path: Path, table: str) -> set[int]:
    connection = sqlite3.connect(path)
    try:
        return {row[0] for row in connection.execute(f"SELECT id FROM {table}")}
    finally:
        connection.close()


def _check_file(path: Path) -> None:
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()


def test_sessions_killed_at_random_moments_lose_nothing_they_reported(tmp_path):
    path = tmp_path / "study.qcoder"
    with Project.create(path, coder_name="Lead", codebook=None) as project, project.transaction() as session:
        for name in ("amara", "bo", "chen"):
            add_source(session, name, TEXT)
        for name in ("Pre-training", "Post-training", "Compute", "Data 📊"):
            add_code(session, name)
    seed = int(os.environ.get("QCODER_CRASH_SEED", time.time_ns() % 1_000_000))
    chance = random.Random(seed)
    reported = {"codings": set(), "memos": set()}
    rounds_with_work = 0
    for round_ in range(ROUNDS):
        where = f"(seed {seed}, round {round_})"
        session = Session(path, seed + round_)
        if round_ % 5 == 4:
            time.sleep(chance.uniform(0.0, 0.4))  # anywhere: starting, opening, taking the lock, coding
        else:
            assert session.ready.wait(20), f"the session never got going {where}: {session.kill()[1]}"
            holder = lock_holder(path)
            assert holder is not None and holder.pid == session.process.pid, f"stale lock not taken over {where}"
            time.sleep(chance.uniform(0.0, 0.25))
        status, errors = session.kill()
        assert status == -signal.SIGKILL, f"the session ended by itself {where}: {errors}"
        assert "Traceback" not in errors, errors
        codings, memos = session.reported("coding"), session.reported("memo")
        rounds_with_work += bool(codings)
        present_codings, present_memos = _ids(path, "codings"), _ids(path, "memos")
        assert codings <= present_codings, f"reported codings lost {where}: {sorted(codings - present_codings)}"
        assert memos <= present_memos, f"reported memos lost {where}: {sorted(memos - present_memos)}"
        reported["codings"] |= codings
        reported["memos"] |= memos
        # At most the one transaction that committed just before the kill went unreported.
        assert len(present_codings - reported["codings"]) <= round_ + 1, where
    assert rounds_with_work >= ROUNDS // 2, "most sessions should have coded something before the kill"
    assert lock_path(path).exists(), "the last session died holding the lock"
    _check_file(path)
    with Project.open(path, coder_name="Lead") as project:  # takes over the dead session's lock
        assert project.lock is not None and lock_holder(path).pid == os.getpid()
        from qcoder.core.usecases.queries.codings import codings_by_ids

        with project.reading() as session:
            assert {c.id for c in codings_by_ids(session, reported["codings"])} == reported["codings"]
    assert not lock_path(path).exists()
    _check_file(path)
