"""The readable text of a word-processor document (.docx, .odt): paragraphs, headings, tables.

Each paragraph and heading is a paragraph of the text, a blank line between them (empty
paragraphs, which Word users type for spacing, add nothing more); line breaks inside a paragraph
stay line breaks. A table of speaker turns — a column of names beside a column of words, maybe
a column of times — reads as turns, one paragraph per row: ``Name: words`` or
``[0:03] Name: words``. Any other table reads as rows, one line per row, its cells separated by
`` | ``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from qcoder.io.decoding import normalise_newlines
from qcoder.io.speakers import looks_like_name

Table = Sequence[Sequence[str]]
"""Rows of cell texts."""

CELL_SEPARATOR = " | "
_CLOCK = re.compile(r"[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?[\])]?")
_MAX_NAME = 40
_HEADER_NAMES = frozenset({"speaker", "speakers", "name", "who", "person", "sprecher", "locuteur", "hablante"})
_NAMED_ROWS = 0.8
"""Share of a table's rows whose name cell must look like a name for it to be a table of turns."""


def document_text(blocks: Iterable[str | Table]) -> str:
    """The text of a document's body (paragraph texts and tables, in order), LF, ending in one LF."""
    paragraphs: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            text = normalise_newlines(block)
            if text.strip():
                paragraphs.append(text.rstrip())
        else:
            paragraphs.extend(table_paragraphs(block))
    text = "\n\n".join(paragraphs).strip("\n")
    return text + "\n" if text.strip() else ""


def table_paragraphs(rows: Table) -> list[str]:
    """A table as turns (one paragraph per row) when it is a table of speaker turns, else one
    paragraph of rows."""
    cleaned = [[_one_line(cell) for cell in row] for row in rows]
    cleaned = [row for row in cleaned if any(row)]
    if not cleaned:
        return []
    columns = _turn_columns(cleaned)
    if columns is None:
        return ["\n".join(CELL_SEPARATOR.join(cell for cell in row) for row in cleaned)]
    name_at, words_at, time_at = columns
    paragraphs: list[str] = []
    for index, row in enumerate(cleaned):
        name, words = row[name_at], row[words_at]
        time = row[time_at].strip("[]()") if time_at is not None else ""
        if index == 0 and name.casefold() in _HEADER_NAMES:
            paragraphs.append(CELL_SEPARATOR.join(row))
        elif name:
            paragraphs.append(f"{f'[{time}] ' if time else ''}{name}: {words}".rstrip())
        elif words:
            paragraphs.append(words)
    return paragraphs


def _one_line(cell: str) -> str:
    return " ".join(normalise_newlines(cell).replace("\t", " ").split())


def _turn_columns(rows: list[list[str]]) -> tuple[int, int, int | None] | None:
    """(name column, words column, time column or None) of a table of turns, else None."""
    width = max(len(row) for row in rows)
    if width not in (2, 3) or any(len(row) != width for row in rows):
        return None
    body = rows[1:] if any(cell.casefold() in _HEADER_NAMES for cell in rows[0]) else rows
    if not body:
        return None
    time_at = None
    if width == 3:
        time_at = next((c for c in range(3) if all(_CLOCK.fullmatch(row[c]) for row in body if row[c])), None)
        if time_at is None:
            return None
    name_at, words_at = [c for c in range(width) if c != time_at][:2]
    names = [row[name_at] for row in body if row[name_at]]
    named = sum(1 for name in names if len(name) <= _MAX_NAME and looks_like_name(name))
    if not names or named < _NAMED_ROWS * len(names):
        return None
    return name_at, words_at, time_at
