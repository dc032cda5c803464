"""Word documents (.docx), including Microsoft Teams transcript downloads.

The text is the document body in order, laid out by :mod:`qcoder.io.readers.document_layout`:
paragraphs and headings a blank line apart (soft line breaks and tabs kept), a table of speaker
turns as ``Name: words`` turns, any other table as rows. Headers, footers, comments and
footnotes are not part of the transcript. A Teams transcript (``Name   0:03`` before each turn)
gets its turns from :mod:`qcoder.io.speakers`.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from qcoder.io.parsed import ParsedTranscript, UnreadableFileError
from qcoder.io.readers.document_layout import CELL_SEPARATOR, document_text
from qcoder.io.readers.zip_package import check_package
from qcoder.io.speakers import detect_turns


def read_docx(data: bytes, name: str) -> ParsedTranscript:
    check_package(data, name, "Word document (.docx)", "word/document.xml")
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
        text = document_text(_body_blocks(document))
    except (PackageNotFoundError, KeyError, ValueError) as error:
        raise UnreadableFileError(f"{name} is not a valid Word document (.docx): {error}") from None
    except Exception as error:  # noqa: BLE001 — lxml XMLSyntaxError and the like: a damaged part
        raise UnreadableFileError(
            f"{name} is a damaged Word document ({type(error).__name__}: {error})"
        ) from None
    if not text.strip():
        raise UnreadableFileError(f"{name} has no text")
    return ParsedTranscript(text=text, turns=tuple(detect_turns(text)), kind="docx")


def _body_blocks(document) -> Iterator[str | list[list[str]]]:
    from docx.table import Table

    for block in document.iter_inner_content():
        if isinstance(block, Table):
            yield _table_rows(block)
        else:
            yield _paragraph_text(block)


_RUNS = ".//w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom) and not(ancestor::w:txbxContent)]"
"""Runs as Word shows them: tracked insertions, hyperlinks, content controls and fields
included (python-docx's ``Paragraph.text`` skips all but hyperlinks), tracked deletions and
text boxes left out."""


def _paragraph_text(paragraph) -> str:
    return "".join(run.text for run in paragraph._p.xpath(_RUNS))


def _table_rows(table) -> list[list[str]]:
    """The cell texts of each row; a merged cell counts once; nested tables flatten into their cell."""
    from docx.table import _Cell

    return [[_cell_text(_Cell(tc, table)) for tc in row.tc_lst] for row in table._tbl.tr_lst]


def _cell_text(cell) -> str:
    from docx.table import Table

    parts: list[str] = []
    for block in cell.iter_inner_content():
        if isinstance(block, Table):
            parts.extend(CELL_SEPARATOR.join(row) for row in _table_rows(block) if any(row))
        else:
            parts.append(_paragraph_text(block))
    return " ".join(part.replace("\n", " ").replace("\t", " ").strip() for part in parts if part.strip())
