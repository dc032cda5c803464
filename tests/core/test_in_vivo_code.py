"""In vivo as one edit: the code (and the group the first time) made and the passage coded in one
transaction; its inverse takes all of it back, and playing that puts it back with the same ids."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, select

from qcoder.core.edits import play
from qcoder.core.errors import InvalidNameError, InvalidSpanError, NotFoundError
from qcoder.core.lifecycle.project import Project
from qcoder.core.store.models import Code, Coding
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.in_vivo import IN_VIVO_GROUP, in_vivo_code
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.code_tree import code_info
from qcoder.core.usecases.queries.codings import coding_info
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


def one_in_vivo_code(project) -> tuple[int, int]:
    """A source whose words "the lab" are coded in vivo: (coder id, source id)."""
    coder = project.coder_id()
    with project.transaction() as session:
        source = add_source(session, "amara", "Amara: The lab shared compute with us.\n").created_id
        in_vivo_code(session, "the lab", source, 7, 14, coder)
    return coder, source


def test_words_coded_in_vivo_before_get_the_code_they_made_and_no_new_one(project):
    coder, source = one_in_vivo_code(project)
    before = run(project, dump)
    with project.transaction() as session:
        first = session.scalars(select(Code.id).where(Code.name == "the lab")).one()
        again = in_vivo_code(session, " the lab ", source, 20, 27, coder)
    assert not again.code_tree and again.codes == {first}
    assert [(c.code_id, c.start, c.end) for c in again.coding_rows] == [(first, 20, 27)]
    with project.transaction() as session:
        assert session.scalars(select(Code.id).where(Code.name == "the lab")).all() == [first]
        assert sorted(session.scalars(select(Coding.start).where(Coding.code_id == first))) == [7, 20]
        play(session, again.undo)  # takes back the coding alone
    assert run(project, dump) == before



def _made_by_hand(project, source, coder, spans):
    """The group, then each in-vivo code and its coding made the long way (add_code, apply_coding)."""
    from qcoder.core.usecases.commands.in_vivo import GROUP_COLOUR, GROUP_DESCRIPTION

    with project.transaction() as session:
        group = add_code(session, IN_VIVO_GROUP, colour=GROUP_COLOUR, description=GROUP_DESCRIPTION,
                         codable=False).created_id
    for name, start, end in spans:
        with project.transaction() as session:
            code = add_code(session, name, parent_id=group)
            apply_coding(session, source, code.created_id, start, end, coder)


def _without_made_up(rows):
    """The dump without what is new each time (GUIDs, moments of import and coding)."""
    return {table: [tuple(value for column, value in zip(row._fields, row)
                          if column not in ("guid", "created_at", "imported_at"))
                    for row in values] for table, values in rows.items()}


def test_in_vivo_stores_and_states_what_adding_the_code_and_coding_the_passage_would(tmp_path):
    """Once the group is there, in vivo stores the code and its coding itself (one query, two
    inserts): the project is as add_code then apply_coding leave it, and the change states the
    code and the coding as they read back."""
    spans = [("shared compute", 19, 33), ("the lab", 7, 14), ("with us", 31, 38)]
    dumps = []
    for number, by_hand in enumerate((False, True)):
        project = Project.create(tmp_path / f"p{number}.qcoder", coder_name="Ann")
        coder = project.coder_id()
        with project.transaction() as session:
            source = add_source(session, "amara", "Amara: The lab shared compute with us.\n").created_id
        if by_hand:
            _made_by_hand(project, source, coder, spans)
        else:
            for name, start, end in spans:
                with project.transaction() as session:
                    made = in_vivo_code(session, name, source, start, end, coder)
                    code = made.code_row(made.created_id)
                    assert code == code_info(session, made.created_id)
                    assert made.codes == {made.created_id} or name == spans[0][0]
                    (coding,) = made.coding_rows
                    assert coding == coding_info(session, coding.id)
                    assert made.codings == {coding.id} and made.sources == {source} and made.code_tree
        dumps.append(_without_made_up(run(project, dump)))
        project.close()
    assert dumps[0] == dumps[1]


def test_in_vivo_refuses_a_bad_span_or_coder_and_makes_nothing(project):
    coder, source = one_in_vivo_code(project)
    before = run(project, dump)
    for name, start, end, coder_id, refusal in (("far", 30, 400, coder, InvalidSpanError),
                                                 ("nobody", 7, 14, coder + 99, NotFoundError),
                                                 ("/slash", 7, 14, coder, InvalidNameError)):
        with pytest.raises(refusal), project.transaction() as session:
            in_vivo_code(session, name, source, start, end, coder_id)
    assert run(project, dump) == before


def test_a_new_code_comes_after_its_last_sibling_even_after_one_was_deleted(project):
    """By hand and in vivo alike: after the last sibling's position, not at the number of siblings
    (a deleted sibling leaves the others' positions, so the count could place it among them)."""
    from qcoder.core.row_set import RowKeys
    from qcoder.core.usecases.commands.row_edits import remove_rows
    from qcoder.core.usecases.queries.code_tree import list_codes

    coder, source = one_in_vivo_code(project)  # the group, and "the lab" at position 0
    for name, start, end in (("shared compute", 19, 33), ("with us", 31, 38)):
        with project.transaction() as session:
            in_vivo_code(session, name, source, start, end, coder)
    with project.transaction() as session:
        group = session.scalar(select(Code.id).where(Code.name == IN_VIVO_GROUP))
        lab = session.scalar(select(Code.id).where(Code.name == "the lab"))
        remove_rows(session, RowKeys.ids("codes", [lab]))  # positions 1 and 2 are left
        by_hand = add_code(session, "by hand", parent_id=group).created_id
        vivo = in_vivo_code(session, "Amara", source, 0, 5, coder).created_id
        positions = dict(session.execute(select(Code.name, Code.position).where(Code.parent_id == group)).all())
        assert positions == {"shared compute": 1, "with us": 2, "by hand": 3, "Amara": 4}
        order = [c.id for c in list_codes(session) if c.parent_id == group]
    assert order[-2:] == [by_hand, vivo]


def test_the_first_code_of_an_empty_parent_is_at_position_0(project):
    with project.transaction() as session:
        parent = add_code(session, "Parent").created_id
        child = add_code(session, "Child", parent_id=parent).created_id
        assert (session.get(Code, parent).position, session.get(Code, child).position) == (0, 0)


def test_whether_a_name_is_free_among_siblings_is_looked_up_in_the_index_not_walked(project, monkeypatch):
    """In vivo's one query and the name check of adding, renaming and moving a code find a
    namesake through the (parent, name) index: one step among thousands of in-vivo codes, where
    walking the siblings took 0.4 ms per new code at 5,000."""
    plans: list[str] = []
    coder = project.coder_id()
    with project.transaction() as session:
        connection = session.connection()

        def explained(_conn, cursor, statement, parameters, _context, _executemany):
            if re.search(r"(namesake|codes)\.name = \?", statement) and statement.lstrip().startswith("SELECT"):
                rows = cursor.connection.execute("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()
                plans.append(" | ".join(str(row[-1]) for row in rows))

        event.listen(connection, "before_cursor_execute", explained)
        try:
            source = add_source(session, "s", "some words to code in vivo").created_id
            in_vivo_code(session, "some", source, 0, 4, coder)  # the group made too
            in_vivo_code(session, "some words", source, 0, 10, coder)  # one query
            add_code(session, "another", parent_id=None)
        finally:
            event.remove(connection, "before_cursor_execute", explained)
    assert len(plans) >= 3  # in vivo's group lookup, its one query, the new code's name check
    assert all("ix_codes_parent_name (parent_id=? AND name=?)" in plan for plan in plans), plans
