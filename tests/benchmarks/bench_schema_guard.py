"""What trusting only qcoder's own schema costs (``qcoder.core.store.schema_guard``).

Measured (median of RUNS runs each):

- ``verification alone``: reading ``sqlite_master`` and comparing it, on an open connection;
- ``expected schema``: building a project in memory and reading its ``sqlite_master``, once per
  process (the first open pays it);
- ``open`` / ``open read-only``: ``Project.open`` and close, with the schema verification and
  without it (the verification replaced by a no-op), on the sample study and on the reference
  workload (200 transcripts of 50,000 characters, 100,000 codings);
- ``all codings, read-only``: reading every coding through a read-only engine, whose statements
  run under the progress handler's time bound, and with the handler removed.

Run: python tests/benchmarks/bench_schema_guard.py [--small]
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from qcoder.core.lifecycle.project import Project
from qcoder.core.store import project_checks, schema_guard
from qcoder.io.sample_study import build_sample_project
from tests.benchmarks.reference_workload import build_coded_project, write_transcripts

RUNS = 15


def median_ms(action: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _open(path: Path, read_only: bool) -> None:
    Project.open(path, coder_name="Bench", read_only=read_only).close()


def _unverified() -> mock._patch:  # type: ignore[type-arg]
    """The verification replaced by nothing: what opening cost before."""
    return mock.patch.multiple(project_checks, verify_schema=lambda *a, **k: None,
                               verify_migrated=lambda *a, **k: None)


def _all_codings(path: Path) -> None:
    with Project.open(path, read_only=True) as project, project.engine.connect() as connection:
        connection.exec_driver_sql("SELECT * FROM codings").fetchall()


def _verification(path: Path) -> float:
    connection = sqlite3.connect(path)
    try:
        schema_guard.distrust(connection)
        return median_ms(lambda: schema_guard.schema_findings(connection, complete=True), 50)
    finally:
        connection.close()


def measure(name: str, path: Path) -> None:
    print(f"{name:10} verification alone (read sqlite_master, compare): {_verification(path):.2f} ms")
    for read_only in (False, True):
        label = "open read-only" if read_only else "open"
        verified = median_ms(lambda: _open(path, read_only))
        with _unverified():
            bare = median_ms(lambda: _open(path, read_only))
        print(f"{name:10} {label:16} verified {verified:7.1f} ms   unverified {bare:7.1f} ms")
    bounded = median_ms(lambda: _all_codings(path), 5)
    with mock.patch.object(schema_guard.StatementClock, "install", lambda self, connection: None):
        unbounded = median_ms(lambda: _all_codings(path), 5)
    print(f"{name:10} all codings, read-only: bounded {bounded:7.1f} ms   unbounded {unbounded:7.1f} ms")


def main() -> None:
    started = time.perf_counter()
    schema_guard.expected_schema()
    print(f"expected schema (once per process): {(time.perf_counter() - started) * 1000:.1f} ms")
    with tempfile.TemporaryDirectory() as folder:
        sample = build_sample_project(Path(folder) / "sample.qcoder")
        measure("sample", sample)
        codings = 10_000 if "--small" in sys.argv else 100_000
        workload = write_transcripts(Path(folder) / "transcripts")
        reference = Path(folder) / "reference.qcoder"
        build_coded_project(reference, workload, codings).close()
        measure("reference", reference)


if __name__ == "__main__":
    main()
