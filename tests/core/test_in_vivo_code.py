"""In vivo as one edit: the code (and the group the first time) made and the passage coded in one
transaction; its inverse takes all of it back, and playing that puts it back with the same ids."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from qcoder.core.edits import play
from qcoder.core.errors import InvalidNameError
from qcoder.core.store.models import Code, Coding
from qcoder.core.usecases.commands.in_vivo import IN_VIVO_GROUP, in_vivo_code
from qcoder.core.usecases.commands.sources import add_source
from tests.core.core_helpers import dump, run


@pytest.fixture
def project(empty_project):
    return empty_project


def test_in_vivo_makes_the_group_the_code_and_the_coding_and_takes_them_back_as_one(project):
    coder = project.coder_id()
    with project.transaction() as session:
        source = add_source(session, "amara", "Amara: The lab shared compute with us.\n").created_id
    before = run(project, dump)
    with project.transaction() as session:
        first = in_vivo_code(session, "shared compute", source, 19, 33, coder)
    with project.transaction() as session:
        code = session.get(Code, first.created_id)
        group = session.get(Code, code.parent_id)
        assert (code.name, group.name, group.parent_id, group.is_codable) == ("shared compute", IN_VIVO_GROUP, None, False)
        assert session.scalars(select(Coding.code_id)).all() == [code.id]
    assert first.code_tree and first.codes == {code.id, group.id} and first.codings_before == ()
    assert [(c.code_id, c.start, c.end) for c in first.coding_rows] == [(code.id, 19, 33)]
    after = run(project, dump)
    with project.transaction() as session:
        back = play(session, first.undo)
    assert run(project, dump) == before
    with project.transaction() as session:
        play(session, back.undo)
    assert run(project, dump) == after  # the same ids and GUIDs again
    with project.transaction() as session:
        second = in_vivo_code(session, "the lab", source, 7, 14, coder)
    with project.transaction() as session:  # the group is there now: only the code is made
        assert session.get(Code, second.created_id).parent_id == group.id
        assert second.codes == {second.created_id}


def test_a_name_already_in_the_group_is_refused_and_nothing_is_made(project):
    coder = project.coder_id()
    with project.transaction() as session:
        source = add_source(session, "amara", "Amara: The lab shared compute with us.\n").created_id
        in_vivo_code(session, "the lab", source, 7, 14, coder)
    before = run(project, dump)
    with pytest.raises(InvalidNameError), project.transaction() as session:
        in_vivo_code(session, "the lab", source, 7, 14, coder)
    assert run(project, dump) == before
