"""The reference project built once and kept on disk between benchmark runs.

Building 200 transcripts with 100,000 codings takes a minute or more on a busy machine; the
GUI benchmarks only need a fresh copy of it. The cache is keyed by the workload's source code
and the schema version, so a change to either builds it anew.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import tempfile
from pathlib import Path

from qcoder.core.store.schema import SCHEMA_VERSION
from tests.benchmarks import reference_workload, workload
from tests.benchmarks.reference_workload import build_coded_project, write_transcripts

CACHE = Path(tempfile.gettempdir()) / "qcoder-benchmark-cache"


def _key() -> str:
    digest = hashlib.sha256(f"schema {SCHEMA_VERSION}".encode())
    for module in (reference_workload, workload):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()[:16]


def reference_project_copy(target: Path) -> Path:
    """A copy of the reference project (200 documents, 100,000 codings) at ``target``."""
    cached = CACHE / f"reference-{_key()}.qcoder"
    if not cached.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        building = cached.with_suffix(".building")
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir()
        project = build_coded_project(building / "reference.qcoder", write_transcripts(building / "transcripts"))
        project.close()
        with sqlite3.connect(building / "reference.qcoder") as connection:  # one file, no WAL beside it
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        (building / "reference.qcoder").replace(cached)
        shutil.rmtree(building, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, target)
    return target


if __name__ == "__main__":
    started = __import__("time").perf_counter()
    print(reference_project_copy(Path(tempfile.mkdtemp()) / "reference.qcoder"),
          f"{__import__('time').perf_counter() - started:.1f} s")
