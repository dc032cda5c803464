"""Triggers that make a source's text immutable in the file itself, not only by convention.

Every coding's position counts code points into the stored text; changing one character would
shift every passage after it. No use case updates a text, and these triggers make SQLite refuse
anything that tries (a future bug, a script, a careless migration): the text, its length and
its hash stay what they were at import.
"""

from __future__ import annotations

from sqlalchemy import Connection

_STATEMENTS = (
    """CREATE TRIGGER IF NOT EXISTS source_texts_immutable BEFORE UPDATE OF text ON source_texts
       WHEN new.text IS NOT old.text
       BEGIN SELECT RAISE(ABORT, 'a source text is immutable after import'); END""",
    """CREATE TRIGGER IF NOT EXISTS sources_text_facts_immutable
       BEFORE UPDATE OF sha256, characters ON sources
       WHEN new.sha256 IS NOT old.sha256 OR new.characters IS NOT old.characters
       BEGIN SELECT RAISE(ABORT, 'a source text is immutable after import'); END""",
)


_POSTGRESQL_STATEMENTS = (
    """CREATE OR REPLACE FUNCTION qcoder_refuse_text_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'a source text is immutable after import';
    END $$""",
    "DROP TRIGGER IF EXISTS source_texts_immutable ON source_texts",
    """CREATE TRIGGER source_texts_immutable BEFORE UPDATE OF text ON source_texts FOR EACH ROW
       WHEN (new.text IS DISTINCT FROM old.text) EXECUTE FUNCTION qcoder_refuse_text_change()""",
    "DROP TRIGGER IF EXISTS sources_text_facts_immutable ON sources",
    """CREATE TRIGGER sources_text_facts_immutable BEFORE UPDATE OF sha256, characters ON sources
       FOR EACH ROW WHEN (new.sha256 IS DISTINCT FROM old.sha256
                          OR new.characters IS DISTINCT FROM old.characters)
       EXECUTE FUNCTION qcoder_refuse_text_change()""",
)


def create_immutability_triggers(connection: Connection) -> None:
    """Install the triggers (SQLite and PostgreSQL; other databases rely on the use cases)."""
    statements = {"sqlite": _STATEMENTS, "postgresql": _POSTGRESQL_STATEMENTS}
    for statement in statements.get(connection.dialect.name, ()):
        connection.exec_driver_sql(statement)
