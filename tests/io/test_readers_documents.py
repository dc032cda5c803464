"""DOCX, ODT, RTF, PDF and HTML readers on documents made by real libraries."""

from __future__ import annotations

import io
import zipfile

import pytest
from io_documents import (
    ARABIC,
    CHINESE,
    COMBINING,
    EMOJI,
    HAS_DEJAVU,
    WORLD,
    docx_bytes,
    odt_bytes,
    pdf_bytes,
    rtf_bytes,
    scanned_pdf_bytes,
)

from qcoder.io.parsed import UnreadableFileError
from qcoder.io.readers.opendocument import read_odt
from qcoder.io.readers.pdf import read_pdf
from qcoder.io.readers.rich_text import read_rtf
from qcoder.io.readers.web_page import read_html
from qcoder.io.readers.word import read_docx


def spoken(parsed):
    return [(t.speaker, parsed.text[t.start:t.end], t.time_ms) for t in parsed.turns]


# -- DOCX ---------------------------------------------------------------------------------


def test_docx_paragraphs_and_speakers_with_every_script():
    data = docx_bytes(["Interviewer: Where do you work?", f"Participant: {WORLD}", "", "A second paragraph."],
                      header="Page header, not the transcript")
    parsed = read_docx(data, "a.docx")
    assert parsed.text == f"Interviewer: Where do you work?\n\nParticipant: {WORLD}\n\nA second paragraph.\n"
    assert spoken(parsed) == [
        ("Interviewer", "Interviewer: Where do you work?", None),
        ("Participant", f"Participant: {WORLD}\n\nA second paragraph.", None),
    ]
    assert parsed.kind == "docx"


def test_docx_tables_of_turns_read_as_turns_in_order():
    data = docx_bytes(["Before the table."], tables=[[["Interviewer", "How did it start?"],
                                                     ["Participant", f"With volunteers {EMOJI}"]]])
    parsed = read_docx(data, "table.docx")
    assert parsed.text == (
        "Before the table.\n\nInterviewer: How did it start?\n\nParticipant: With volunteers " + EMOJI + "\n"
    )
    assert [t[0] for t in spoken(parsed)] == ["Interviewer", "Participant"]


def test_teams_docx_transcript_has_a_name_and_time_line_before_each_turn():
    data = docx_bytes([
        "Transcript", "March 3, 2025, 2:00PM",
        "Ann Smith   0:03", "Thanks for joining. Shall we start?",
        "Kwame Mensah   0:09", f"Yes. {ARABIC}",
        "Ann Smith   1:02:03", "Great.",
    ])
    parsed = read_docx(data, "teams.docx")
    assert spoken(parsed) == [
        ("Ann Smith", "Ann Smith   0:03\n\nThanks for joining. Shall we start?", 3000),
        ("Kwame Mensah", f"Kwame Mensah   0:09\n\nYes. {ARABIC}", 9000),
        ("Ann Smith", "Ann Smith   1:02:03\n\nGreat.", 3_723_000),
    ]
    assert parsed.text.startswith("Transcript\n\nMarch 3, 2025, 2:00PM\n\n")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"this is not a zip at all", "not a valid Word document"),
        (b"PK\x03\x04" + b"\x00" * 40, "not a valid Word document"),
    ],
)
def test_bad_docx_files_get_one_clear_message(data, message):
    with pytest.raises(UnreadableFileError, match=message):
        read_docx(data, "bad.docx")


