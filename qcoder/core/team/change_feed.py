"""The change feed of a server project: which tables others changed, so that windows keep up.

On PostgreSQL every project table has a statement-level trigger that notes, once per
transaction and table, that the table changed (``qcoder_change_pending``). When the transaction
commits, a deferred trigger moves that note into ``qcoder_change_log`` under a transaction-wide
advisory lock, with the committing coder and the *origin* (a token of the open project that
made the change), and sends ``pg_notify('qcoder_changes', table)``.

Taking the lock at commit time means log ids follow commit order: whoever sees id ``n`` also
sees every id below it, so a reader that remembers the last id it read never skips a change
(ids taken at the first write would not: a long transaction can commit after a later one).

:func:`changes_since` turns the log into a :class:`Changes` broad enough for every view to
re-read what a kind of change touches; statement triggers do not know which rows changed.
The feed's functions run with the rights of whoever created the project (``SECURITY
DEFINER``): a coder needs rights on the project's tables, not on the feed's; reading the log
needs ``SELECT`` on it, without which a window simply does not update live. The log names the
login that committed, not a name the client sends (see ``_WRITER``).

A project file has no feed: one writer at a time holds its lock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import SQLAlchemyError

from qcoder.core.changes import Changes

LOG_TABLE = "qcoder_change_log"
PENDING_TABLE = "qcoder_change_pending"
CHANNEL = "qcoder_changes"
TRIGGER = "qcoder_feed"
KEEP = "2 days"
"""Log rows older than this are pruned when a project is opened for writing."""

_LOCK_KEY = 0x71636F64  # 'qcod': the advisory lock that orders commits into the log

_WRITER = (
    "CASE WHEN pg_has_role(session_user, (SELECT relowner FROM pg_class "
    "WHERE oid = 'project_meta'::regclass), 'USAGE') "
    "THEN COALESCE(NULLIF(current_setting('qcoder.coder', true), ''), session_user::text) "
    "ELSE session_user::text END"
)
"""Who the log names: the login that wrote (inside these ``SECURITY DEFINER`` functions
``current_user`` is the feed's owner, ``session_user`` the coder's login, which is their
``current_user`` whenever they can write: :mod:`qcoder.core.team.row_security`). Only the lead, who
owns the tables anyway, may name the coder it writes for (a merge, a test of several coders)."""
_WRITER_MARK = "session_user"
"""In the log function's source when it logs the login (older projects logged a client's word)."""

_SETUP = (
    f"""CREATE TABLE IF NOT EXISTS {LOG_TABLE} (
        id BIGSERIAL PRIMARY KEY,
        table_name TEXT NOT NULL,
        coder TEXT,
        origin TEXT,
        changed_at TIMESTAMPTZ NOT NULL DEFAULT now())""",
    f"""CREATE UNLOGGED TABLE IF NOT EXISTS {PENDING_TABLE} (
        txid BIGINT NOT NULL DEFAULT txid_current(),
        table_name TEXT NOT NULL,
        PRIMARY KEY (txid, table_name))""",
    f"""CREATE OR REPLACE FUNCTION qcoder_note_change() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path FROM CURRENT AS $$
    BEGIN
        INSERT INTO {PENDING_TABLE}(txid, table_name) VALUES (txid_current(), TG_TABLE_NAME)
            ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION qcoder_log_change() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path FROM CURRENT AS $$
    BEGIN
        PERFORM pg_advisory_xact_lock({_LOCK_KEY});
        INSERT INTO {LOG_TABLE}(table_name, coder, origin) VALUES (NEW.table_name,
            {_WRITER}, NULLIF(current_setting('qcoder.origin', true), ''));
        DELETE FROM {PENDING_TABLE} WHERE txid = NEW.txid AND table_name = NEW.table_name;
        PERFORM pg_notify('{CHANNEL}', NEW.table_name);
        RETURN NULL;
    END $$""",
    f"DROP TRIGGER IF EXISTS qcoder_log_pending ON {PENDING_TABLE}",
    f"""CREATE CONSTRAINT TRIGGER qcoder_log_pending AFTER INSERT ON {PENDING_TABLE}
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION qcoder_log_change()""",
)

_KINDS: dict[str, tuple[str, ...]] = {
    "codings": ("sources", "codes"),
    "codes": ("codes", "code_tree"),
    "sources": ("sources",),
    "source_texts": ("sources",),
    "source_edits": ("sources",),
    "speaker_turns": ("sources",),
    "cases": ("cases", "sources"),
    "case_sources": ("cases", "sources"),
    "attributes": ("attributes", "cases", "sources"),
    "attribute_values": ("attributes", "cases", "sources"),
    "memos": ("memos",),
    "coders": ("coders",),
    "saved_queries": ("queries",),
    "resolutions": ("sources", "codes"),
}
"""What a change to a table may touch, as :class:`Changes` fields."""
_EVERYTHING = ("sources", "codes", "code_tree", "cases", "attributes", "memos", "coders", "queries")
_ID_TABLES = {
    "sources": "sources", "codes": "codes", "cases": "cases", "attributes": "attributes",
    "memos": "memos", "coders": "coders", "queries": "saved_queries",
}


def _project_tables() -> list[str]:
    from qcoder.core.store.models import Base

    return [table.name for table in Base.metadata.sorted_tables]


def create_change_feed(connection: Connection) -> None:
    """Install the feed's tables, functions and triggers (PostgreSQL only; idempotent)."""
    if connection.dialect.name != "postgresql":
        return
    for statement in _SETUP:
        connection.exec_driver_sql(statement)
    for table in _project_tables():
        connection.exec_driver_sql(f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}"')
        connection.exec_driver_sql(
            f'CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
            "FOR EACH STATEMENT EXECUTE FUNCTION qcoder_note_change()"
        )


