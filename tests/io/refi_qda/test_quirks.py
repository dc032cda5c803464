"""Files imitating other tools' quirks import, with a report of what was dropped or re-mapped."""

from __future__ import annotations

import codecs

import pytest
from sqlalchemy import select

from qcoder.core.store.models import Case, Code, Coder, Memo, Source, SourceText, case_sources
from qcoder.io.refi_qda import import_refi
from tests.io.refi_qda.conftest import codings_of, counts
from tests.io.refi_qda.fixtures import G, atlas_like_project, selection, write_zip

RAW = "Dana: We trained it.\r\nEli: Then we released it 😀 early.\r\nDana: Notes here.\r\n"
LF = RAW.replace("\r\n", "\n")


def _quirky(tmp_path, positions_in: str):
    """The ATLAS-like file with selections counted in ``positions_in`` (the raw or the LF text)."""
    text = RAW if positions_in == "raw" else LF

    def at(needle: str) -> tuple[int, int]:
        start = text.index(needle)
        return start, start + len(needle)

    sels = (
        selection(G["sel1"], *at("We trained"), G["code1"], name="We trained", user=G["user1"])
        + f'<PlainTextSelection guid="{G["sel2"]}" name="Then we released it 😀" '
          f'startPosition="{at("Then we released it 😀")[0]}" endPosition="{at("Then we released it 😀")[1]}">'
          f'<Coding guid="{G["cod2"]}"><CodeRef targetGUID="{G["code2"]}"/></Coding>'
          f'<Coding guid="{G["cod3"]}"><CodeRef targetGUID="{G["case1"]}"/></Coding></PlainTextSelection>'
        + selection(G["sel3"], *at("Notes here"), None, name="Notes here", notes=(G["note1"],))
    )
    return write_zip(tmp_path / "quirky.qdpx", {
        "Quirky Study.qde": atlas_like_project(selections=sels),
        f"Sources/{G['src1'].upper()}.TXT": codecs.BOM_UTF8 + RAW.encode("utf-8"),
        f"sources/{G['note1']}.txt": "Remember this",
        "sources/.root": b"",
    })


@pytest.mark.parametrize("positions_in", ["raw", "lf"])
def test_atlas_like_file_imports_with_report(empty_project, tmp_path, positions_in):
    report = import_refi(empty_project, _quirky(tmp_path, positions_in))
    texts = sorted((row[5], row[4]) for row in codings_of(empty_project))
    # sel1 was made by Dana; sel2 names no user, so the importing coder (Ann) is credited
    assert texts == [("Then we released it 😀", "Ann"), ("We trained", "Dana")]
    with empty_project.reading() as s:
        stored = s.scalar(select(SourceText.text))
        colours = dict(s.execute(select(Code.guid, Code.colour)).all())
        codable = dict(s.execute(select(Code.guid, Code.is_codable)).all())
        coders = set(s.execute(select(Coder.guid, Coder.name)).all())
        linked = s.execute(select(Case.name).join(case_sources, case_sources.c.case_id == Case.id)).scalars().all()
        memos = {m.text: (m.source_id is not None) for m in s.execute(select(Memo)).scalars()}
    assert stored == LF  # BOM gone, CRLF stored as LF
    assert colours[G["group"]] == "#AABBCC"
    assert colours[G["code1"]] == "#336699"  # ARGB
    assert colours[G["code2"]] == "#0AC81E"  # rgb()
    assert codable[G["code4"]] is True and codable[G["group"]] is False
    assert (G["user1"], "Dana") in coders and (G["user2"], "EL") in coders
    assert linked == ["Lab X"]  # a code pointing at a case links the source to it
    assert memos["A loose note"] is False
    annotation = next(text for text in memos if text.startswith("Remember this"))
    assert "Notes here" in annotation and memos[annotation] is True
    lines = "\n".join(report.lines())
    assert "picture sources" in lines
    assert "sets" in lines
    assert "urn:QDA-XML:project:1:0" in lines
    assert "not-a-colour" in lines
    expected = "two characters" if positions_in == "raw" else "one character"
    assert expected in lines


