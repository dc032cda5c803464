"""An export that would not validate is refused: no file appears, an existing one is untouched."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from qcoder.core.store.models import Coder
from qcoder.io.refi_qda import RefiQdaError, export_qdc, export_qdpx


def test_invalid_export_leaves_the_old_file_alone(rich_project, tmp_path):
    out = tmp_path / "p.qdpx"
    out.write_bytes(b"the previous export")
    with rich_project.transaction() as session:  # a GUID no REFI-QDA reader would accept
        session.execute(update(Coder).where(Coder.name == "Bo").values(guid="not-a-guid"))
    with pytest.raises(RefiQdaError, match="would not be valid REFI-QDA"):
        export_qdpx(rich_project, out)
    assert out.read_bytes() == b"the previous export"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "rich") == ["p.qdpx"]


def test_empty_codebook_and_missing_folder_are_clear_messages(empty_project, tmp_path):
    with pytest.raises(RefiQdaError, match="no codes"):
        export_qdc(empty_project, tmp_path / "c.qdc")
    with pytest.raises(RefiQdaError, match="does not exist"):
        export_qdpx(empty_project, tmp_path / "missing" / "p.qdpx")


def test_an_empty_project_exports_a_valid_file(empty_project, tmp_path):
    report = export_qdpx(empty_project, tmp_path / "p.qdpx")
    assert (tmp_path / "p.qdpx").exists() and report.written["codings"] == 0
