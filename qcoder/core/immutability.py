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


def create_immutability_triggers(connection: Connection) -> None:
    """Install the triggers (SQLite only; other databases rely on the use cases)."""
    if connection.dialect.name != "sqlite":
        return
    for statement in _STATEMENTS:
        connection.exec_driver_sql(statement)
