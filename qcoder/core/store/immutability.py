"""Triggers that let a source's text change only through a recorded edit, in the file itself.

Every coding's position counts code points into the stored text; changing one character shifts
every passage after it. The edit use case (:mod:`qcoder.core.usecases.queries.source_edits`) first adds
the edit to the source's history (``source_edits``: the range replaced, the new words, the
text's length and SHA-256 after it), then changes the text, then the source's length and hash,
and re-anchors the passages. These triggers make the database refuse any other change (a bug, a
script, a careless migration): the new text must be the old one with the source's latest
recorded edit applied, of the recorded length, and the source's length and hash must be those
the latest edit recorded. So no text changes without its history saying how — which is what a
merge maps a teammate's positions through. (A script that forges a history row first can still
edit; it cannot edit without leaving one.) Schemas 1–4 refused every change
(:data:`RETIRED_SQLITE`, recognised in older files until their migration replaces them).
"""

from __future__ import annotations

from sqlalchemy import Connection

_REFUSAL = "a source text is immutable except through an edit recorded in its history"

_STATEMENTS = (
    f"""CREATE TRIGGER IF NOT EXISTS source_texts_immutable BEFORE UPDATE OF text ON source_texts
       WHEN new.text IS NOT old.text AND new.text IS NOT (
           SELECT CASE WHEN e.characters = length(new.text)
                  THEN substr(old.text, 1, e.start) || e.new_text || substr(old.text, e."end" + 1) END
           FROM source_edits e WHERE e.source_id = old.source_id ORDER BY e.id DESC LIMIT 1)
       BEGIN SELECT RAISE(ABORT, '{_REFUSAL}'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS sources_text_facts_immutable
       BEFORE UPDATE OF sha256, characters ON sources
       WHEN (new.sha256 IS NOT old.sha256 OR new.characters IS NOT old.characters) AND NOT EXISTS (
           SELECT 1 FROM source_edits e
           WHERE e.id = (SELECT max(id) FROM source_edits WHERE source_id = new.id)
             AND e.sha256 = new.sha256 AND e.characters = new.characters
             AND e.characters = (SELECT length(text) FROM source_texts WHERE source_id = new.id))
       BEGIN SELECT RAISE(ABORT, '{_REFUSAL}'); END""",
)

RETIRED_SQLITE = {
    "source_texts_immutable": """CREATE TRIGGER source_texts_immutable BEFORE UPDATE OF text ON source_texts
       WHEN new.text IS NOT old.text
       BEGIN SELECT RAISE(ABORT, 'a source text is immutable after import'); END""",
    "sources_text_facts_immutable": """CREATE TRIGGER sources_text_facts_immutable
       BEFORE UPDATE OF sha256, characters ON sources
       WHEN new.sha256 IS NOT old.sha256 OR new.characters IS NOT old.characters
       BEGIN SELECT RAISE(ABORT, 'a source text is immutable after import'); END""",
}
"""The triggers as schemas 1–4 made them (as SQLite stores them): ours, in a file not yet migrated."""

_POSTGRESQL_STATEMENTS = (
    f"""CREATE OR REPLACE FUNCTION qcoder_check_text_edit() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE edit_start integer; edit_end integer; edit_text text; edit_characters integer;
    BEGIN
        SELECT e.start, e."end", e.new_text, e.characters INTO edit_start, edit_end, edit_text, edit_characters
            FROM source_edits e WHERE e.source_id = OLD.source_id ORDER BY e.id DESC LIMIT 1;
        IF NOT FOUND OR edit_characters <> length(NEW.text) OR NEW.text IS DISTINCT FROM
                substr(OLD.text, 1, edit_start) || edit_text || substr(OLD.text, edit_end + 1) THEN
            RAISE EXCEPTION '{_REFUSAL}';
        END IF;
        RETURN NEW;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION qcoder_check_text_facts() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM source_edits e
                WHERE e.id = (SELECT max(id) FROM source_edits WHERE source_id = NEW.id)
                  AND e.sha256 = NEW.sha256 AND e.characters = NEW.characters
                  AND e.characters = (SELECT length(text) FROM source_texts WHERE source_id = NEW.id)) THEN
            RAISE EXCEPTION '{_REFUSAL}';
        END IF;
        RETURN NEW;
    END $$""",
    "DROP TRIGGER IF EXISTS source_texts_immutable ON source_texts",
    """CREATE TRIGGER source_texts_immutable BEFORE UPDATE OF text ON source_texts FOR EACH ROW
       WHEN (new.text IS DISTINCT FROM old.text) EXECUTE FUNCTION qcoder_check_text_edit()""",
    "DROP TRIGGER IF EXISTS sources_text_facts_immutable ON sources",
    """CREATE TRIGGER sources_text_facts_immutable BEFORE UPDATE OF sha256, characters ON sources
       FOR EACH ROW WHEN (new.sha256 IS DISTINCT FROM old.sha256
                          OR new.characters IS DISTINCT FROM old.characters)
       EXECUTE FUNCTION qcoder_check_text_facts()""",
    "DROP FUNCTION IF EXISTS qcoder_refuse_text_change()",
)


def create_immutability_triggers(connection: Connection) -> None:
    """Install the triggers (SQLite and PostgreSQL; other databases rely on the use cases)."""
    statements = {"sqlite": _STATEMENTS, "postgresql": _POSTGRESQL_STATEMENTS}
    for statement in statements.get(connection.dialect.name, ()):
        connection.exec_driver_sql(statement)


def replace_retired_triggers(connection: Connection) -> None:
    """Schema 5's migration: the refuse-everything triggers give way to the edit-checking ones."""
    if connection.dialect.name == "sqlite":
        for name in RETIRED_SQLITE:
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    create_immutability_triggers(connection)