def test_codes_with_the_same_name_under_different_parents_stay_apart(empty_project, tmp_path):
    import_refi(empty_project, _quirky(tmp_path, "raw"))
    with empty_project.reading() as s:
        trainings = s.execute(select(Code.parent_id).where(Code.name == "Training")).scalars().all()
    assert len(trainings) == 2 and None in trainings


def test_namespace_0_4_and_plain_text_content_and_missing_users(empty_project, tmp_path):
    text = "Line one\nLine two with ünïcode\n"
    qde = f"""<Project xmlns="urn:QDA-XML:project:0:4" name="old"><CodeBook><Codes>
      <Code guid="{G['code1']}" name="A" isCodable="true"/></Codes></CodeBook>
      <Sources><TextSource guid="{G['src1']}" name="Doc"><PlainTextContent>{text}</PlainTextContent>
      {selection(G['sel1'], 9, 17, G['code1'], user="99999999-0000-4000-8000-000000000009")}
      {selection(G['sel2'], 30, 10, G['code1'])}{selection(G['sel3'], 40, 50, G['code1'])}
      {selection(G['sel4'], 25, 99, G['code1'])}</TextSource></Sources></Project>"""
    report = import_refi(empty_project, write_zip(tmp_path / "old.qdpx", {"project.qde": qde}))
    rows = sorted((row[1], row[2], row[5]) for row in codings_of(empty_project))
    # [30, 10) is swapped, [25, 99) is cut at the end, [40, 50) lies outside the text
    assert rows == [(9, 17, "Line two"), (10, 30, "ine two with ünïcode"), (25, 31, "ïcode\n")]
    lines = "\n".join(report.lines())
    assert "swapped" in lines and "cut at the end" in lines and "outside the text" in lines
    assert "credited to you" in lines


def test_duplicate_source_names_are_kept_apart(empty_project, tmp_path):
    sources = "".join(
        f'<TextSource guid="{guid}" name="Same"><PlainTextContent>text {i}</PlainTextContent></TextSource>'
        for i, guid in enumerate((G["src1"], G["src2"]))
    )
    qde = f'<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources>{sources}</Sources></Project>'
    report = import_refi(empty_project, write_zip(tmp_path / "d.qdpx", {"project.qde": qde}))
    with empty_project.reading() as s:
        names = sorted(s.execute(select(Source.name)).scalars())
    assert names == ["Same", "Same (2)"]
    assert "renamed" in "\n".join(report.lines())


def test_pdf_source_uses_its_text_representation(empty_project, tmp_path):
    qde = f"""<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes>
      <Code guid="{G['code1']}" name="A" isCodable="true"/></Codes></CodeBook><Sources>
      <PDFSource guid="{G['src1']}" name="Paper" path="internal://{G['src1']}.pdf">
        <PDFSelection guid="{G['sel4']}" page="1" firstX="1" firstY="1" secondX="2" secondY="2"/>
        <Representation guid="{G['src2']}" plainTextPath="internal://{G['src2']}.txt">
          {selection(G['sel1'], 0, 5, G['code1'])}</Representation></PDFSource></Sources></Project>"""
    report = import_refi(empty_project, write_zip(tmp_path / "pdf.qdpx", {
        "project.qde": qde, f"sources/{G['src2']}.txt": "Hello PDF", f"sources/{G['src1']}.pdf": b"%PDF-1.4"}))
    assert [row[5] for row in codings_of(empty_project)] == ["Hello"]
    assert "selections by page area" in "\n".join(report.lines())


def test_schema_errors_are_reported_not_fatal(empty_project, tmp_path):
    qde = f"""<Project xmlns="urn:QDA-XML:project:1.0"><Sources><TextSource guid="{G['src1']}" name="x"
      bogus="1"><PlainTextContent>abc</PlainTextContent></TextSource></Sources></Project>"""
    report = import_refi(empty_project, write_zip(tmp_path / "s.qdpx", {"project.qde": qde}))
    assert report.problems.counts["schema"] >= 1
    assert counts(empty_project)["Source"] == 1


