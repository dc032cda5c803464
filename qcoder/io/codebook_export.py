"""The codebook as CSV and Markdown: paths, definitions, colours and counts.

Counts are the passages coded with the code itself, with it and everything below it, and the
number of sources it occurs in, so a reader sees both where a code is used and how much.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from qcoder.core.models import Coding
from qcoder.core.snapshots import CodeInfo
from qcoder.core.usecases.code_tree import list_codes
from qcoder.core.atomic_files import atomic_path
from qcoder.core.wording import counted

CODEBOOK_COLUMNS = ("path", "name", "level", "codable", "definition", "colour", "passages", "passages_with_subcodes", "sources", "guid")


@dataclass(frozen=True)
class CodebookRow:
    code: CodeInfo
    level: int
    total: int
    """Passages of this code and of every code below it."""
    sources: int

    def values(self) -> list[str | int]:
        c = self.code
        return [c.path, c.name, self.level, "yes" if c.codable else "no", c.description, c.colour,
                c.count, self.total, self.sources, c.guid]


def codebook_rows(session: Session) -> list[CodebookRow]:
    """The code tree in tree order with its counts."""
    codes = list_codes(session)
    sources = dict(
        session.execute(select(Coding.code_id, func.count(distinct(Coding.source_id))).group_by(Coding.code_id)).all()
    )
    totals: dict[int, int] = defaultdict(int)
    parents = {code.id: code.parent_id for code in codes}
    for code in codes:
        current: int | None = code.id
        while current is not None:
            totals[current] += code.count
            current = parents.get(current)
    levels: dict[int, int] = {}
    for code in codes:
        levels[code.id] = 0 if code.parent_id is None else levels[code.parent_id] + 1
    return [CodebookRow(code, levels[code.id], totals[code.id], sources.get(code.id, 0)) for code in codes]


@contextmanager
def atomic_text(out: Path, *, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """A text file written beside ``out`` and renamed into place only when complete."""
    with atomic_path(out) as temporary, temporary.open("w", encoding=encoding, newline="") as handle:
        yield handle


def write_codebook_csv(rows: Sequence[CodebookRow], out: Path) -> None:
    """UTF-8 with a BOM so that Excel reads accents right."""
    with atomic_text(out, encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
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
             f"{counted(sum(r.code.count for r in rows), 'coded passage')}.", ""]
    for row in rows:
        code = row.code
        heading = "#" * min(6, row.level + 2)
        counts = counted(row.total, "passage") + (f" ({code.count} on this code itself)" if row.total != code.count else "")
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
