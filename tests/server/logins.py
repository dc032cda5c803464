"""A login of its own for a coder on the test server, as a team's administrator would make one."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy.engine.url import make_url


@dataclass(frozen=True)
class Login:
    """A coder's login: ``url`` has no password, ``password`` is the right one."""

    user: str
    password: str
    url: str

    def with_password(self, password: str | None = None) -> str:
        return make_url(self.url).set(password=password or self.password).render_as_string(hide_password=False)


@pytest.fixture
def ann(pg_url: str, pg_admin_url: str):
    """The login ``ann_…`` with a password, owner of the test's fresh database (so she may create)."""
    import psycopg

    admin = make_url(pg_admin_url).set(drivername="postgresql").render_as_string(hide_password=False)
    database = make_url(pg_url).database
    user, password = f"ann_{uuid.uuid4().hex[:8]}", f"pw-{secrets.token_hex(6)}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"CREATE ROLE {user} LOGIN PASSWORD '{password}'")
        connection.execute(f'ALTER DATABASE "{database}" OWNER TO {user}')
    url = make_url(pg_url)._replace(username=user, password=None).render_as_string(hide_password=False)
    yield Login(user, password, url)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        connection.execute(f"DROP ROLE IF EXISTS {user}")