def test_codebook_with_odd_namespace(empty_project, tmp_path):
    qdc = tmp_path / "book.qdc"
    qdc.write_bytes(codecs.BOM_UTF8 + f"""<?xml version="1.0" encoding="utf-8"?>
      <CodeBook xmlns="urn:QDA-XML:codebook:1:0" origin="MAXQDA"><Codes>
      <Code guid="{{{G['code1'].upper()}}}" name="Top" isCodable="false" color="#f00">
      <Description>d</Description><Code guid="{G['code2']}" name="Sub" isCodable="true"/></Code></Codes>
      <Sets><Set guid="{G['code3']}" name="S"/></Sets></CodeBook>""".encode())
    report = import_refi(empty_project, qdc)
    with empty_project.reading() as s:
        rows = set(s.execute(select(Code.guid, Code.name, Code.colour, Code.is_codable)).all())
    assert (G["code1"].upper(), "Top", "#FF0000", False) in rows
    assert report.added["codes"] == 2 and report.origin == "MAXQDA"


def test_archive_zipped_one_folder_too_high_and_cp1252_text(empty_project, tmp_path):
    qde = f"""<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes>
      <Code guid="{G['code1']}" name="A" isCodable="true"/></Codes></CodeBook><Sources>
      <TextSource guid="{G['src1']}" name="Café" plainTextPath="internal://{G['src1']}.txt">
      {selection(G['sel1'], 0, 4, G['code1'], name="Café")}</TextSource></Sources></Project>"""
    path = write_zip(tmp_path / "nested.qdpx", {
        "My Study/My Study.qde": qde, f"My Study/sources/{G['src1']}.txt": "Café crème".encode("cp1252")})
    report = import_refi(empty_project, path)
    assert [row[5] for row in codings_of(empty_project)] == ["Café"]
    assert "Windows-1252" in "\n".join(report.lines())


def test_several_codings_on_one_selection_with_sloppy_guids_import_once(empty_project, tmp_path):
    qde = f"""<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes>
      <Code guid="{G['code1']}" name="A" isCodable="true"/><Code guid="{G['code2']}" name="B" isCodable="true"/>
      <Code guid="{G['code3']}" name="C" isCodable="true"/></Codes></CodeBook><Sources>
      <TextSource guid="{G['src1']}" name="Doc"><PlainTextContent>Hello world</PlainTextContent>
      <PlainTextSelection guid="{G['sel1']}" startPosition="0" endPosition="5">
        <Coding guid="x1"><CodeRef targetGUID="{G['code1']}"/></Coding>
        <Coding guid="{G['cod1']}"><CodeRef targetGUID="{G['code2']}"/></Coding>
        <Coding guid="{G['cod1']}"><CodeRef targetGUID="{G['code3']}"/></Coding>
      </PlainTextSelection></TextSource></Sources></Project>"""
    path = write_zip(tmp_path / "multi.qdpx", {"project.qde": qde})
    report = import_refi(empty_project, path)
    assert report.added["codings"] == 3
    assert "became" in "\n".join(report.lines())
    again = import_refi(empty_project, path)
    assert not again.changed_anything and again.existing["codings"] == 3


def test_a_case_naming_a_selection_is_linked_to_its_source(empty_project, tmp_path):
    qde = f"""<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes>
      <Code guid="{G['code1']}" name="A" isCodable="true"/></Codes></CodeBook>
      <Cases><Case guid="{G['case1']}" name="Org"><SelectionRef targetGUID="{G['sel1']}"/></Case></Cases>
      <Sources><TextSource guid="{G['src1']}" name="Doc"><PlainTextContent>Hello world</PlainTextContent>
      {selection(G['sel1'], 0, 5, G['code1'])}</TextSource></Sources></Project>"""
    report = import_refi(empty_project, write_zip(tmp_path / "sel.qdpx", {"project.qde": qde}))
    with empty_project.reading() as s:
        linked = s.execute(select(Case.name).join(case_sources, case_sources.c.case_id == Case.id)).scalars().all()
    assert linked == ["Org"]
    assert "links its whole source" in "\n".join(report.lines())


