"""Undo as data without a window: an edit's answer states its inverse, playing that states the edit
again, and rows added (an import, a merge) are taken back by their keys and put back by value."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from qcoder.core.edits import Edit, play
from qcoder.core.errors import NotFoundError
from qcoder.core.row_set import RowKeys
from qcoder.core.store.models import Base
from qcoder.core.usecases.commands.cases import add_case, link_source
from qcoder.core.usecases.commands.codes import add_code, rename_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.row_edits import remove_rows
from qcoder.core.usecases.commands.sources import add_source
from tests.core.core_helpers import dump, run


@pytest.fixture
def project(empty_project):
    return empty_project


def test_rows_added_are_removed_by_key_and_put_back_by_value(project):
    """What an import or a merge adds, named by table and key (composite keys too), is one edit."""
    coder = project.coder_id()
    before = run(project, dump)
    with project.transaction() as session:
        source = add_source(session, "amara", "Amara: The lab shared compute with us.\n").created_id
        code = add_code(session, "help").created_id
        coding = apply_coding(session, source, code, 0, 5, coder).created_id
        case = add_case(session, "Lab").created_id
        link_source(session, case, source)
    added = RowKeys.of({
        "sources": [(source,)], "codes": [(code,)], "codings": [(coding,)], "cases": [(case,)],
        "case_sources": [(case, source)],
    })
    after = run(project, dump)
    removed = run(project, play, Edit.of(remove_rows, added))
    assert run(project, dump) == before
    assert removed.sources == {source} and removed.codings == {coding} and removed.code_tree
    again = run(project, play, removed.undo)
    assert run(project, dump) == after
    run(project, play, again.undo)
    assert run(project, dump) == before


def test_removing_rows_someone_removed_already_is_refused_and_removes_nothing(project):
    coder = project.coder_id()
    with project.transaction() as session:
        source = add_source(session, "amara", "Amara: hello there.\n").created_id
        code = add_code(session, "help").created_id
        first = apply_coding(session, source, code, 0, 5, coder).created_id
        second = apply_coding(session, source, code, 6, 10, coder).created_id
    run(project, remove_rows, RowKeys.ids("codings", [second]))
    before = run(project, dump)
    with pytest.raises(NotFoundError, match=f"no coding with id {second}"):
        run(project, remove_rows, RowKeys.ids("codings", [first, second]))
    assert run(project, dump) == before


def test_a_sequence_undoes_backwards_and_its_inverse_redoes_forwards(project):
    code = run(project, add_code, "a").created_id
    edits = Edit.sequence([Edit.of(rename_code, code, "b"), Edit.of(rename_code, code, "c")])
    own = project.own_versions
    done = run(project, play, edits, own)
    names = lambda: run(project, lambda s: s.execute(select(Base.metadata.tables["codes"].c.name)).scalars().all())  # noqa: E731
    assert names() == ["c"]
    undone = run(project, play, done.undo, own)
    assert names() == ["a"]
    run(project, play, undone.undo, own)
    assert names() == ["c"]
