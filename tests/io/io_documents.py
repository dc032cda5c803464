"""Real documents made by real libraries, for the reader tests: DOCX (python-docx), ODT (odfpy),
PDF (reportlab), RTF as Word writes it, HTML, VTT/SRT and Whisper JSON."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
HAS_DEJAVU = DEJAVU.is_file()
"""DejaVu Sans draws Arabic and combining accents; without it (no fonts-dejavu) reportlab's own
Bitstream Vera is used, which covers Latin only."""


def _font_file() -> str:
    if HAS_DEJAVU:
        return str(DEJAVU)
    import reportlab

    return str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf")

ARABIC = "مرحبا بكم في المقابلة"
CHINESE = "你好，我们谈谈开源模型。"
EMOJI = "🎉👩🏽‍💻"
COMBINING = "Cafe\u0301 nai\u0308ve"
"""Decomposed accents: stored as written, never normalised (positions depend on it)."""
WORLD = f"{ARABIC} {CHINESE} {EMOJI} {COMBINING}"


def docx_bytes(paragraphs: Sequence[str], tables: Sequence[Sequence[Sequence[str]]] = (),
               header: str | None = None) -> bytes:
    """A Word document: the paragraphs, then each table (rows of cells); optional page header."""
    import docx

    document = docx.Document()
    if header is not None:
        document.sections[0].header.paragraphs[0].text = header
    for text in paragraphs:
        document.add_paragraph(text)
    for rows in tables:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for row, cells in zip(table.rows, rows):
            for cell, value in zip(row.cells, cells):
                cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt_bytes(paragraphs: Sequence[str], table: Sequence[Sequence[str]] = (),
              heading: str | None = None) -> bytes:
    """An OpenDocument text; runs of spaces, tabs and line breaks go through odfpy's teletype."""
    from odf import teletype
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, P

    document = OpenDocumentText()
    if heading is not None:
        element = H(outlinelevel=1)
        teletype.addTextToElement(element, heading)
        document.text.addElement(element)
    for text in paragraphs:
        element = P()
        teletype.addTextToElement(element, text)
        document.text.addElement(element)
    if table:
        odf_table = Table(name="Turns")
        odf_table.addElement(TableColumn(numbercolumnsrepeated=len(table[0])))
        for cells in table:
            row = TableRow()
            for value in cells:
                cell = TableCell()
                paragraph = P()
                teletype.addTextToElement(paragraph, value)
                cell.addElement(paragraph)
                row.addElement(cell)
            odf_table.addElement(row)
        document.text.addElement(odf_table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def pdf_bytes(pages: Sequence[Sequence[str]], *, visual_rtl: bool = True) -> bytes:
    """A PDF with a text layer (DejaVu Sans embedded; Chinese in reportlab's STSong CID font).

    Right-to-left lines are drawn in visual order, as word processors write them into PDFs.
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVu", _font_file()))
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page_canvas = canvas.Canvas(buffer)
    for lines in pages:
        y = 780
        for line in lines:
            chinese = any("\u4e00" <= ch <= "\u9fff" for ch in line)
            page_canvas.setFont("STSong-Light" if chinese else "DejaVu", 11)
            page_canvas.drawString(56, y, _visual_order(line) if visual_rtl else line)
            y -= 16
        page_canvas.showPage()
    page_canvas.save()
    return buffer.getvalue()


def _visual_order(line: str) -> str:
    """Arabic runs reversed (glyphs left to right on the page), the rest as it is."""
    import re

    return re.sub(r"[\u0600-\u06ff][\u0600-\u06ff ]*[\u0600-\u06ff]", lambda m: m.group()[::-1], line)


def scanned_pdf_bytes() -> bytes:
    """A PDF whose pages hold only drawings (a stand-in for scanned images): no text layer."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page_canvas = canvas.Canvas(buffer)
    for _ in range(2):
        page_canvas.rect(56, 500, 300, 200, fill=1)
        page_canvas.showPage()
    page_canvas.save()
    return buffer.getvalue()


def rtf_bytes(paragraphs: Sequence[str]) -> bytes:
    """RTF as Word writes it: ASCII, ``\\'xx`` for cp1252 characters, ``\\uN?`` for the rest."""
    body = []
    for text in paragraphs:
        escaped = []
        for ch in text:
            if ch in "\\{}":
                escaped.append("\\" + ch)
            elif ord(ch) < 128:
                escaped.append(ch)
            else:
                try:
                    escaped.append("\\'{:02x}".format(ch.encode("cp1252")[0]))
                except UnicodeEncodeError:
                    for unit in _utf16_units(ch):
                        escaped.append(f"\\u{unit if unit < 32768 else unit - 65536}?")
        body.append("{\\pard " + "".join(escaped) + "\\par}")
    document = (
        "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss\\fcharset0 Arial;}}"
        "{\\colortbl;\\red0\\green0\\blue0;}\\viewkind4\\uc1\n" + "\n".join(body) + "\n}"
    )
    return document.encode("ascii")


def _utf16_units(ch: str) -> list[int]:
    data = ch.encode("utf-16-le")
    return [int.from_bytes(data[i:i + 2], "little") for i in range(0, len(data), 2)]


def whisper_json(segments: Sequence[tuple[float, float, str, str | None]]) -> bytes:
    """WhisperX output: segments with start/end in seconds, text and (optional) speaker."""
    out = []
    for start, end, text, speaker in segments:
        segment = {"start": start, "end": end, "text": text, "words": []}
        if speaker is not None:
            segment["speaker"] = speaker
        out.append(segment)
    return json.dumps({"segments": out, "language": "en"}, ensure_ascii=False).encode("utf-8")
