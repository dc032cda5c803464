"""Word and OpenDocument transcripts read as clean text: paragraphs apart, headings on their own,
tables as turns or readable rows."""

from __future__ import annotations

import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from io_documents import docx_bytes, odt_bytes

from qcoder.io.readers.document_layout import document_text, table_paragraphs
from qcoder.io.readers.opendocument import read_odt
from qcoder.io.readers.word import read_docx


def _docx_with_headings() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Interview with Lab X", level=1)
    document.add_paragraph("Recorded 3 May 2025.")
    document.add_paragraph("")
    document.add_paragraph("")
    document.add_heading("Part 1: Training", level=2)
    paragraph = document.add_paragraph("Interviewer: How did it start?")
    paragraph.add_run().add_break()
    paragraph.add_run("(second line of the same paragraph)")
    document.add_paragraph("Amira: With volunteers.")
    document.add_paragraph("Interviewer: Thanks.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_headings_are_their_own_paragraphs_and_paragraphs_stay_apart():
    parsed = read_docx(_docx_with_headings(), "h.docx")
    assert parsed.text == (
        "Interview with Lab X\n\nRecorded 3 May 2025.\n\nPart 1: Training\n\n"
        "Interviewer: How did it start?\n(second line of the same paragraph)\n\nAmira: With volunteers.\n\n"
        "Interviewer: Thanks.\n"
    )
    assert [t.speaker for t in parsed.turns] == ["Interviewer", "Amira", "Interviewer"]


def test_odt_heading_and_paragraphs():
    parsed = read_odt(odt_bytes(["Ann: Hello.", "Bo: Hi.", "Ann: Bye."], heading="Session 2"), "s.odt")
    assert parsed.text == "Session 2\n\nAnn: Hello.\n\nBo: Hi.\n\nAnn: Bye.\n"
    assert [t.speaker for t in parsed.turns] == ["Ann", "Bo", "Ann"]


def test_a_table_of_turns_with_a_time_column_and_a_header_row():
    rows = [["Time", "Speaker", "Text"], ["00:03", "Ann Lee", "Welcome."], ["00:09", "Kwame", "Thanks,\nglad to be here."],
            ["01:02", "Ann Lee", "Great."]]
    parsed = read_docx(docx_bytes([], tables=[rows]), "t.docx")
    assert parsed.text == (
        "Time | Speaker | Text\n\n[00:03] Ann Lee: Welcome.\n\n[00:09] Kwame: Thanks, glad to be here.\n\n"
        "[01:02] Ann Lee: Great.\n"
    )
    assert [(t.speaker, t.time_ms) for t in parsed.turns] == [("Ann Lee", 3000), ("Kwame", 9000), ("Ann Lee", 62000)]


def test_other_tables_read_as_rows():
    rows = [["Organisation", "Country", "Founded"], ["Lumen Commons", "Kenya", "2019"], ["Pampa Data", "Argentina", "2021"]]
    assert table_paragraphs(rows) == [
        "Organisation | Country | Founded\nLumen Commons | Kenya | 2019\nPampa Data | Argentina | 2021"]
    parsed = read_odt(odt_bytes(["Before."], table=rows), "t.odt")
    assert parsed.text == "Before.\n\nOrganisation | Country | Founded\nLumen Commons | Kenya | 2019\nPampa Data | Argentina | 2021\n"
    assert "\t" not in parsed.text


def test_blank_paragraphs_add_no_more_space():
    assert document_text(["One", "", "  ", "Two", [], "Three\r\nand more"]) == "One\n\nTwo\n\nThree\nand more\n"
