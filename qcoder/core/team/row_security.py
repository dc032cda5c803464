"""Who may write what on a team server, enforced by PostgreSQL itself (row-level security).

A coder on a server is the role they log in as (``current_user``); their name in ``coders`` is
that role's name. Every server project carries these rules from its creation, whatever rights
an administrator grants later:

- a coding, memo or saved query can be inserted, changed or deleted only under the writer's own
  coder (``coders.name = current_user``); a coding or memo that names no coder is recorded under
  the writer, whose coder row is made if needed (trigger ``qcoder_fill_coder``);
- a coder row can be made or changed only for oneself, and only by the role that logged in
  (``current_user = session_user``: a ``SET ROLE`` to a group does not make a new coder);
- the *lead* — the role that owns the project's tables, which pushes, merges and resolves for
  the team — is not bound by these rules (PostgreSQL exempts a table's owner from row security;
  a lead's merge keeps every coder's codings under their own names).

The database skips another coder's rows silently (PostgreSQL's row security filters them out of
an ``UPDATE`` or ``DELETE``); :func:`refuse_others_rows` makes the program say so instead.

What a coder role may touch at all (reading everything, writing only codings, memos, saved
queries and their own coder row) is granted by :mod:`qcoder.core.team.server_setup`.
"""

from __future__ import annotations

from sqlalchemy import Connection, inspect, select, text
from sqlalchemy.orm import Session

from qcoder.core.store.models import Coder, Coding, Memo, SavedQuery
from qcoder.core.team.server_errors import PermissionRefusedError

OWN_ROWS = ("codings", "memos", "saved_queries")
"""Tables whose rows belong to the coder in their ``coder_id``."""
FILLED = ("codings", "memos")
"""Tables whose new rows without a coder get the writer's."""
POLICY_PREFIX = "qcoder_"

_FUNCTIONS = (
    """CREATE OR REPLACE FUNCTION qcoder_own_coder_id() RETURNS integer LANGUAGE sql STABLE
    SET search_path FROM CURRENT AS $$ SELECT id FROM coders WHERE name = current_user $$""",
    """CREATE OR REPLACE FUNCTION qcoder_fill_coder() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
    BEGIN
        IF NEW.coder_id IS NULL THEN
            NEW.coder_id := qcoder_own_coder_id();
            IF NEW.coder_id IS NULL THEN
                INSERT INTO coders(guid, name, colour)
                    VALUES (gen_random_uuid()::text, current_user, '#4E79A7')
                    RETURNING id INTO NEW.coder_id;
            END IF;
        END IF;
        RETURN NEW;
    END $$""",
)


def _policies() -> list[str]:
    # A sub-select, not the function: it runs once per statement (an InitPlan), not once per row.
    own = "coder_id = (SELECT id FROM coders WHERE name = current_user)"
    statements = [
        "ALTER TABLE coders ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY {POLICY_PREFIX}read ON coders FOR SELECT USING (true)",
        f"CREATE POLICY {POLICY_PREFIX}own_insert ON coders FOR INSERT "
        "WITH CHECK (name = current_user AND current_user = session_user)",
        f"CREATE POLICY {POLICY_PREFIX}own_update ON coders FOR UPDATE "
        "USING (name = current_user) WITH CHECK (name = current_user)",
    ]
    for table in OWN_ROWS:
        statements += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"CREATE POLICY {POLICY_PREFIX}read ON {table} FOR SELECT USING (true)",
            f"CREATE POLICY {POLICY_PREFIX}own_insert ON {table} FOR INSERT WITH CHECK ({own})",
            f"CREATE POLICY {POLICY_PREFIX}own_update ON {table} FOR UPDATE USING ({own}) WITH CHECK ({own})",
            f"CREATE POLICY {POLICY_PREFIX}own_delete ON {table} FOR DELETE USING ({own})",
        ]
    for table in FILLED:
        statements += [
            f"DROP TRIGGER IF EXISTS qcoder_fill_coder ON {table}",
            f"CREATE TRIGGER qcoder_fill_coder BEFORE INSERT ON {table} "
            "FOR EACH ROW WHEN (NEW.coder_id IS NULL) EXECUTE FUNCTION qcoder_fill_coder()",
        ]
    return statements


