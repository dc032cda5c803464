"""The full-text index over source texts: an external-content FTS5 table kept in sync by triggers.

``source_fts`` indexes ``source_texts.text`` without storing a second copy of it. Triggers on
``source_texts`` keep it current, so every path that inserts or deletes a text — the importers,
REFI-QDA import, merge, a cascade from deleting a source — updates the index without knowing it
exists. The index only tells *which* sources can contain a hit; positions are computed in Python
on the stored text (:mod:`qcoder.analysis.search`).

Tokens are maximal runs of letters, numbers, marks and private-use characters (``L* N* M* Co``);
the same notion of a word character is :func:`is_word_char`, which the search uses for its
word-start anchor, so that the index never rules out a source that holds a hit.
On PostgreSQL the counterpart is ``source_search``: a ``tsvector`` per text (GIN-indexed), filled
by triggers (on insert and on an edit) from the text's runs of ASCII letters and digits. A query term is the leading ASCII
run of each spelling, asked for as a prefix when the spelling goes on past it; a text too large
for a ``tsvector`` gets none and is always a candidate. On an SQLite built without FTS5 there is
no index and the search scans every text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, inspect, text

IndexTerm = tuple[str, bool]
"""A word to look up and whether it may go on in the text (a prefix)."""
IndexQuery = tuple[tuple[IndexTerm, ...], ...]
"""Groups that must all match; each group is satisfied by any one of its terms."""

FTS_TABLE = "source_fts"
TSVECTOR_TABLE = "source_search"
TOKENIZER = "unicode61 remove_diacritics 2 categories 'L* N* M* Co'"

_UPDATE_TRIGGER = f"""CREATE TRIGGER IF NOT EXISTS source_texts_fts_update AFTER UPDATE ON source_texts BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text) VALUES ('delete', old.source_id, old.text);
        INSERT INTO {FTS_TABLE}(rowid, text) VALUES (new.source_id, new.text);
    END"""

_STATEMENTS = (
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        text, content='source_texts', content_rowid='source_id', tokenize="{TOKENIZER}")""",
    f"""CREATE TRIGGER IF NOT EXISTS source_texts_fts_insert AFTER INSERT ON source_texts BEGIN
        INSERT INTO {FTS_TABLE}(rowid, text) VALUES (new.source_id, new.text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS source_texts_fts_delete AFTER DELETE ON source_texts BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text) VALUES ('delete', old.source_id, old.text);
    END""",
    _UPDATE_TRIGGER,
)


_POSTGRESQL_STATEMENTS = (
    f"""CREATE TABLE IF NOT EXISTS {TSVECTOR_TABLE} (
        source_id INTEGER PRIMARY KEY REFERENCES source_texts(source_id) ON DELETE CASCADE,
        words TSVECTOR)""",
    f"CREATE INDEX IF NOT EXISTS ix_{TSVECTOR_TABLE}_words ON {TSVECTOR_TABLE} USING GIN (words)",
    f"""CREATE OR REPLACE FUNCTION qcoder_index_source_text() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM {TSVECTOR_TABLE} WHERE source_id = NEW.source_id;
        BEGIN
            INSERT INTO {TSVECTOR_TABLE}(source_id, words) VALUES (NEW.source_id,
                strip(to_tsvector('simple', regexp_replace(lower(NEW.text), '[^a-z0-9]+', ' ', 'g'))));
        EXCEPTION WHEN program_limit_exceeded THEN
            INSERT INTO {TSVECTOR_TABLE}(source_id, words) VALUES (NEW.source_id, NULL);
        END;
        RETURN NEW;
    END $$""",
    "DROP TRIGGER IF EXISTS source_texts_search_insert ON source_texts",
    """CREATE TRIGGER source_texts_search_insert AFTER INSERT ON source_texts
        FOR EACH ROW EXECUTE FUNCTION qcoder_index_source_text()""",
    "DROP TRIGGER IF EXISTS source_texts_search_update ON source_texts",
    """CREATE TRIGGER source_texts_search_update AFTER UPDATE OF text ON source_texts
        FOR EACH ROW EXECUTE FUNCTION qcoder_index_source_text()""",
)
_ASCII_RUN = re.compile(r"[a-z0-9]+")


