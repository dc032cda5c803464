"""Passages are written as XML text, not elements: markup, quotes and line breaks in what they
preview stay text, and a broken passage is caught by the validation of the whole document."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.sources import add_source
from qcoder.io.refi_qda import export_qdpx, writer
from qcoder.io.refi_qda.errors import RefiQdaError

NS = "{urn:QDA-XML:project:1.0}"
TEXT = 'She said "<script>alert(1)</script>" & left.\n\tThen: <b>bold</b>'


def test_a_passage_preview_with_markup_stays_text(empty_project, tmp_path):
    coder = empty_project.coder_id()
    with empty_project.transaction() as session:
        source = add_source(session, "A & <B>", TEXT).created_id
        code = add_code(session, 'Quote "this"').created_id
        apply_coding(session, source, code, 0, 52, coder)
    out = tmp_path / "p.qdpx"
    export_qdpx(empty_project, out)
    with zipfile.ZipFile(out) as archive:
        root = etree.fromstring(archive.read("project.qde"))
    selection = root.find(f".//{NS}PlainTextSelection")
    assert selection.get("name") == TEXT[:40]
    assert (selection.get("startPosition"), selection.get("endPosition")) == ("0", "52")
    assert root.find(f".//{NS}TextSource").get("name") == "A & <B>"
    assert selection.find(f"{NS}Coding/{NS}CodeRef") is not None
    assert root.find(f".//{NS}script") is None


def test_attribute_escapes_what_would_end_or_change_an_attribute():
    assert writer.attribute('a"b<c>&d\ne\tf\rg') == "a&quot;b&lt;c&gt;&amp;d&#10;e&#9;f&#13;g"
    assert writer.attribute("0b6a3d52-8f1e-4c57-9d0e-3f2a7c1b5e90") == "0b6a3d52-8f1e-4c57-9d0e-3f2a7c1b5e90"


def test_an_invalid_spliced_passage_is_refused_and_no_file_appears(empty_project, tmp_path, monkeypatch):
    coder = empty_project.coder_id()
    with empty_project.transaction() as session:
        source = add_source(session, "one", TEXT).created_id
        code = add_code(session, "code").created_id
        apply_coding(session, source, code, 0, 4, coder)
    broken = writer.ProjectWriter._selections

    def without_code_reference(self, source_id, text, *more):  # type: ignore[no-untyped-def]
        xml, counts = broken(self, source_id, text, *more)
        return xml.replace("<CodeRef", "<Unknown"), counts

    monkeypatch.setattr(writer.ProjectWriter, "_selections", without_code_reference)
    out = tmp_path / "p.qdpx"
    with pytest.raises(RefiQdaError, match="not be valid REFI-QDA"):
        export_qdpx(empty_project, out)
    assert not out.exists()
