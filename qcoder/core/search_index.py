"""The full-text index over source texts: an external-content FTS5 table kept in sync by triggers.

``source_fts`` indexes ``source_texts.text`` without storing a second copy of it. Triggers on
``source_texts`` keep it current, so every path that inserts or deletes a text — the importers,
REFI-QDA import, merge, a cascade from deleting a source — updates the index without knowing it
exists. The index only tells *which* sources can contain a hit; positions are computed in Python
on the stored text (:mod:`qcoder.analysis.search`).

Tokens are maximal runs of letters, numbers, marks and private-use characters (``L* N* M* Co``);
the same notion of a word character is :func:`is_word_char`, which the search uses for its
word-start anchor, so that the index never rules out a source that holds a hit.
On a database without FTS5 (PostgreSQL, an SQLite built without it) there is no index and the
search scans every text.
"""

from __future__ import annotations

import unicodedata

from sqlalchemy import Connection, inspect, text

FTS_TABLE = "source_fts"
TOKENIZER = "unicode61 remove_diacritics 2 categories 'L* N* M* Co'"

_STATEMENTS = (
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        text, content='source_texts', content_rowid='source_id', tokenize="{TOKENIZER}")""",
    f"""CREATE TRIGGER IF NOT EXISTS source_texts_fts_insert AFTER INSERT ON source_texts BEGIN
        INSERT INTO {FTS_TABLE}(rowid, text) VALUES (new.source_id, new.text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS source_texts_fts_delete AFTER DELETE ON source_texts BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text) VALUES ('delete', old.source_id, old.text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS source_texts_fts_update AFTER UPDATE ON source_texts BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text) VALUES ('delete', old.source_id, old.text);
        INSERT INTO {FTS_TABLE}(rowid, text) VALUES (new.source_id, new.text);
    END""",
)


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
    if connection.dialect.name != "sqlite":
        return False
    try:
        for statement in _STATEMENTS:
            connection.exec_driver_sql(statement)
    except Exception:  # an SQLite without FTS5: search falls back to scanning
        return False
    connection.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    return True


def has_search_index(connection: Connection) -> bool:
    return connection.dialect.name == "sqlite" and inspect(connection).has_table(FTS_TABLE)


def matching_source_ids(connection: Connection, fts_query: str) -> set[int]:
    """The ids of sources whose indexed text matches an FTS5 query expression."""
    rows = connection.execute(
        text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :query"), {"query": fts_query}
    )
    return {row[0] for row in rows}
