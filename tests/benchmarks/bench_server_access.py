"""Benchmark: what reaching a team project costs a coder, against the same project as a file.

Measured on the test server (``tests/pg_server.py``) with a coder login of its own, median of
``RUNS`` runs each:

- opening the sample study: the file; the server project with the password from the keyring
  (an in-memory keyring, so that the figure is qcoder's and the server's, not a desktop
  keyring's); and with a first, wrong password refused before the right one (one retry);
- ``qcoder sources`` as a whole process, on the file and on the server (the keyring's password);
- ``qcoder push`` and ``qcoder pull`` of the sample study (12 sources, ~600 codings) in-process.

Run: python tests/benchmarks/bench_server_access.py
"""

from __future__ import annotations

import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402
import psycopg  # noqa: E402
from sqlalchemy.engine.url import make_url  # noqa: E402

from qcoder.core.lifecycle.project import Project  # noqa: E402
from qcoder.core.team.credentials import PasswordAnswer, connect_with_password, remember_password  # noqa: E402
from qcoder.core.team.transfer import pull, push  # noqa: E402
from qcoder.io.sample_study import ensure_sample_project  # noqa: E402
from tests import pg_server  # noqa: E402
from tests.server.memory_keyring import MemoryKeyring  # noqa: E402

RUNS = 5


def median_ms(action: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    admin_url, why = pg_server.ensure_server()
    if admin_url is None:
        sys.exit(f"no PostgreSQL server: {why}")
    admin = make_url(admin_url).set(drivername="postgresql").render_as_string(hide_password=False)
    database, user, password = f"bench_{uuid.uuid4().hex[:8]}", f"coder_{uuid.uuid4().hex[:6]}", secrets.token_hex(8)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"CREATE ROLE {user} LOGIN PASSWORD '{password}'")
        connection.execute(f'CREATE DATABASE "{database}" OWNER {user}')
    url = make_url(admin_url)._replace(username=user, password=None, database=database)
    plain = url.render_as_string(hide_password=False)
    os.environ.pop("PGPASSWORD", None)
    folder = tempfile.TemporaryDirectory(prefix="qcoder-bench-")
    try:
        sample = ensure_sample_project(Path(folder.name) / "sample.qcoder")
        keyring.set_keyring(MemoryKeyring())
        rows: list[tuple[str, float]] = []
        push_ms = _push_times(sample, admin, url.set(password=password), user, runs=3)
        push(sample, url.set(password=password))
        remember_password(url, password)
        never = lambda *_: None  # noqa: E731 — the keyring must be enough
        wrong_then_right = iter([])

        def retry() -> None:
            nonlocal wrong_then_right
            wrong_then_right = iter([PasswordAnswer(password)])
            connect_with_password(url.set(password="wrong"), Project.open,
                                  lambda *_: next(wrong_then_right)).close()

        rows.append(("open the sample study: file", median_ms(lambda: Project.open(sample).close())))
        rows.append(("open it on the server, password from the keyring",
                     median_ms(lambda: connect_with_password(url, Project.open, never).close())))
        rows.append(("open it on the server, one wrong password first", median_ms(retry)))
        rows.append(("push the sample study to an empty database", push_ms))
        out = Path(folder.name) / "pulled.qcoder"

        def pull_fresh() -> None:
            out.unlink(missing_ok=True)
            pull(url.set(password=password), out)

        rows.append(("pull it into a new file", median_ms(pull_fresh, runs=3)))
        env = {**os.environ, "PGPASSWORD": password}  # a fresh process has the system keyring, not ours
        cli = [sys.executable, "-m", "qcoder", "sources"]
        rows.append(("qcoder sources FILE (whole process)",
                     median_ms(lambda: subprocess.run([*cli, str(sample)], check=True, capture_output=True))))
        rows.append(("qcoder sources URL (whole process)",
                     median_ms(lambda: subprocess.run([*cli, plain], check=True, capture_output=True, env=env))))
        width = max(len(name) for name, _ in rows)
        for name, ms in rows:
            print(f"{name:<{width}}  {ms:8.1f} ms")
    finally:
        folder.cleanup()
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            connection.execute(f"DROP ROLE IF EXISTS {user}")


def _push_times(sample: Path, admin: str, url, user: str, runs: int) -> float:  # type: ignore[no-untyped-def]
    """Median ms of a push into a new empty database (a push refuses one that holds a project);
    making and dropping the database is not counted."""
    times = []
    for _ in range(runs):
        scratch = f"bench_push_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{scratch}" OWNER {user}')
        try:
            start = time.perf_counter()
            push(sample, url.set(database=scratch))
            times.append((time.perf_counter() - start) * 1000)
        finally:
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    return statistics.median(times)


if __name__ == "__main__":
    main()
