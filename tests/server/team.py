"""A team on the test server as ``qcoder server setup`` leaves it: a lead and two coders.

The lead ``lead_…`` owns the test's database and may create roles (as a team's lead on a
university server would be allowed); the coders ``bob_…`` and ``cat_…`` are ordinary logins the
administrator made. The lead creates the project with one source and one code and runs the
setup; each coder has coded once and written one memo.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy.engine.url import make_url

from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.memos import add_memo
from qcoder.core.usecases.commands.sources import add_source
from tests.server.logins import Login

TEXT = "Bob: we shared compute with the lab and trained the base model together."


@dataclass(frozen=True)
class Team:
    lead: Login
    bob: Login
    cat: Login
    source: int
    code: int
    codings: dict[str, int]
    """Each coder's first coding, by login name."""
    memos: dict[str, int]

    def dsn(self, login: Login) -> str:
        """A libpq address for psycopg: the login with its password, no driver."""
        return make_url(login.with_password()).set(drivername="postgresql").render_as_string(hide_password=False)


def _login(admin: str, database: str, prefix: str, *extra: str) -> Login:
    import psycopg

    user, password = f"{prefix}_{uuid.uuid4().hex[:8]}", f"pw-{secrets.token_hex(6)}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"CREATE ROLE {user} LOGIN PASSWORD '{password}' {' '.join(extra)}")
    return Login(user, password, "")


@pytest.fixture
def team(pg_url: str, pg_admin_url: str):
    import psycopg

    from qcoder.cli.main import main

    admin = make_url(pg_admin_url).set(drivername="postgresql").render_as_string(hide_password=False)
    database = make_url(pg_url).database
    logins = [_login(admin, database, "lead", "CREATEROLE"), _login(admin, database, "bob"),
              _login(admin, database, "cat")]
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'ALTER DATABASE "{database}" OWNER TO {logins[0].user}')
    lead, bob, cat = (
        Login(login.user, login.password,
              make_url(pg_url)._replace(username=login.user, password=None).render_as_string(hide_password=False))
        for login in logins
    )
    try:
        with Project.create(lead.with_password(), codebook=None) as project, project.transaction() as session:
            source = add_source(session, "bob-interview", TEXT).created_id
            code = add_code(session, "Compute").created_id
        assert main(["server", "setup", lead.with_password(), "--coder", bob.user, cat.user]) == 0
        codings, memos = {}, {}
        for login, (start, end) in ((bob, (0, 3)), (cat, (5, 11))):
            with Project.open(login.with_password()) as project:
                codings[login.user] = project.write(
                    apply_coding, source, code, start, end, project.coder_id()).created_id
                memos[login.user] = project.write(
                    add_memo, f"{login.user}'s memo", project.coder_id(), target="code", target_id=code).created_id
        yield Team(lead, bob, cat, source, code, codings, memos)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            for role in (f"{database}_coders", lead.user, bob.user, cat.user):
                connection.execute(f'DROP ROLE IF EXISTS "{role}"')
