"""The schema version of a project file, and the migrations that bring old files up to date.

A migration is a function of a connection that upgrades a file from version ``n`` to
``n + 1``; :data:`MIGRATIONS` maps ``n`` to it. Before any migration runs, the file is backed
up; all migrations run in one transaction, so a failure leaves the original untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, select

from qcoder.core.errors import MigrationError, NewerSchemaError, NotAProjectError
from qcoder.core.lifecycle.backup import backup_open_project
from qcoder.core.store.immutability import create_immutability_triggers, replace_retired_triggers
from qcoder.core.store.models import Base, Code, ProjectMeta, Pseudonym, SourceEdit, SourceMedia
from qcoder.core.store.search_index import create_search_index
from qcoder.core.team.change_feed import create_change_feed
from qcoder.core.team.row_security import install_row_security

SCHEMA_VERSION = 6

Migration = Callable[[Connection], None]


def _add_versions(connection: Connection) -> None:
    """Schema 2: codes, cases and memos count their edits and name the last editor, so that an
    edit made on a stale view is refused (:mod:`qcoder.core.store.versions`)."""
    for table in ("codes", "cases", "memos"):
        connection.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN version INTEGER DEFAULT '1' NOT NULL")
        connection.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN edited_by VARCHAR(200)")


def _add_source_encoding(connection: Connection) -> None:
    """Schema 3: a source remembers the encoding its file was read in (shown in ``sources``)."""
    connection.exec_driver_sql("ALTER TABLE sources ADD COLUMN encoding VARCHAR(40)")


def _add_source_media(connection: Connection) -> None:
    """Schema 4: a transcript may link the recording it was made from (:mod:`qcoder.core.usecases.queries.media`)."""
    Base.metadata.create_all(connection, tables=[SourceMedia.__table__])


def _add_source_edits(connection: Connection) -> None:
    """Schema 5: a source's text may be edited; each source keeps its edit history, and the
    triggers that refused every change now admit only a recorded edit (:mod:`qcoder.core.store.immutability`);
    the project keeps its pseudonymisation map."""
    Base.metadata.create_all(connection, tables=[SourceEdit.__table__, Pseudonym.__table__])
    replace_retired_triggers(connection)
    if connection.dialect.name == "postgresql":  # the server's word index follows edits too
        create_search_index(connection)
        for (grantee,) in connection.exec_driver_sql(  # who reads the sources reads their history
                "SELECT DISTINCT grantee FROM information_schema.role_table_grants "
                "WHERE table_name = 'sources' AND privilege_type = 'SELECT' AND table_schema = current_schema() "
                "AND grantee <> current_user"):
            role = "PUBLIC" if grantee == "PUBLIC" else '"' + grantee.replace('"', '""') + '"'
            connection.exec_driver_sql(f"GRANT SELECT ON TABLE source_edits TO {role}")


def _index_code_names(connection: Connection) -> None:
    """Schema 6: codes are indexed by parent and name, so that whether a name is free among a
    code's siblings is one step, not a walk over them all (in vivo in a group of thousands)."""
    [index] = [index for index in Code.__table__.indexes if index.name == "ix_codes_parent_name"]
    index.create(connection, checkfirst=True)


MIGRATIONS: dict[int, Migration] = {
    1: _add_versions, 2: _add_source_encoding, 3: _add_source_media, 4: _add_source_edits,
    5: _index_code_names,
}


def create_schema(engine: Engine) -> None:
    with engine.begin() as connection:
        Base.metadata.create_all(connection)
        create_search_index(connection)
        create_immutability_triggers(connection)
        create_change_feed(connection)
        install_row_security(connection)
        connection.execute(
            ProjectMeta.__table__.insert(),
            [{"key": "schema_version", "value": str(SCHEMA_VERSION)}],
        )


def read_schema_version(connection: Connection) -> int:
    if not inspect(connection).has_table("project_meta"):
        raise NotAProjectError("this file is not a qcoder project (no project_meta table)")
    value = connection.execute(
        select(ProjectMeta.value).where(ProjectMeta.key == "schema_version")
    ).scalar_one_or_none()
    if value is None or not value.isdigit():
        raise NotAProjectError("this file is not a qcoder project (no schema version)")
    return int(value)


def newer_schema_error(version: int, subject: str = "this project") -> NewerSchemaError:
    """The refusal of a project saved by a newer qcoder than this one."""
    return NewerSchemaError(
        f"{subject} was saved by a newer qcoder (schema {version}; this qcoder reads up to "
        f"{SCHEMA_VERSION}): update qcoder to open it"
    )


def upgrade_schema(engine: Engine, path: Path | None) -> Path | None:
    """Bring the file to :data:`SCHEMA_VERSION`; return the backup made first, if any."""
    with engine.connect() as connection:
        version = read_schema_version(connection)
    if version > SCHEMA_VERSION:
        raise newer_schema_error(version)
    if version == SCHEMA_VERSION:
        return None
    backup = backup_open_project(path, engine, f"before-migration-v{version}") if path is not None else None
    try:
        with engine.connect() as connection:
            with _foreign_keys_off(connection):
                with connection.begin():
                    for step in range(version, SCHEMA_VERSION):
                        migrate = MIGRATIONS.get(step)
                        if migrate is None:
                            raise MigrationError(f"no migration from schema {step} to {step + 1}")
                        migrate(connection)
                    _check_foreign_keys(connection, version)
                    connection.execute(
                        ProjectMeta.__table__.update()
                        .where(ProjectMeta.key == "schema_version")
                        .values(value=str(SCHEMA_VERSION))
                    )
    except MigrationError:
        raise
    except Exception as error:  # a failed migration rolls back; the backup stays beside it
        raise MigrationError(
            f"upgrading the project from schema {version} failed ({error}); "
            f"the file is unchanged" + (f" and a backup is at {backup}" if backup else "")
        ) from error
    return backup


@contextmanager
def _foreign_keys_off(connection: Connection) -> Iterator[None]:
    """SQLite's way to change a schema: foreign keys off *outside* the transaction, so that
    rebuilding a table (create, copy, drop, rename) does not cascade-delete the rows that point
    at it; :func:`_check_foreign_keys` verifies the result before it is committed."""
    if connection.dialect.name != "sqlite":
        yield
        return
    raw = connection.connection.driver_connection
    assert raw is not None  # an open SQLite connection
    raw.execute("PRAGMA foreign_keys=OFF")  # the pragma is a no-op inside a transaction
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def _check_foreign_keys(connection: Connection, version: int) -> None:
    if connection.dialect.name != "sqlite":
        return
    problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if problems:
        table, rowid, parent = problems[0][0], problems[0][1], problems[0][2]
        raise MigrationError(
            f"upgrading the project from schema {version} would leave {len(problems)} rows pointing "
            f"at missing rows (first: {table} row {rowid} → {parent}); the file is unchanged"
        )