def test_typed_values_are_read_into_qcoder_types(empty_project, tmp_path):
    from qcoder.core.store.models import Attribute, AttributeValue

    def value(kind: str, text: str) -> str:
        return f'<VariableValue><VariableRef targetGUID="{G["var1"]}"/><{kind}>{text}</{kind}></VariableValue>'

    cases = "".join(
        f'<Case guid="cccccccc-0000-4000-8000-00000000000{i}" name="C{i}">{value("DateTimeValue", v)}</Case>'
        for i, v in enumerate(("2024-05-06T10:00:00Z", "yesterday"))
    )
    qde = f"""<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Variables>
      <Variable guid="{G['var1']}" name="Interviewed on" typeOfVariable="DateTime"/></Variables>
      <Cases>{cases}</Cases></Project>"""
    report = import_refi(empty_project, write_zip(tmp_path / "v.qdpx", {"project.qde": qde}))
    with empty_project.reading() as s:
        rows = s.execute(select(Attribute.value_type, AttributeValue.value).join(AttributeValue)).all()
    assert rows == [("date", "2024-05-06")]
    assert "does not fit its date variable" in "\n".join(report.lines())


def test_empty_plain_text_falls_back_to_the_rich_text_file(empty_project, tmp_path):
    from docx import Document

    document = Document()
    document.add_paragraph("Interviewer: What did you build?")
    document.add_paragraph("Ada: A tokenizer for Yorùbá.")
    docx = tmp_path / "rich.docx"
    document.save(docx)
    qde = f"""<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources>
      <TextSource guid="{G['src1']}" name="Ada" plainTextPath="internal://{G['src1']}.txt"
       richTextPath="internal://{G['src1']}.docx"/></Sources></Project>"""
    report = import_refi(empty_project, write_zip(tmp_path / "rich.qdpx", {
        "project.qde": qde, f"sources/{G['src1']}.txt": "\n", f"sources/{G['src1']}.docx": docx.read_bytes()}))
    with empty_project.reading() as s:
        assert "A tokenizer for Yorùbá." in s.scalar(select(SourceText.text))
    assert "was used instead" in "\n".join(report.lines())


def test_the_project_description_becomes_a_project_memo_once(empty_project, tmp_path):
    qde = '<Project xmlns="urn:QDA-XML:project:1.0" name="Study"><Description>Ten interviews, 2024.</Description></Project>'
    path = write_zip(tmp_path / "d.qdpx", {"project.qde": qde})
    import_refi(empty_project, path)
    again = import_refi(empty_project, path)
    with empty_project.reading() as s:
        memos = s.execute(select(Memo.text)).scalars().all()
    assert memos == ["Project description (Study): Ten interviews, 2024."]
    assert not again.changed_anything


def test_selection_descriptions_are_kept_as_memos(empty_project, tmp_path):
    qde = f"""<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes>
      <Code guid="{G['code1']}" name="A" isCodable="true"/></Codes></CodeBook><Sources>
      <TextSource guid="{G['src1']}" name="Doc"><PlainTextContent>Hello wide world</PlainTextContent>
      <PlainTextSelection guid="{G['sel1']}" startPosition="0" endPosition="5"><Description>Greeting!</Description>
        <Coding guid="{G['cod1']}"><CodeRef targetGUID="{G['code1']}"/></Coding></PlainTextSelection>
      <PlainTextSelection guid="{G['sel2']}" startPosition="6" endPosition="10"><Description>Odd word</Description>
      </PlainTextSelection></TextSource></Sources></Project>"""
    path = write_zip(tmp_path / "desc.qdpx", {"project.qde": qde})
    import_refi(empty_project, path)
    again = import_refi(empty_project, path)
    assert [row[6] for row in codings_of(empty_project)] == ["Greeting!"]
    with empty_project.reading() as s:
        memos = s.execute(select(Memo.text)).scalars().all()
    assert memos == ["Odd word\n\n(on the passage [6, 10): “wide”)"]
    assert not again.changed_anything
