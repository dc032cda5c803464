"""Word documents (.docx), including Microsoft Teams transcript downloads.

The text is the document body in order: one line per paragraph (soft line breaks kept, tabs
kept), one line per table row with its cells separated by tabs — so a two-column
"Speaker | words" table reads as ``Speaker<TAB>words`` and its speakers are found. Headers,
footers, comments and footnotes are not part of the transcript. A Teams transcript
(``Name   0:03`` before each turn) gets its turns from :mod:`qcoder.io.speakers`.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from qcoder.io.decoding import normalise_newlines
from qcoder.io.parsed import ParsedTranscript, UnreadableFileError
from qcoder.io.readers.zip_package import check_package
from qcoder.io.speakers import detect_turns


def read_docx(data: bytes, name: str) -> ParsedTranscript:
    check_package(data, name, "Word document (.docx)", "word/document.xml")
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(_body_lines(document))
    except (PackageNotFoundError, KeyError, ValueError) as error:
        raise UnreadableFileError(f"{name} is not a valid Word document (.docx): {error}") from None
    except Exception as error:  # lxml XMLSyntaxError and the like: a damaged part
        raise UnreadableFileError(
            f"{name} is a damaged Word document ({type(error).__name__}: {error})"
        ) from None
    text = normalise_newlines("\n".join(lines)).strip("\n")
    if not text.strip():
        raise UnreadableFileError(f"{name} has no text")
    text += "\n"
    return ParsedTranscript(text=text, turns=tuple(detect_turns(text)), kind="docx")


def _body_lines(document) -> Iterator[str]:  # type: ignore[no-untyped-def]
    from docx.table import Table

    for block in document.iter_inner_content():
        if isinstance(block, Table):
            yield from _table_lines(block)
        else:
            yield _paragraph_text(block)


_RUNS = ".//w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom) and not(ancestor::w:txbxContent)]"
"""Runs as Word shows them: tracked insertions, hyperlinks, content controls and fields
included (python-docx's ``Paragraph.text`` skips all but hyperlinks), tracked deletions and
text boxes left out."""


def _paragraph_text(paragraph) -> str:  # type: ignore[no-untyped-def]
    return "".join(run.text for run in paragraph._p.xpath(_RUNS))


def _table_lines(table) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """One line per row; a merged cell counts once; nested tables flatten into their cell."""
    from docx.table import _Cell

    for row in table._tbl.tr_lst:
        cells = [_cell_text(_Cell(tc, table)) for tc in row.tc_lst]
        if any(cells):
            yield "\t".join(cells)


def _cell_text(cell) -> str:  # type: ignore[no-untyped-def]
    from docx.table import Table

    parts: list[str] = []
    for block in cell.iter_inner_content():
        if isinstance(block, Table):
            parts.extend(_table_lines(block))
        else:
            parts.append(_paragraph_text(block))
    return " ".join(part.replace("\n", " ").replace("\t", " ").strip() for part in parts if part.strip())
