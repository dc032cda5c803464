"""Benchmark: what row-level security costs a coder on a set-up team server.

The same writes, timed as the project's lead (who owns the tables: no row security) and as a
coder of ``qcoder server setup`` (every row checked against ``current_user``), median of
``RUNS`` runs each, on the test server (``tests/pg_server.py``):

- one coding, as the window makes it (one transaction);
- coding 2,000 hits at once (``code all hits``: one transaction);
- opening the project for writing.

Run: python tests/benchmarks/bench_server_roles.py
"""

from __future__ import annotations

import secrets
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from sqlalchemy.engine.url import make_url  # noqa: E402

from qcoder.cli.main import main as cli  # noqa: E402
from qcoder.core.lifecycle.project import Project  # noqa: E402
from qcoder.core.usecases.commands.bulk_coding import apply_codings_bulk  # noqa: E402
from qcoder.core.usecases.commands.codes import add_code  # noqa: E402
from qcoder.core.usecases.commands.codings import apply_coding  # noqa: E402
from qcoder.core.usecases.commands.sources import add_source  # noqa: E402
from tests import pg_server  # noqa: E402

RUNS = 7
HITS = 2000
TEXT = "Amara: we shared compute with the lab. " * 4000


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
    database = f"bench_{uuid.uuid4().hex[:8]}"
    logins = {role: (f"{role}_{uuid.uuid4().hex[:6]}", secrets.token_hex(8)) for role in ("lead", "coder")}
    with psycopg.connect(admin, autocommit=True) as connection:
        for role, (user, password) in logins.items():
            extra = " CREATEROLE" if role == "lead" else ""
            connection.execute(f"CREATE ROLE {user} LOGIN PASSWORD '{password}'{extra}")
        connection.execute(f'CREATE DATABASE "{database}" OWNER {logins["lead"][0]}')
    urls = {role: make_url(admin_url)._replace(username=user, password=password, database=database)
            for role, (user, password) in logins.items()}
    try:
        with Project.create(urls["lead"], codebook=None) as lead, lead.transaction() as session:
            source = add_source(session, "amara", TEXT).created_id
            code = add_code(session, "Compute").created_id
        assert cli(["server", "setup", urls["lead"].render_as_string(hide_password=False),
                    "--coder", logins["coder"][0]]) == 0
        rows = []
        for role in ("lead", "coder"):
            with Project.open(urls[role]) as project:
                coder = project.coder_id()
                offset = iter(range(0, 10**6, 7))
                one = median_ms(lambda: project.write(apply_coding, source, code, (o := next(offset)), o + 5, coder))
                batch = iter(range(RUNS))

                def bulk() -> None:
                    start = 40_000 + next(batch) * HITS * 3
                    spans = [(source, start + i * 3, start + i * 3 + 2) for i in range(HITS)]
                    project.write(apply_codings_bulk, code, spans, coder)

                many = median_ms(bulk)
            opening = median_ms(lambda: Project.open(urls[role]).close())
            rows.append((role, one, many, opening))
        print(f"{'as':8} {'one coding':>12} {f'{HITS} hits':>12} {'open':>10}   (ms, median of {RUNS})")
        for role, one, many, opening in rows:
            print(f"{role:8} {one:12.1f} {many:12.1f} {opening:10.1f}")
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            connection.execute(f'DROP ROLE IF EXISTS "{database}_coders"')
            for user, _password in logins.values():
                connection.execute(f'DROP ROLE IF EXISTS "{user}"')


if __name__ == "__main__":
    main()
