"""A QDPX of an edited project carries the edited text and the re-anchored positions: re-imported,
every coding covers the same words."""

from __future__ import annotations

import zipfile

from lxml import etree

from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.source_edits import edit_source_text, replace_in_source
from qcoder.core.usecases.queries.sources import find_source, source_text
from qcoder.io.refi_qda import export_qdpx, import_refi
from qcoder.io.refi_qda.schemas import validation_errors
from tests.io.refi_qda.conftest import INTERVIEW, codings_of


def test_the_export_carries_the_edited_text_and_positions(rich_project, tmp_path):
    with rich_project.transaction() as s:
        source = find_source(s, "Interview 1")
        edit_source_text(s, source, 0, 0, "[corrected] ")
        word = INTERVIEW.split()[3]
        replace_in_source(s, source, word, word.upper() + "!", replace_all=True)
    with rich_project.reading() as s:
        edited = source_text(s, source)
    assert edited != INTERVIEW
    out = tmp_path / "edited.qdpx"
    export_qdpx(rich_project, out)
    with zipfile.ZipFile(out) as archive:
        assert validation_errors(etree.fromstring(archive.read("project.qde")), "project") == []
        texts = [archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".txt")]
    assert edited in texts and INTERVIEW not in texts
    (tmp_path / "copy").mkdir()
    with Project.create(tmp_path / "copy" / "c.qcoder", coder_name="Ann", codebook=None) as copy:
        import_refi(copy, out)
        assert codings_of(copy) == codings_of(rich_project)
