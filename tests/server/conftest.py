"""Fixtures for the team-server tests: a fresh PostgreSQL database per test.

The server is the one ``.ci/services`` started, or one started here from the installed
PostgreSQL binaries (see ``tests/pg_server.py``); without either, these tests skip and say why.
"""

from __future__ import annotations

import uuid

import pytest

from tests import pg_server


@pytest.fixture(autouse=True)
def _coder_is_the_login(monkeypatch):
    """tests/conftest.py names file projects' coder by QCODER_CODER; on a server the login does,
    and the command line refuses QCODER_CODER there."""
    monkeypatch.delenv("QCODER_CODER", raising=False)


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    url, reason = pg_server.ensure_server()
    if url is None:
        pytest.skip(f"no PostgreSQL server for the team-server tests: {reason}")
    return url


@pytest.fixture
def pg_url(pg_admin_url: str):
    """The URL of a new, empty database on the test server, dropped after the test."""
    import psycopg
    from sqlalchemy.engine.url import make_url

    admin = make_url(pg_admin_url)
    name = f"qcoder_test_{uuid.uuid4().hex[:12]}"
    dsn = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield admin.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
