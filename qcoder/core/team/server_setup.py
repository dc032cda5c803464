"""``qcoder server setup``: the roles of a team server project, least privilege for coders.

The *lead* is the role that owns the project's tables (whoever created or pushed the project);
the lead imports sources, keeps the codebook, merges, resolves and runs this setup. The coders
are login roles made members of one group role (``<database>_coders`` unless named), which may:

- read every table (the change log too, so that their windows follow others' work live);
- insert codings, memos and saved queries, and change or delete only their own
  (:mod:`qcoder.core.team.row_security`), and add or recolour their own coder row;
- nothing else: sources and their texts, codes, cases, attributes, resolutions, the project's
  facts and the change log are the lead's.

Run it again after adding coders; it is idempotent. It needs the right to create a role
(``CREATEROLE``) the first time, and the lead's (or a superuser's) login.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine.url import URL
from sqlalchemy.exc import DBAPIError

from qcoder.core.errors import NotAProjectError, QcoderError
from qcoder.core.team.change_feed import ensure_change_feed
from qcoder.core.team.row_security import OWN_ROWS, install_row_security
from qcoder.core.team.server_url import display_url

CODER_WRITES: dict[str, str] = {
    "coders": "INSERT, UPDATE",
    **dict.fromkeys(OWN_ROWS, "INSERT, UPDATE, DELETE"),
}
"""What the coders' group may write, per table (row security narrows it to their own rows)."""


@dataclass(frozen=True)
class TeamSetup:
    """What :func:`set_up_team` made: the lead, the coders' group and its members."""

    database: str
    lead: str
    group: str
    coders: tuple[str, ...]

    def summary(self) -> str:
        members = ", ".join(self.coders) if self.coders else "none yet (add them with --coder)"
        return (
            f"{self.database}: the lead {self.lead} owns the project; coders in {self.group}: {members}. "
            "Coders read everything and write only their own codings, memos and saved queries."
        )


def default_group(database: str) -> str:
    return f"{database}_coders"[:63]


def set_up_team(engine: Engine, url: URL, *, group: str | None = None, coders: Iterable[str] = ()) -> TeamSetup:
    """Create the coders' group if needed, grant it least privilege and make ``coders`` members."""
    database = url.database or ""
    group = group or default_group(database)
    wanted = tuple(dict.fromkeys(name.strip() for name in coders if name.strip()))
    try:
        with engine.begin() as connection:
            lead = _check_lead(connection, url)
            _check_coders(connection, wanted, lead, group)
            ensure_change_feed(connection)
            install_row_security(connection)
            _ensure_group(connection, group)
            _grant(connection, group, wanted)
    except DBAPIError as error:
        detail = " ".join(str(error.orig).split()) if error.orig is not None else str(error)
        detail = detail.split("CONTEXT:")[0].strip()
        if "permission denied to create role" in detail:
            detail += (f" (the lead's login needs CREATEROLE, or the server's administrator creates the "
                       f"role {group} NOLOGIN first)")
        raise QcoderError(f"could not set up {display_url(url)}: {detail}") from None
    return TeamSetup(database, lead, group, wanted)


def _check_lead(connection: Connection, url: URL) -> str:
    if not connection.execute(text("SELECT to_regclass('project_meta') IS NOT NULL")).scalar_one():
        raise NotAProjectError(
            f"{display_url(url)} holds no qcoder project; create it first (qcoder new --url, qcoder push)"
        )
    me, superuser, owner = connection.execute(text(
        "SELECT current_user, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user), "
        "pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'project_meta'::regclass"
    )).one()
    if me != owner and not superuser:
        raise QcoderError(
            f"{me} does not own this project: run qcoder server setup as its lead, {owner}"
        )
    return str(owner)


def _check_coders(connection: Connection, coders: tuple[str, ...], lead: str, group: str) -> None:
    for name in coders:
        role = connection.execute(
            text("SELECT rolcanlogin, rolsuper FROM pg_roles WHERE rolname = :name"), {"name": name}
        ).one_or_none()
        if role is None:
            raise QcoderError(
                f"there is no login {name} on this server; its administrator makes one first "
                f"(CREATE ROLE {name} LOGIN PASSWORD '…')"
            )
        if name in (lead, group):
            raise QcoderError(f"{name} is the project's {'lead' if name == lead else 'coders group'}, not a coder")
        if role.rolsuper:
            raise QcoderError(f"{name} is a superuser: no rule of the project binds it; give the coder an ordinary login")
        if not role.rolcanlogin:
            raise QcoderError(f"{name} cannot log in; a coder needs a login role")


def _ensure_group(connection: Connection, group: str) -> None:
    exists = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :name"), {"name": group}).first()
    if exists is None:
        connection.exec_driver_sql(f"CREATE ROLE {_quote(connection, group)} NOLOGIN")


def _grant(connection: Connection, group: str, coders: tuple[str, ...]) -> None:
    quoted_group = _quote(connection, group)
    tables = connection.execute(
        text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    ).scalars().all()
    schema = _quote(connection, connection.execute(text("SELECT current_schema()")).scalar_one())
    grantees = ", ".join(["PUBLIC", quoted_group, *(_quote(connection, name) for name in coders)])
    for table in tables:
        quoted = _quote(connection, table)
        connection.exec_driver_sql(f"REVOKE ALL ON TABLE {quoted} FROM {grantees}")
        connection.exec_driver_sql(f"GRANT SELECT ON TABLE {quoted} TO {quoted_group}")
    for table, rights in CODER_WRITES.items():
        connection.exec_driver_sql(f"GRANT {rights} ON TABLE {table} TO {quoted_group}")
        sequence = connection.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table}).scalar_one()
        if sequence:
            connection.exec_driver_sql(f"GRANT USAGE ON SEQUENCE {sequence} TO {quoted_group}")
    connection.exec_driver_sql(f"GRANT USAGE ON SCHEMA {schema} TO {quoted_group}")
    for name in coders:
        connection.exec_driver_sql(f"GRANT {quoted_group} TO {_quote(connection, name)}")


def _quote(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote_identifier(name)
