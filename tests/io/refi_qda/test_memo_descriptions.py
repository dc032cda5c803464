"""Memos travel: written as Note/NoteRef and as the Description other tools read; read back once."""

from __future__ import annotations

import zipfile

from lxml import etree
from sqlalchemy import select

from qcoder.core.store.models import Case, Code, Memo, Source
from qcoder.io.refi_qda import export_qdpx, import_refi
from qcoder.io.refi_qda.schemas import validation_errors
from tests.io.refi_qda.conftest import codings_of, everything
from tests.io.refi_qda.fixtures import G, write_zip

NS = {"q": "urn:QDA-XML:project:1.0"}


def _qde(path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("project.qde"))


def test_every_memo_is_also_the_description_of_its_element(rich_project, tmp_path):
    out = tmp_path / "p.qdpx"
    export_qdpx(rich_project, out)
    root = _qde(out)
    assert validation_errors(root, "project") == []
    descriptions = {
        element.get("name"): element.findtext("q:Description", namespaces=NS)
        for element in root.iter("{*}TextSource", "{*}Case", "{*}Code")
    }
    assert descriptions["Interview 1"] == "On the source"
    assert descriptions["Interview 2"] is None
    assert descriptions["Org Ä"] == "A lab\n\nOn the case"
    assert descriptions["Pre-training"] == "Data <and> compute & more\n\nOn the code 😀"
    assert descriptions["Lifecycle stage"] == "Where in the lifecycle"
    passages = {
        selection.get("name"): selection.findtext("q:Description", namespaces=NS)
        for selection in root.iter("{*}PlainTextSelection")
    }
    assert passages["the training data"] == "key passage"
    assert passages["你好 partners in 🇫🇷 France"] == "flag emoji"
    # and still as notes, for the tools that read those
    notes = {note.findtext("q:PlainTextContent", namespaces=NS) for note in root.iter("{*}Note")}
    assert {"key passage", "flag emoji", "On the source", "On the case", "On the code 😀"} <= notes


def test_a_qcoder_export_read_back_gives_each_memo_once(rich_project, tmp_path, empty_project):
    out = tmp_path / "p.qdpx"
    export_qdpx(rich_project, out)
    report = import_refi(empty_project, out)
    assert everything(empty_project) == everything(rich_project)
    with empty_project.reading() as s:
        assert sorted(s.execute(select(Memo.text)).scalars()) == [
            "On the case", "On the code 😀", "On the source", "Project memo\nsecond line"]
        assert s.execute(select(Case.description).where(Case.name == "Org Ä")).scalar_one() == "A lab"
        assert s.execute(select(Code.description).where(Code.name == "Pre-training")).scalar_one() == (
            "Data <and> compute & more")
    assert {row[6] for row in codings_of(empty_project)} == {"key passage", "flag emoji", None}
    assert report.problems.counts["dropped"] == 0
    assert report.lines()[-1].startswith("Nothing was dropped")


QUALCODER_LIKE = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="qc" origin="QualCoder 3.6">
<Users><User guid="{G['user1']}" name="default"/></Users>
<Variables><Variable guid="{G['var1']}" name="Age" typeOfVariable="Text"><Description>Years at interview</Description></Variable></Variables>
<Sources>
<TextSource guid="{G['src1']}" name="ID1" plainTextPath="internal://{G['src1']}.txt" creatingUser="{G['user1']}" creationDateTime="2024-01-02T03:04:05Z">
<Description>Interview with ID1, recorded in the museum</Description>
<NoteRef targetGUID="{G['note1']}"/>
</TextSource>
</Sources>
<Notes>
<Note guid="{G['note1']}" creatingUser="{G['user1']}" creationDateTime="2024-01-02T03:04:05Z">
<PlainTextContent>Check this claim</PlainTextContent>
<PlainTextSelection guid="{G['sel1']}" startPosition="6" endPosition="11"/>
</Note>
</Notes>
</Project>"""


def _qualcoder_like(tmp_path, qde: str = QUALCODER_LIKE):
    return write_zip(tmp_path / "qc.qdpx", {"project.qde": qde, f"sources/{G['src1']}.txt": "Hello world, I like the course."})


def test_a_source_description_and_an_annotation_with_its_passage_arrive(empty_project, tmp_path):
    path = _qualcoder_like(tmp_path)
    report = import_refi(empty_project, path)
    with empty_project.reading() as s:
        memos = dict(s.execute(select(Memo.text, Source.name).join(Source, Source.id == Memo.source_id)).all())
    assert memos == {
        "Interview with ID1, recorded in the museum": "ID1",
        "Check this claim\n\n(on the passage [6, 11): “world”)": "ID1",
    }
    lines = "\n".join(report.lines())
    assert "an annotation on 'ID1' at [6, 11) became a memo on its source" in lines
    # what is not carried is listed, and then the report does not claim that nothing was dropped
    assert "the descriptions of variables (qcoder's attributes have none): Age" in lines
    assert "Nothing was dropped" not in lines
    again = import_refi(empty_project, path)
    assert not again.changed_anything


def test_nothing_dropped_is_said_only_when_nothing_is(empty_project, tmp_path):
    qde = QUALCODER_LIKE.replace("<Description>Years at interview</Description>", "")
    report = import_refi(empty_project, _qualcoder_like(tmp_path, qde))
    assert report.problems.counts["dropped"] == 0
    assert report.lines()[-1] == "Nothing was dropped: everything in the file arrived (some of it re-mapped, as listed)"


def test_without_notes_takes_off_only_what_the_notes_carry():
    from qcoder.io.refi_qda.descriptions import described, without_notes

    assert described("Definition", ["memo one", " ", "memo two\n"]) == "Definition\n\nmemo one\n\nmemo two"
    assert without_notes("Definition\n\nmemo one\n\nmemo two", ["memo one", "memo two"]) == "Definition"
    assert without_notes("memo one", ["memo one"]) == ""
    assert without_notes("  Their own text  ", ["memo one"]) == "  Their own text  "
    assert without_notes("Their own text", []) == "Their own text"
