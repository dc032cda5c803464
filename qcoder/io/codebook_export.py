"""The codebook as CSV and Markdown: paths, definitions, colours and counts.

Counts follow the one rule of :mod:`qcoder.core.usecases.queries.code_counts`: passages (distinct coded
spans, once however many coders coded them) of the code itself and with everything below it,
codings (coder × passage), and the sources the code occurs in.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sqlalchemy.orm import Session

from qcoder.core.lifecycle.atomic_files import atomic_path
from qcoder.core.snapshots import CodeInfo
from qcoder.core.spreadsheet_csv import csv_writer
from qcoder.core.usecases.queries.code_counts import code_reach
from qcoder.core.usecases.queries.code_tree import list_codes
from qcoder.core.wording import counted

CODEBOOK_COLUMNS = ("path", "name", "level", "codable", "definition", "colour", "passages", "passages_with_subcodes",
                    "codings", "sources", "guid")


@dataclass(frozen=True)
class CodebookRow:
    code: CodeInfo
    level: int
    total: int
    """Passages of this code and of every code below it."""
    sources: int
    passages: int = 0
    """Passages of the code itself (distinct spans, once however many coders coded them)."""
    codings: int = 0

    def values(self) -> list[str | int]:
        c = self.code
        return [c.path, c.name, self.level, "yes" if c.codable else "no", c.description, c.colour,
                self.passages, self.total, self.codings, self.sources, c.guid]


def codebook_rows(session: Session) -> list[CodebookRow]:
    """The code tree in tree order with its counts."""
    codes = list_codes(session)
    reach = code_reach(session)
    levels: dict[int, int] = {}
    for code in codes:
        levels[code.id] = 0 if code.parent_id is None else levels[code.parent_id] + 1
    return [
        CodebookRow(code, levels[code.id], reach[code.id].total_passages, reach[code.id].sources,
                    reach[code.id].passages, reach[code.id].codings)
        for code in codes
    ]


@contextmanager
def atomic_text(out: Path, *, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """A text file written beside ``out`` and renamed into place only when complete."""
    with atomic_path(out) as temporary, temporary.open("w", encoding=encoding, newline="") as handle:
        yield handle


def write_codebook_csv(rows: Sequence[CodebookRow], out: Path) -> None:
    """UTF-8 with a BOM so that Excel reads accents right."""
    with atomic_text(out, encoding="utf-8-sig") as handle:
        writer = csv_writer(handle)
        writer.writerow(CODEBOOK_COLUMNS)
        writer.writerows(row.values() for row in rows)


def _md(text: str) -> str:
    """Text safe inside Markdown (and the HTML Markdown may contain): escaped, one line."""
    escaped = text.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for character in "`*_[]#|":
        escaped = escaped.replace(character, "\\" + character)
    return " ".join(escaped.split())


def codebook_markdown(rows: Sequence[CodebookRow], title: str) -> str:
    lines = [f"# Codebook: {_md(title)}", "", f"{counted(sum(1 for r in rows if r.code.codable), 'code')}, "
             f"{counted(sum(r.passages for r in rows), 'coded passage')} "
             f"({counted(sum(r.codings for r in rows), 'coding')} by all coders).", ""]
    for row in rows:
        code = row.code
        heading = "#" * min(6, row.level + 2)
        counts = counted(row.total, "passage") + (f" ({row.passages} on this code itself)" if row.total != row.passages else "")
        kind = "" if code.codable else " — group"
        lines.append(f"{heading} {_md(code.name)}{kind}")
        lines.append("")
        lines.append(f"- Path: {_md(code.path)}")
        lines.append(f"- Colour: `{code.colour}`")
        lines.append(f"- Coded: {counts} in {counted(row.sources, 'source')}")
        if code.description.strip():
            lines.append("")
            lines.extend(_md(paragraph) for paragraph in code.description.strip().split("\n") if paragraph.strip())
        lines.append("")
    return "\n".join(lines)


def write_codebook_markdown(rows: Sequence[CodebookRow], out: Path, title: str) -> None:
    with atomic_text(out) as handle:
        handle.write(codebook_markdown(rows, title))