def is_word_char(character: str) -> bool:
    """Whether the index treats ``character`` as part of a token (letters, numbers, marks)."""
    if character < "\x80":
        return character.isalnum()
    category = unicodedata.category(character)
    return category[0] in "LNM" or category == "Co"


def create_search_index(connection: Connection) -> bool:
    """Create the index and its triggers (SQLite with FTS5 only); index texts already stored.

    Returns whether an index exists afterwards.
    """
    if connection.dialect.name == "postgresql":
        for statement in _POSTGRESQL_STATEMENTS:
            connection.exec_driver_sql(statement)
        return True
    if connection.dialect.name != "sqlite":
        return False
    try:
        for statement in _STATEMENTS:
            connection.exec_driver_sql(statement)
    except Exception:  # noqa: BLE001 — an SQLite without FTS5: search falls back to scanning
        return False
    connection.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    return True


@contextmanager
def index_once(connection: Connection, source_id: int, old_text: str, new_text: str) -> Iterator[None]:
    """Index a text once after a run of edits instead of after each (SQLite): the update trigger
    is dropped for the run, in the caller's transaction, and made again from the same statement
    afterwards (a rollback undoes both). Each edit re-indexing a 40,000-character text costs more
    than the edit itself. Elsewhere (PostgreSQL, an SQLite without FTS5) it does nothing."""
    paused = connection.dialect.name == "sqlite" and connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'source_texts_fts_update'").first() is not None
    if not paused:
        yield
        return
    connection.exec_driver_sql("DROP TRIGGER source_texts_fts_update")
    try:
        yield
        connection.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text) VALUES ('delete', :id, :old)"),
                           {"id": source_id, "old": old_text})
        connection.execute(text(f"INSERT INTO {FTS_TABLE}(rowid, text) VALUES (:id, :new)"),
                           {"id": source_id, "new": new_text})
    finally:
        connection.exec_driver_sql(_UPDATE_TRIGGER)


def has_search_index(connection: Connection) -> bool:
    table = {"sqlite": FTS_TABLE, "postgresql": TSVECTOR_TABLE}.get(connection.dialect.name)
    return table is not None and inspect(connection).has_table(table)


def matching_source_ids(connection: Connection, query: IndexQuery) -> set[int]:
    """The ids of sources whose indexed text can match ``query``."""
    if connection.dialect.name == "postgresql":
        expression = tsquery_expression(query)
        if expression is None:
            return {row[0] for row in connection.execute(text("SELECT source_id FROM source_texts"))}
        rows = connection.execute(
            text(f"SELECT source_id FROM {TSVECTOR_TABLE} "
                 "WHERE words IS NULL OR words @@ to_tsquery('simple', :query)"),
            {"query": expression},
        )
        return {row[0] for row in rows}
    rows = connection.execute(
        text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :query"),
        {"query": fts5_expression(query)},
    )
    return {row[0] for row in rows}


def fts5_expression(query: IndexQuery) -> str:
    return " AND ".join(
        "(" + " OR ".join(f'"{word}"{"*" if prefix else ""}' for word, prefix in group) + ")"
        for group in query
    )


def tsquery_expression(query: IndexQuery) -> str | None:
    """The ``to_tsquery`` text of ``query`` over ASCII runs, or ``None`` if it cannot narrow.

    The index holds runs of ``[a-z0-9]``; a spelling matches a text word only if the word begins
    with the spelling's leading run, so that run is the term, a prefix unless it is the whole
    spelling. A group with a spelling that starts with no such run rules nothing out.
    """
    groups: list[str] = []
    for group in query:
        terms: list[str] = []
        for word, prefix in group:
            run = _ASCII_RUN.match(word)
            if run is None:
                break
            whole = run.end() == len(word)
            terms.append(f"{run.group()}{'' if whole and not prefix else ':*'}")
        else:
            groups.append("(" + " | ".join(sorted(set(terms))) + ")")
    return " & ".join(groups) if groups else None