def install_row_security(connection: Connection) -> None:
    """Install (or put back) the rules; PostgreSQL only, idempotent, run by the tables' owner."""
    if connection.dialect.name != "postgresql":
        return
    for statement in _FUNCTIONS:
        connection.exec_driver_sql(statement)
    for table in ("coders", *OWN_ROWS):
        for policy in connection.execute(
            text("SELECT policyname FROM pg_policies WHERE tablename = :table AND policyname LIKE 'qcoder\\_%'"),
            {"table": table},
        ).scalars().all():
            connection.exec_driver_sql(f'DROP POLICY "{policy}" ON {table}')
    for statement in _policies():
        connection.exec_driver_sql(statement)


def has_row_security(connection: Connection) -> bool:
    """Whether every table of own rows has row security on and its policies in place."""
    if connection.dialect.name != "postgresql":
        return False
    tables = ("coders", *OWN_ROWS)
    secured = connection.execute(
        text("SELECT count(*) FROM pg_class WHERE relname = ANY(:tables) AND relrowsecurity "
             "AND relnamespace = to_regnamespace(current_schema())"),
        {"tables": list(tables)},
    ).scalar_one()
    policies = connection.execute(
        text("SELECT count(*) FROM pg_policies WHERE tablename = ANY(:tables) "
             "AND schemaname = current_schema() AND policyname LIKE 'qcoder\\_%'"),
        {"tables": list(tables)},
    ).scalar_one()
    filled = connection.execute(
        text("SELECT count(*) FROM pg_trigger WHERE tgname = 'qcoder_fill_coder'")
    ).scalar_one()
    return secured == len(tables) and policies == 3 + 4 * len(OWN_ROWS) and filled == len(FILLED)


def ensure_row_security(connection: Connection) -> None:
    """Install the rules where missing (a project made before them); nothing when all is there,
    since ``ALTER TABLE`` locks the table against every other coder."""
    if connection.dialect.name == "postgresql" and not has_row_security(connection):
        install_row_security(connection)


_OWNED = {Coding: "coding", Memo: "memo", SavedQuery: "saved query"}


def is_lead(connection: Connection) -> bool:
    """Whether this login owns the project's tables (or is a superuser): row security spares it."""
    return bool(connection.execute(text(
        "SELECT pg_has_role(current_user, relowner, 'USAGE') FROM pg_class WHERE oid = 'project_meta'::regclass"
    )).scalar_one())


def others_row_refused(session: Session, table: str, coder_id: int | None) -> PermissionRefusedError:
    """The refusal of a change to another coder's row of ``table`` (coding, memo, saved query)."""
    word = next((word for model, word in _OWNED.items() if model.__tablename__ == table), "row")
    name = session.execute(select(Coder.name).where(Coder.id == coder_id)).scalar_one_or_none()
    return PermissionRefusedError(
        f"this {word} is {name or 'another coder'}'s: on a team server a coder changes and removes only their own"
    )


def refuse_others_rows(session: Session, _context: object = None, _instances: object = None) -> None:
    """``before_flush`` on a coder's server session: changing or removing another coder's coding,
    memo or saved query is refused with their name, rather than skipped without a word."""
    touched = [row for row in (*session.dirty, *session.deleted) if type(row) in _OWNED]
    if not touched:
        return
    with session.no_autoflush:
        own = session.execute(text("SELECT qcoder_own_coder_id()")).scalar_one_or_none()
        for row in touched:
            coder_id = inspect(row).committed_state.get("coder_id", row.coder_id)
            if coder_id is not None and coder_id != own:
                name = session.execute(select(Coder.name).where(Coder.id == coder_id)).scalar_one_or_none()
                raise PermissionRefusedError(
                    f"this {_OWNED[type(row)]} is {name or 'another coder'}'s: on a team server a coder "
                    "changes and removes only their own"
                )
