"""Analysis tables written the same way from the command line and the window."""

from __future__ import annotations

import zipfile

import pytest

from qcoder.analysis.crosstab import crosstab
from qcoder.app.table_exports import export_crosstab
from qcoder.core.errors import QcoderError
from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from tests.app.helpers import make_project


def test_a_crosstab_workbook_lists_its_passages_and_never_replaces_a_project(tmp_path):
    path = make_project(tmp_path / "study.qcoder")
    with Project.open(path, coder_name="Ann") as project:
        ann = project.coder_id()
        with project.transaction() as session:
            stage = add_code(session, "Stage").created_id
            release = add_code(session, "Release", parent_id=stage).created_id
            apply_coding(session, 1, release, 13, 24, ann)
        with project.reading() as session:
            table = crosstab(session, "Stage", "Stage")
        assert "crosstab" in export_crosstab(project, table, tmp_path / "table.xlsx")
        with zipfile.ZipFile(tmp_path / "table.xlsx") as workbook:
            sheets = [n for n in workbook.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 2  # the table and its passages
        export_crosstab(project, table, tmp_path / "table.csv")
        assert (tmp_path / "table.csv").read_text(encoding="utf-8-sig")
        with pytest.raises(QcoderError):
            export_crosstab(project, table, path)