def test_docx_cut_short_is_refused():
    data = docx_bytes(["Interviewer: hi"])
    with pytest.raises(UnreadableFileError, match="bad.docx"):
        read_docx(data[: len(data) // 2], "bad.docx")


def test_a_zip_that_is_not_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(UnreadableFileError, match="no word/document.xml"):
        read_docx(buffer.getvalue(), "other.docx")


def test_a_zip_bomb_is_refused_before_it_is_inflated():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\x00" * (300 * 1024 * 1024))
    with pytest.raises(UnreadableFileError, match="unsafe"):
        read_docx(buffer.getvalue(), "bomb.docx")


def test_docx_without_text_is_refused():
    with pytest.raises(UnreadableFileError, match="has no text"):
        read_docx(docx_bytes(["", "   "]), "blank.docx")


# -- ODT ----------------------------------------------------------------------------------


def test_odt_paragraphs_spaces_tabs_and_every_script():
    data = odt_bytes([f"Interviewer: Tell me  about\tit {CHINESE}", f"Participant: {WORLD}", "continued."],
                     heading="Interview 7")
    parsed = read_odt(data, "a.odt")
    assert parsed.text == (
        f"Interview 7\n\nInterviewer: Tell me  about\tit {CHINESE}\n\nParticipant: {WORLD}\n\ncontinued.\n"
    )
    assert spoken(parsed)[1] == ("Participant", f"Participant: {WORLD}\n\ncontinued.", None)


def test_odt_tables_of_turns_read_as_turns():
    parsed = read_odt(odt_bytes(["Intro"], table=[["Interviewer", "Why?"], ["Participant", "Because."]]), "t.odt")
    assert parsed.text == "Intro\n\nInterviewer: Why?\n\nParticipant: Because.\n"
    assert [t[0] for t in spoken(parsed)] == ["Interviewer", "Participant"]


@pytest.mark.parametrize("data", [b"", b"plain words", docx_bytes(["Interviewer: hi"])])
def test_bad_odt_files_get_one_clear_message(data):
    with pytest.raises(UnreadableFileError, match="bad.odt"):
        read_odt(data, "bad.odt")


# -- RTF ----------------------------------------------------------------------------------


def test_rtf_as_word_writes_it_with_every_script():
    parsed = read_rtf(rtf_bytes(["Interviewer: Café {braces} \\ back", f"Participant: {WORLD}"]), "a.rtf")
    assert parsed.text == f"Interviewer: Café {{braces}} \\ back\nParticipant: {WORLD}\n"
    assert [t[0] for t in spoken(parsed)] == ["Interviewer", "Participant"]


@pytest.mark.parametrize(("data", "message"), [(b"", "empty"), (b"hello", "not an RTF document"),
                                               (b"{\\rtf1\\ansi {\\fonttbl{\\f0 Arial;}}}", "no text")])
def test_bad_rtf_files(data, message):
    with pytest.raises(UnreadableFileError, match=message):
        read_rtf(data, "bad.rtf")


# -- PDF ----------------------------------------------------------------------------------


@pytest.mark.skipif(not HAS_DEJAVU, reason="no font with Arabic and combining accents (fonts-dejavu)")
def test_pdf_text_layer_pages_joined():
    """Emoji are left out here only because no font on the machine draws them."""
    data = pdf_bytes([["Interviewer: Where did it start?", f"Participant: {COMBINING}"],
                      [f"Participant: {ARABIC}", f"Interviewer: {CHINESE}"]])
    parsed = read_pdf(data, "a.pdf")
    assert parsed.text == (
        f"Interviewer: Where did it start?\nParticipant: {COMBINING}\n\n"
        f"Participant: {ARABIC}\nInterviewer: {CHINESE}\n"
    )
    assert [t[0] for t in spoken(parsed)] == ["Interviewer", "Participant", "Participant", "Interviewer"]
    assert parsed.notes == ()


def test_pdf_without_a_text_layer_says_it_needs_ocr():
    with pytest.raises(UnreadableFileError, match="no text layer.*OCR"):
        read_pdf(scanned_pdf_bytes(), "scan.pdf")


def test_pdf_pages_without_text_are_noted():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for data in (pdf_bytes([["Interviewer: hello", "Participant: hi"]]), scanned_pdf_bytes()):
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    parsed = read_pdf(buffer.getvalue(), "mixed.pdf")
    assert parsed.text == "Interviewer: hello\nParticipant: hi\n"
    assert parsed.notes == ("pages 2, 3 had no text (scanned? needs OCR)",)


def test_password_protected_pdf():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_page(PdfReader(io.BytesIO(pdf_bytes([["secret"]]))).pages[0])
    writer.encrypt("open sesame")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(UnreadableFileError, match="password"):
        read_pdf(buffer.getvalue(), "locked.pdf")


@pytest.mark.parametrize(("data", "message"), [(b"", "empty"), (b"not a pdf", "not a PDF"),
                                               (b"%PDF-1.7\n garbage \x00\x01", "damaged|cannot be read|no text")])
def test_bad_pdfs(data, message):
    with pytest.raises(UnreadableFileError, match=message):
        read_pdf(data, "bad.pdf")


def test_truncated_pdf():
    data = pdf_bytes([["Interviewer: hello"]])
    with pytest.raises(UnreadableFileError, match="cut.pdf"):
        read_pdf(data[:200], "cut.pdf")


# -- HTML ---------------------------------------------------------------------------------


def test_html_visible_text_only():
    page = f"""<!doctype html><html><head><title>Not shown</title><style>p {{color: red}}</style>
    <script>var x = "Interviewer: not a turn";</script></head>
    <body><h1>Interview   7</h1>
    <p><b>Interviewer:</b> Where do
       you work?</p>
    <p><b>Participant:</b> {WORLD} &amp; more<br>second line</p>
    <div hidden>hidden text</div><p style="display: none">also hidden</p>
    <table><tr><td>Interviewer</td><td>In a table</td></tr></table>
    <pre>keep   these
  spaces</pre><noscript>no script</noscript></body></html>"""
    parsed = read_html(page.encode("utf-8"), "a.html")
    assert parsed.text == (
        "Interview 7\n\nInterviewer: Where do you work?\n\n"
        f"Participant: {WORLD} & more\nsecond line\n\nInterviewer\tIn a table\n\n"
        "keep   these\n  spaces\n"
    )
    assert [t[0] for t in spoken(parsed)] == ["Interviewer", "Participant", "Interviewer"]


def test_html_declared_charset_is_honoured():
    page = '<html><head><meta charset="windows-1252"></head><body><p>Café “naïve”</p></body></html>'
    assert read_html(page.encode("cp1252"), "w.htm").text == "Café “naïve”\n"


def test_html_without_visible_text():
    with pytest.raises(UnreadableFileError, match="no visible text"):
        read_html(b"<html><head><script>alert(1)</script></head><body> </body></html>", "e.html")


def test_docx_tracked_changes_read_as_word_shows_them():
    """A transcript cleaned with Track Changes on: insertions count, deletions do not."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    paragraph = document.add_paragraph("Interviewer: kept ")
    for text, tag, text_tag in ((f"inserted {EMOJI}", "w:ins", "w:t"), (" deleted", "w:del", "w:delText")):
        run = paragraph.add_run(text)
        wrapper = OxmlElement(tag)
        wrapper.set(qn("w:id"), "1")
        wrapper.set(qn("w:author"), "Ann")
        run._r.addprevious(wrapper)
        wrapper.append(run._r)
        for element in run._r.iter(qn("w:t")):
            element.tag = qn(text_tag)
    document.add_paragraph("Participant: yes")
    buffer = io.BytesIO()
    document.save(buffer)
    parsed = read_docx(buffer.getvalue(), "tracked.docx")
    assert parsed.text == f"Interviewer: kept inserted {EMOJI}\n\nParticipant: yes\n"
