"""Putting back one coding (the redo of applying a code, the undo of an unmark) restores the row
as it was, states it as it now stands, and states its removal as the inverse — as the general
path for many rows does."""

from __future__ import annotations

from dataclasses import replace

from qcoder.core.edits import Edit, play
from qcoder.core.row_set import RowKeys
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding, set_coding_memo, set_exemplar
from qcoder.core.usecases.commands.row_edits import coding_infos, remove_rows, restore_rows
from qcoder.core.usecases.commands.sources import add_source
from tests.core.core_helpers import dump, run


def test_one_coding_put_back_is_the_row_it_was_and_its_changes_state_it(empty_project):
    project = empty_project
    coder = project.coder_id()
    with project.transaction() as session:
        source = add_source(session, "amara", "Amara: The lab shared compute with us.\n").created_id
        code = add_code(session, "help").created_id
        coding = apply_coding(session, source, code, 7, 19, coder).created_id
        set_coding_memo(session, coding, "the lab's offer")
        set_exemplar(session, coding, True)
    coded = run(project, dump)
    removed = run(project, play, Edit.of(remove_rows, RowKeys.ids("codings", [coding])))
    assert removed.undo.use_case is restore_rows and run(project, dump) != coded
    back = run(project, play, removed.undo)
    assert run(project, dump) == coded  # same id, GUID, time, memo and flag
    (row,) = back.coding_rows
    assert (row.id, row.source_id, row.code_id, row.start, row.end, row.coder, row.memo, row.exemplar) == \
        (coding, source, code, 7, 19, project.coder_name, "the lab's offer", True)
    assert back.codings == {coding} and back.codes == {code} and back.sources == {source}
    assert back.codings_before == () and back.coding_shift() is not None
    assert back.undo == Edit.of(remove_rows, RowKeys.ids("codings", [coding]))
    run(project, play, back.undo)
    rows = removed.undo.args[0]

    def general_path(session):  # what restore_rows does for any rows
        rows.restore(session)
        return replace(rows.changes(), coding_rows=coding_infos(session, rows), codings_before=())

    assert replace(back, undo=None) == run(project, general_path) and run(project, dump) == coded
