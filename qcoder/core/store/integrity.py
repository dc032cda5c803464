"""Checking a project file: SQLite's own checks, then what the data model promises.

``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check`` first; then orphans and broken
promises that foreign keys cannot express: a source without its text, a text whose length or
SHA-256 disagrees with its source row, codings and speaker turns outside their source's text,
codings whose source, code or coder does not exist, resolutions outside their text, codings of
group (non-codable) codes, a source whose text is not the one its edit history ends with.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import Connection, text


@dataclass(frozen=True)
class Problem:
    kind: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {"kind": self.kind, "message": self.message}


ORPHAN_QUERIES: tuple[tuple[str, str, str], ...] = (
    ("orphan", "coding {0} points to a missing source",
     "SELECT c.guid FROM codings c LEFT JOIN sources s ON s.id = c.source_id WHERE s.id IS NULL"),
    ("orphan", "coding {0} points to a missing code",
     "SELECT c.guid FROM codings c LEFT JOIN codes k ON k.id = c.code_id WHERE k.id IS NULL"),
    ("orphan", "coding {0} points to a missing coder",
     "SELECT c.guid FROM codings c LEFT JOIN coders k ON k.id = c.coder_id WHERE k.id IS NULL"),
    ("orphan", "memo {0} points to a missing coder",
     "SELECT m.guid FROM memos m LEFT JOIN coders k ON k.id = m.coder_id WHERE k.id IS NULL"),
    ("orphan", "code {0} has a missing parent",
     "SELECT c.guid FROM codes c LEFT JOIN codes p ON p.id = c.parent_id "
     "WHERE c.parent_id IS NOT NULL AND p.id IS NULL"),
    ("orphan", "source {0} has no text",
     "SELECT s.guid FROM sources s LEFT JOIN source_texts t ON t.source_id = s.id WHERE t.source_id IS NULL"),
    ("orphan", "a text belongs to no source (source id {0})",
     "SELECT t.source_id FROM source_texts t LEFT JOIN sources s ON s.id = t.source_id WHERE s.id IS NULL"),
    ("span", "coding {0} lies outside its source's text",
     "SELECT c.guid FROM codings c JOIN sources s ON s.id = c.source_id "
     "WHERE c.start < 0 OR c.\"end\" <= c.start OR c.\"end\" > s.characters"),
    ("span", "a speaker turn of source {0} lies outside its text",
     "SELECT DISTINCT s.guid FROM speaker_turns t JOIN sources s ON s.id = t.source_id "
     "WHERE t.start < 0 OR t.\"end\" < t.start OR t.\"end\" > s.characters"),
    ("span", "the resolution {0} lies outside its source's text",
     "SELECT r.guid FROM resolutions r JOIN sources s ON s.id = r.source_id "
     "WHERE r.start < 0 OR r.\"end\" <= r.start OR r.\"end\" > s.characters"),
    ("history", "source {0}'s text is not the one its edit history ends with",
     "SELECT s.guid FROM sources s JOIN source_edits e "
     "ON e.id = (SELECT max(id) FROM source_edits WHERE source_id = s.id) "
     "WHERE e.sha256 <> s.sha256 OR e.characters <> s.characters"),
    ("model", "coding {0} is of a group, not of a codable code",
     "SELECT c.guid FROM codings c JOIN codes k ON k.id = c.code_id WHERE NOT k.is_codable"),
)


def check_connection(connection: Connection, *, limit: int = 50) -> list[Problem]:
    """Every problem found, at most ``limit`` of each kind of query."""
    problems: list[Problem] = []
    if connection.dialect.name == "sqlite":  # a server checks its pages and foreign keys itself
        integrity = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check").fetchall()]
        if integrity != ["ok"]:
            problems += [Problem("integrity", message) for message in integrity[:limit]]
            return problems  # a damaged file cannot be trusted to answer the rest
        for table, rowid, parent, _fk in connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()[:limit]:
            problems.append(Problem("foreign key", f"row {rowid} of {table} points to a missing row of {parent}"))
    for kind, message, query in ORPHAN_QUERIES:
        for (value,) in connection.execute(text(query + f" LIMIT {limit}")):
            problems.append(Problem(kind, message.format(value)))
    problems += _check_texts(connection, limit)
    return problems


def _check_texts(connection: Connection, limit: int) -> list[Problem]:
    """Length and SHA-256 of each text against its source row, one text at a time."""
    problems: list[Problem] = []
    rows = connection.execute(text("SELECT id, guid, name, characters, sha256 FROM sources ORDER BY id")).all()
    for source_id, guid, name, characters, sha256 in rows:
        stored = connection.execute(
            text("SELECT text FROM source_texts WHERE source_id = :id"), {"id": source_id}
        ).scalar()
        if stored is None:
            continue
        if len(stored) != characters:
            problems.append(Problem("text", f"source '{name}' ({guid}) has {len(stored)} characters, "
                                            f"its record says {characters}"))
        elif hashlib.sha256(stored.encode("utf-8")).hexdigest() != sha256:
            problems.append(Problem("text", f"source '{name}' ({guid}) no longer matches its SHA-256"))
        if len(problems) >= limit:
            break
    return problems
