"""Undoing an import removes exactly what it added; redo brings it back with the same ids and GUIDs."""

from __future__ import annotations

from qcoder.core.ingest.added import remove_added, restore_removed
from qcoder.core.lifecycle.project import Project
from qcoder.io.refi_qda import export_qdpx, import_refi
from tests.io.refi_qda.conftest import counts, everything


def test_undo_and_redo_an_import_into_a_project_with_work_of_its_own(rich_project, tmp_path):
    out = tmp_path / "p.qdpx"
    export_qdpx(rich_project, out)
    (tmp_path / "other").mkdir()
    with Project.create(tmp_path / "other" / "o.qcoder", coder_name="Zed", codebook="default") as other:
        before = everything(other), counts(other)
        report = import_refi(other, out)
        after = everything(other), counts(other)
        added = report.added_rows
        assert len(added.table("codings")) == 8 and added.values and added.links
        with other.transaction() as session:
            changes, removed = remove_added(session, added)
        assert changes.code_tree and len(changes.codings) == 8
        assert (everything(other), counts(other)) == before
        with other.transaction() as session:
            restore_removed(session, removed)
        assert (everything(other), counts(other)) == after
