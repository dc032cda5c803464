"""OpenDocument text (.odt), as LibreOffice and Google Docs write it.

Same shape as the DOCX reader (:mod:`qcoder.io.readers.document_layout`): paragraphs and headings
(lists included) a blank line apart, a table of speaker turns as turns, any other table as rows;
footnotes, annotations and tracked deletions are left out.
Runs of spaces (``<text:s text:c="3"/>``), tabs and line breaks are kept as written.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from qcoder.io.parsed import ParsedTranscript, UnreadableFileError
from qcoder.io.readers.document_layout import CELL_SEPARATOR, document_text
from qcoder.io.readers.zip_package import check_package
from qcoder.io.speakers import detect_turns

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
_XML_SPACE = re.compile(r"[ \t\r\n]+")

_PARAGRAPHS = {(_TEXT, "p"), (_TEXT, "h")}
_SKIPPED = {
    (_TEXT, "note"), (_OFFICE, "annotation"), (_TEXT, "tracked-changes"), (_TEXT, "sequence-decls"),
    (_TEXT, "variable-decls"), (_TEXT, "user-field-decls"), (_OFFICE, "forms"), (_DRAW, "frame"),
    (_TEXT, "bookmark"), (_TEXT, "bookmark-start"), (_TEXT, "bookmark-end"),
}


def read_odt(data: bytes, name: str) -> ParsedTranscript:
    check_package(data, name, "OpenDocument text (.odt)", "content.xml")
    from odf.opendocument import load

    try:
        document = load(io.BytesIO(data))
        body = document.text
        text = document_text(_blocks(body))
    except UnreadableFileError:
        raise
    except Exception as error:  # noqa: BLE001 — odfpy raises KeyError, SAXParseException, AttributeError…
        raise UnreadableFileError(
            f"{name} is not a valid OpenDocument text (.odt) ({type(error).__name__}: {error})"
        ) from None
    if not text.strip():
        raise UnreadableFileError(f"{name} has no text")
    return ParsedTranscript(text=text, turns=tuple(detect_turns(text)), kind="odt")


def _blocks(element) -> Iterator[str | list[list[str]]]:
    for child in element.childNodes:
        qname = getattr(child, "qname", None)
        if qname is None or qname in _SKIPPED:
            continue
        if qname in _PARAGRAPHS:
            yield _inline(child)
        elif qname == (_TABLE, "table"):
            yield list(_rows(child))
        else:
            yield from _blocks(child)


def _rows(table) -> Iterator[list[str]]:
    for child in table.childNodes:
        qname = getattr(child, "qname", None)
        if qname == (_TABLE, "table-row"):
            yield [
                " ".join(_cell_lines(cell))
                for cell in child.childNodes
                if getattr(cell, "qname", None) == (_TABLE, "table-cell")
            ]
        elif qname in ((_TABLE, "table-header-rows"), (_TABLE, "table-rows"), (_TABLE, "table-row-group")):
            yield from _rows(child)


def _cell_lines(cell) -> Iterator[str]:
    for block in _blocks(cell):
        if isinstance(block, str):
            if block.strip():
                yield block.strip()
        else:
            yield from (CELL_SEPARATOR.join(row) for row in block if any(row))


def _inline(element) -> str:
    parts: list[str] = []
    for child in element.childNodes:
        if child.nodeType == child.TEXT_NODE:
            parts.append(_XML_SPACE.sub(" ", child.data))
            continue
        qname = getattr(child, "qname", None)
        if qname in _SKIPPED:
            continue
        if qname == (_TEXT, "s"):
            count = child.getAttrNS(_TEXT, "c")
            parts.append(" " * (int(count) if count and count.isdigit() else 1))
        elif qname == (_TEXT, "tab"):
            parts.append("\t")
        elif qname == (_TEXT, "line-break"):
            parts.append("\n")
        else:
            parts.append(_inline(child))
    return "".join(parts)
