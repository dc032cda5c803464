"""Connecting to a project on a PostgreSQL server, with errors a researcher can act on.

A server project has no lock file and no local backups: the server arbitrates concurrent
transactions and the team's administrator backs it up. Its schema is the same as a file's,
created and migrated by :mod:`qcoder.core.store.schema`.
"""

from __future__ import annotations

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine.url import URL
from sqlalchemy.exc import DatabaseError, DBAPIError, OperationalError

from qcoder.core.errors import (
    NotAProjectError,
    PasswordRequiredError,
    QcoderError,
    ServerConnectionError,
)
from qcoder.core.store.database import make_engine
from qcoder.core.team.server_url import display_url

_PASSWORD_PROBLEMS = ("password authentication failed", "no password supplied", "password is required")


def connect(url: URL, *, read_only: bool = False) -> Engine:
    """An engine whose first connection has succeeded as the login the address names; a clear
    error if it cannot, or if the server reports another role (an option or a server-side
    setting that switched it): the name shown must be who writes."""
    engine = make_engine(url, read_only=read_only)
    try:
        with engine.connect() as connection:
            login = connection.execute(text("SELECT current_user")).scalar_one()
    except DBAPIError as error:
        engine.dispose()
        raise connection_error(url, error) from None
    if url.username and login != url.username:
        engine.dispose()
        raise QcoderError(
            f"{display_url(url)} logged in as {login}, not as {url.username}: qcoder refuses a "
            "connection whose role is not the one its address names"
        )
    return engine


def current_login(engine: Engine) -> str:
    """The role the server says this engine works as: on a server, the coder's name."""
    with engine.connect() as connection:
        return str(connection.execute(text("SELECT current_user")).scalar_one())


def connection_error(url: URL, error: DBAPIError) -> ServerConnectionError:
    """The one sentence to show for a failed connection."""
    detail = " ".join(str(error.orig).split()) if error.orig is not None else str(error)
    where = display_url(url)
    if any(problem in detail for problem in _PASSWORD_PROBLEMS):
        return PasswordRequiredError(
            f"the server refused {url.username or 'this user'}'s password for {where}"
            if url.password else f"{where} asks for {url.username or 'the user'}'s password"
        )
    if isinstance(error, OperationalError) and "does not exist" in detail:
        return ServerConnectionError(f"{where}: {detail.split('FATAL:')[-1].strip()}")
    return ServerConnectionError(f"cannot connect to {where}: {_first_sentence(detail)}")


def _first_sentence(detail: str) -> str:
    detail = detail.split("FATAL:")[-1].strip() or detail
    return detail if len(detail) < 300 else detail[:297] + "…"


def check_empty(engine: Engine, url: URL) -> None:
    """Refuse to make a project in a database that already holds tables."""
    with engine.connect() as connection:
        tables = inspect(connection).get_table_names()
    if "project_meta" in tables:
        raise QcoderError(f"{display_url(url)} already holds a qcoder project; open it instead")
    if tables:
        raise QcoderError(
            f"{display_url(url)} already holds {len(tables)} tables of something else; "
            "create the project in an empty database"
        )


def table_names(url: URL) -> list[str]:
    """The tables of the database at ``url``, read through a connection of its own."""
    engine = connect(url, read_only=True)
    try:
        with engine.connect() as connection:
            return inspect(connection).get_table_names()
    finally:
        engine.dispose()


def check_is_project(engine: Engine, url: URL) -> None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("project_meta"):
            raise NotAProjectError(
                f"{display_url(url)} holds no qcoder project; create one with qcoder new --url"
            )


def ensure_feed_and_row_security(engine: Engine) -> None:
    """Give a server project made before the change feed (or its row security) one; a coder not
    allowed to create triggers still codes, only without seeing others' changes live, until
    the lead opens the project."""
    from qcoder.core.team.change_feed import ensure_change_feed
    from qcoder.core.team.row_security import ensure_row_security

    for ensure in (ensure_change_feed, ensure_row_security):
        try:
            with engine.begin() as connection:
                ensure(connection)
        except DatabaseError:
            pass
