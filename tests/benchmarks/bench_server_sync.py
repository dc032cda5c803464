"""Benchmark: two coders on one PostgreSQL project — what keeping up with each other costs.

Measured on the test server (``tests/pg_server.py``), median of 5 runs each:

- applying one coding (one transaction, as the window does), with the change feed's triggers
  and without them (dropped), to show what the feed adds to every action;
- one watcher poll when nothing changed (what every open window does each second);
- one poll after another coder's coding, building the broad :class:`Changes`, on a project
  with 200 sources, 40 codes and 20,000 codings;
- the time from another coder's commit until a window's :class:`ServerWatcher` reports it
  (polling every second: about half a second on average by design).

Run: python tests/benchmarks/bench_server_sync.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402
from sqlalchemy.engine.url import make_url  # noqa: E402

from qcoder.core.lifecycle.project import Project  # noqa: E402
from qcoder.core.store.models import Base, Coding  # noqa: E402
from qcoder.core.team.change_feed import TRIGGER, changes_since, create_change_feed, latest_change_id  # noqa: E402
from qcoder.core.usecases.commands.codes import add_code  # noqa: E402
from qcoder.core.usecases.commands.codings import apply_coding  # noqa: E402
from qcoder.core.usecases.commands.sources import add_source  # noqa: E402
from tests import pg_server  # noqa: E402

SOURCES, CODES, CODINGS, RUNS, PER_RUN = 200, 40, 20_000, 5, 200


def _database(admin: str) -> str:
    name = f"qcoder_bench_{uuid.uuid4().hex[:8]}"
    dsn = make_url(admin).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return make_url(admin).set(database=name).render_as_string(hide_password=False)


def _drop(admin: str, url: str) -> None:
    dsn = make_url(admin).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


def _fill(project: Project) -> tuple[list[int], list[int]]:
    text_ = "We shared compute and data with the lab; the community ran a sprint. " * 60
    with project.transaction() as session:
        sources = [add_source(session, f"interview {n}", text_).created_id for n in range(SOURCES)]
        codes = [add_code(session, f"code {n}").created_id for n in range(CODES)]
    coder = project.coder_id()
    with project.transaction() as session:
        session.execute(insert(Coding), [
            {"source_id": sources[i % SOURCES], "code_id": codes[i % CODES], "start": i % 3000,
             "end": i % 3000 + 20, "coder_id": coder}
            for i in range(CODINGS)
        ])
    return sources, codes  # type: ignore[return-value]


def _per_coding_ms(project: Project, sources: list[int], codes: list[int], offset: int) -> float:
    coder = project.coder_id()
    began = time.perf_counter()
    for i in range(PER_RUN):
        project.write(apply_coding, sources[i % SOURCES], codes[i % CODES], offset + i, offset + i + 9, coder)
    return (time.perf_counter() - began) * 1000 / PER_RUN


def _poll_ms(project: Project, last: int) -> float:
    with project.engine.connect() as connection:
        began = time.perf_counter()
        changes_since(connection, last, origin=project.origin)
        return (time.perf_counter() - began) * 1000


def main() -> None:
    admin, reason = pg_server.ensure_server()
    if admin is None:
        sys.exit(f"no PostgreSQL server: {reason}")
    url = _database(admin)
    try:
        ann = Project.create(url, coder_name="Ann", codebook=None)
        bea = Project.open(url, coder_name="Bea")
        sources, codes = _fill(ann)
        with_feed = [_per_coding_ms(bea, sources, codes, 100 + run * PER_RUN) for run in range(RUNS)]
        with ann.engine.connect() as connection:
            last = latest_change_id(connection)
        idle = [_poll_ms(ann, last) for _ in range(20)]
        after_one = []
        for run in range(RUNS):
            with ann.engine.connect() as connection:
                last = latest_change_id(connection)
            bea.write(apply_coding, sources[run], codes[run], 5, 15, bea.coder_id())
            after_one.append(_poll_ms(ann, last))
        latency = _latencies(ann, bea, sources, codes)
        with ann.engine.begin() as connection:
            for table in Base.metadata.sorted_tables:
                connection.execute(text(f'DROP TRIGGER {TRIGGER} ON "{table.name}"'))
        without_feed = [_per_coding_ms(bea, sources, codes, 2000 + run * PER_RUN) for run in range(RUNS)]
        with ann.engine.begin() as connection:
            create_change_feed(connection)
        ann.close()
        bea.close()
    finally:
        _drop(admin, url)
    print(f"{SOURCES} sources, {CODES} codes, {CODINGS:,} codings; median of {RUNS} runs")
    print(f"apply one coding, with change feed     {statistics.median(with_feed):7.2f} ms")
    print(f"apply one coding, without change feed  {statistics.median(without_feed):7.2f} ms")
    print(f"watcher poll, nothing new              {statistics.median(idle):7.2f} ms")
    print(f"watcher poll after another's coding    {statistics.median(after_one):7.2f} ms")
    print(f"commit → window notified (1 s polling) {statistics.median(latency):7.0f} ms "
          f"(max {max(latency):.0f})")


def _latencies(ann: Project, bea: Project, sources: list[int], codes: list[int]) -> list[float]:
    from PySide6.QtCore import QCoreApplication

    from qcoder.ui.jobs.server_watcher import ServerWatcher

    app = QCoreApplication.instance() or QCoreApplication([])
    watcher = ServerWatcher(ann)
    arrived: list[float] = []
    watcher.changed.connect(lambda _changes: arrived.append(time.perf_counter()))
    watcher.start()
    results = []
    try:
        for run in range(RUNS * 2):
            time.sleep(0.37 * (run % 3))  # commits at different moments of the polling cycle
            arrived.clear()
            bea.write(apply_coding, sources[run], codes[run], 30, 40, bea.coder_id())
            committed = time.perf_counter()
            deadline = committed + 5
            while not arrived and time.perf_counter() < deadline:
                app.processEvents()
                time.sleep(0.005)
            results.append((arrived[0] - committed) * 1000 if arrived else float("inf"))
    finally:
        watcher.stop()
    return results


if __name__ == "__main__":
    main()
