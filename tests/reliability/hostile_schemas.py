"""Project files altered to harm whoever opens them, made on demand from a real project: each
factory builds a small coded study with the current code, then changes its schema by raw SQL
the way a crafted file received from a teammate could."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.code_tree import resolve_code_path
from qcoder.core.usecases.queries.sources import find_source


def study(path: Path) -> Path:
    with Project.create(path, coder_name="Ann", codebook=None) as project:
        with project.transaction() as session:
            add_source(session, "amara", "Amara: we shared compute with the lab.\n")
            add_code(session, "Compute")
        coder = project.coder_id()
        with project.transaction() as session:
            apply_coding(session, find_source(session, "amara"), resolve_code_path(session, "Compute"), 7, 25, coder)
    return path


def _altered(statements: tuple[str, ...]) -> Callable[[Path], Path]:
    def make(path: Path) -> Path:
        study(path)
        connection = sqlite3.connect(path)
        try:
            connection.executescript(";\n".join(statements))
        finally:
            connection.close()
        return path

    return make


HOSTILE: dict[str, tuple[Callable[[Path], Path], str]] = {
    "a trigger that deletes every new coding": (_altered((
        "CREATE TRIGGER wipe_new_codings AFTER INSERT ON codings BEGIN DELETE FROM codings; END",
    )), "unknown trigger 'wipe_new_codings' on codings"),
    "a view with INSTEAD OF triggers in place of a table": (_altered((
        "ALTER TABLE codings RENAME TO codings_kept",
        "CREATE VIEW codings AS SELECT * FROM codings_kept",
        "CREATE TRIGGER codings_swallow INSTEAD OF INSERT ON codings BEGIN SELECT 1; END",
    )), "the table 'codings' replaced by a view"),
    "a recursive view in place of a table": (_altered((
        "DROP TABLE saved_queries",
        "CREATE VIEW saved_queries(id, guid, name, expression, description, coder_id, created_at) AS "
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
        "SELECT i, 'g' || i, 'q' || i, '{}', '', NULL, NULL FROM n",
    )), "the table 'saved_queries' replaced by a view"),
    "a changed immutability trigger": (_altered((
        "DROP TRIGGER source_texts_immutable",
        "CREATE TRIGGER source_texts_immutable BEFORE UPDATE OF text ON source_texts WHEN 0 "
        "BEGIN SELECT RAISE(ABORT, 'a source text is immutable after import'); END",
    )), "changed trigger 'source_texts_immutable' on source_texts"),
}
"""Name → (factory, what the refusal must name)."""
