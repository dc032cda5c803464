"""A code just added is stated in the change as it stands (issue 21): the views put in its row
without reading it back, and a later change to it in the same edit drops the stale row."""

from __future__ import annotations

from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.codes import add_code, rename_code
from qcoder.core.usecases.commands.in_vivo import in_vivo_code
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.code_tree import code_info


def test_added_codes_are_stated_as_read_back_and_dropped_when_changed_after(tmp_path):
    project = Project.create(tmp_path / "p.qcoder", coder_name="Ann")
    coder = project.coder_id()
    with project.transaction() as session:
        source = add_source(session, "one", "we keep the lights on").created_id
        vivo = in_vivo_code(session, "the lights", source, 8, 18, coder)
        group = add_code(session, "Themes", colour="#112233", description="big ones", codable=False)
        child = add_code(session, "Light", parent_id=group.created_id)
        for changes in (vivo, group, child):
            assert changes.code_row(changes.created_id) == code_info(session, changes.created_id)
        assert vivo.code_row(vivo.created_id).path == "In vivo/the lights"
        assert {c.name for c in vivo.code_rows} == {"In vivo", "the lights"}
        renamed = child.merged(rename_code(session, child.created_id, "Lamp"))
        assert renamed.code_row(child.created_id) is None
    project.close()
