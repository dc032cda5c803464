"""Reading a REFI-QDA file is a function of the file alone, and streams: passages are read as they
arrive and leave no tree behind; a file of too many elements is refused before it is parsed."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from qcoder.io.refi_qda import RefiQdaError, export_qdpx, import_refi
from qcoder.io.refi_qda.reader import ProjectReader
from qcoder.io.refi_qda.reading import RefiRead, read_refi
from qcoder.io.refi_qda.report import ImportReport
from qcoder.io.refi_qda.xml_stream import read_ahead, stream_xml
from tests.io.refi_qda.conftest import counts, everything
from tests.io.refi_qda.fixtures import G, selection, write_zip

SOURCE_TEXT = "abcdefghij" * 100


def _document(passages: int) -> bytes:
    selections = "".join(selection(f"ffffffff-0000-4000-8000-{n:012d}", n, n + 5, G["code1"]) for n in range(passages))
    return (
        f'<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes><Code guid="{G["code1"]}" name="C" '
        f'isCodable="true"/></Codes></CodeBook><Sources><TextSource guid="{G["src1"]}" name="S">'
        f"<PlainTextContent>{SOURCE_TEXT}</PlainTextContent>{selections}</TextSource></Sources>"
        "<Notes><Note guid=\"34343434-0000-4000-8000-000000000001\"><PlainTextContent>n</PlainTextContent>"
        '<PlainTextSelection startPosition="1" endPosition="2"/></Note></Notes></Project>'
    ).encode()


def test_reading_needs_no_project_and_gives_one_value(rich_project, tmp_path):
    archive = tmp_path / "rich.qdpx"
    export_qdpx(rich_project, archive)
    report = ImportReport(file=archive.name)
    read = read_refi(archive, report)
    assert isinstance(read, RefiRead)
    assert {s.guid for s in read.project.sources} == set(read.texts)
    assert sum(len(s.selections) for s in read.project.sources) == counts(rich_project)["Coding"]
    assert not report.added and report.added_rows.empty  # read, not stored


def test_what_was_read_imports_as_before(rich_project, empty_project, tmp_path):
    archive = tmp_path / "rich.qdpx"
    export_qdpx(rich_project, archive)
    import_refi(empty_project, archive)
    assert everything(empty_project) == everything(rich_project)


def test_passages_are_cut_from_the_tree_as_they_are_read():
    data = _document(12_000)
    reader = ProjectReader(ImportReport(file="p.qdpx"))
    chunks = [data[i:i + 4096] for i in range(0, len(data), 4096)]
    streamed = stream_xml(chunks, "project.qde", reader.passage)
    passages = [s for found in streamed.selections.values() for s in found]
    assert [p.start for p in passages] == list(range(12_000))  # every one, in order
    assert len(streamed.root.findall(".//{*}TextSource/{*}PlainTextSelection")) == 5_000  # for the schema check
    assert len(streamed.root.findall(".//{*}Note/{*}PlainTextSelection")) == 1  # a note's own passage stays
    streamed.drop_passages()
    assert len(streamed.root.findall(".//{*}TextSource/{*}PlainTextSelection")) == 0
    assert len(streamed.root.findall(".//{*}Note/{*}PlainTextSelection")) == 1


def test_a_file_of_too_many_elements_is_refused_before_any_passage_is_read(tmp_path, empty_project, monkeypatch):
    read: list[etree._Element] = []
    original = ProjectReader.passage
    monkeypatch.setattr(ProjectReader, "passage", lambda self, e: read.append(e) or original(self, e))
    monkeypatch.setattr("qcoder.io.refi_qda.reading.ElementCounter.__init__.__defaults__", (1_000,))
    archive = write_zip(tmp_path / "many.qdpx", {"project.qde": _document(2_000)})
    with pytest.raises(RefiQdaError, match="more than 1,000 XML elements"):
        import_refi(empty_project, archive)
    assert read == []
    assert counts(empty_project)["Coding"] == 0


def test_read_ahead_gives_every_chunk_once_in_order():
    chunks = [bytes([n]) * 10 for n in range(50)]
    assert list(read_ahead(iter(chunks), limit=95)) == chunks


@pytest.mark.parametrize(("xml", "message"), [
    ("<Project>" + "<a>" * 300 + "</a>" * 300 + "</Project>", "not well-formed"),
    ('<Project><Description>' + "x" * (11 * 2**20) + "</Description></Project>", "not well-formed"),
    ("<Project><Sources></Project>", "not well-formed"),
], ids=["deep nesting", "a huge text node", "unclosed"])
def test_odd_xml_is_refused_with_one_message(tmp_path, empty_project, xml, message):
    archive = tmp_path / "odd.qdpx"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as handle:
        handle.writestr("project.qde", xml)
    with pytest.raises(RefiQdaError, match=message):
        import_refi(empty_project, archive)
    assert counts(empty_project)["Source"] == 0