def has_change_feed(connection: Connection) -> bool:
    """Whether every project table reports its changes (PostgreSQL; a file never does)."""
    if connection.dialect.name != "postgresql":
        return False
    fed = set(connection.execute(
        text("SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
             "WHERE t.tgname = :name"),
        {"name": TRIGGER},
    ).scalars())
    return set(_project_tables()) <= fed and bool(connection.execute(
        text("SELECT to_regclass(:log) IS NOT NULL AND EXISTS (SELECT 1 FROM pg_proc "
             "WHERE proname = 'qcoder_log_change' AND strpos(prosrc, :mark) > 0)"),
        {"log": LOG_TABLE, "mark": _WRITER_MARK},
    ).scalar_one())


def ensure_change_feed(connection: Connection) -> None:
    """Install what is missing (a project made before the feed existed) and prune old entries.

    Nothing is re-created when all is there: ``CREATE TRIGGER`` locks a table against every
    other coder, so opening a project must not do it needlessly.
    """
    if connection.dialect.name != "postgresql":
        return
    if not has_change_feed(connection):
        create_change_feed(connection)
    if connection.execute(text("SELECT has_table_privilege(:log, 'DELETE')"), {"log": LOG_TABLE}).scalar_one():
        connection.execute(text(f"DELETE FROM {LOG_TABLE} WHERE changed_at < now() - interval '{KEEP}'"))


def latest_change_id(connection: Connection) -> int:
    """The id of the newest log entry (0 for none, or for a file): where a watcher starts."""
    if connection.dialect.name != "postgresql":
        return 0
    return int(connection.execute(text(f"SELECT COALESCE(MAX(id), 0) FROM {LOG_TABLE}")).scalar_one())


def feed_position(engine: Engine) -> int | None:
    """:func:`latest_change_id` on a connection of its own; ``None`` if the feed cannot be read
    (no rights on it, the server gone): a watcher then does without others' changes."""
    try:
        with engine.connect() as connection:
            return latest_change_id(connection)
    except SQLAlchemyError:
        return None


def changes_on(engine: Engine, last_id: int, *, origin: str | None = None) -> tuple[int, Changes]:
    """:func:`changes_since` on a connection of its own (a watcher's poll)."""
    with engine.connect() as connection:
        return changes_since(connection, last_id, origin=origin)


def changes_since(connection: Connection, last_id: int, *, origin: str | None = None) -> tuple[int, Changes]:
    """``(newest id read, what changed after last_id)``; changes made from ``origin`` (the
    reader's own project) are skipped, since its views already followed them.

    ``messages`` names who made the changes, e.g. ``("updated with Bea's changes",)``.
    """
    if connection.dialect.name != "postgresql":
        return last_id, Changes()
    rows = connection.execute(
        text(f"SELECT id, table_name, coder, origin FROM {LOG_TABLE} WHERE id > :last ORDER BY id"),
        {"last": last_id},
    ).all()
    if not rows:
        return last_id, Changes()
    others = [(table, coder) for _id, table, coder, made_by in rows if origin is None or made_by != origin]
    changes = changes_for_tables(connection, {table for table, _coder in others})
    coders = sorted({coder for _table, coder in others if coder})
    if changes.empty or not coders:
        return rows[-1][0], changes
    who = coders[0] if len(coders) == 1 else f"{', '.join(coders[:-1])} and {coders[-1]}"
    return rows[-1][0], replace(changes, messages=(f"updated with {who}'s changes",))


def changes_for_tables(connection: Connection, tables: Iterable[str]) -> Changes:
    """A :class:`Changes` naming every row of each kind that a change to ``tables`` may touch.

    Ids run up to each table's sequence, so rows deleted meanwhile are named too (a view that
    shows one notices it is gone).
    """
    kinds: set[str] = set()
    for table in tables:
        kinds.update(_KINDS.get(table, _EVERYTHING if table != "project_meta" else ()))
    if not kinds:
        return Changes()
    values: dict[str, object] = {"code_tree": "code_tree" in kinds}
    for kind in kinds & _ID_TABLES.keys():
        values[kind] = frozenset(range(1, _highest_id(connection, _ID_TABLES[kind]) + 1))
    return Changes(**values)  # type: ignore[arg-type]  # values maps Changes' own field names to values of their types


def _highest_id(connection: Connection, table: str) -> int:
    """The highest id the table has handed out (its sequence's last value, or its largest id)."""
    return int(connection.execute(text(
        f"SELECT GREATEST(COALESCE((SELECT MAX(id) FROM {table}), 0), "
        f"COALESCE((SELECT CASE WHEN is_called THEN last_value ELSE 0 END "
        f"FROM {_sequence(connection, table)}), 0))"
    )).scalar_one())


def _sequence(connection: Connection, table: str) -> str:
    name = connection.execute(text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table}).scalar_one()
    return name or "(SELECT 0 AS last_value, false AS is_called) AS no_sequence"
