"""Editing the code tree: add, rename, move, recolour, merge, delete and restore, code paths."""

from __future__ import annotations

import pytest
from core_helpers import read, run
from sqlalchemy import func, select

from qcoder.core.edits import play
from qcoder.core.errors import InvalidNameError, NotFoundError, QcoderError
from qcoder.core.row_set import RowKeys
from qcoder.core.store.models import Coding, Memo
from qcoder.core.usecases.commands.codes import (
    add_code,
    ensure_code_path,
    merge_codes,
    move_code,
    recolour_code,
    rename_code,
)
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.memos import add_memo
from qcoder.core.usecases.commands.row_edits import remove_rows
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.code_tree import list_codes, resolve_code_path
from qcoder.core.usecases.queries.codings import codings_in_source
from qcoder.core.usecases.queries.memos import list_memos


def _code(project, name, **kwargs) -> int:
    return run(project, add_code, name, **kwargs).created_id


def _by_id(project):
    return {c.id: c for c in read(project, list_codes)}


@pytest.fixture
def source_id(empty_project) -> int:
    return run(empty_project, add_source, "interview", "0123456789 abcdefghij klmnopqrst").created_id


def test_add_code_at_root_and_under_a_parent(empty_project):
    stage = _code(empty_project, "Stage", codable=False, description="when")
    pre = _code(empty_project, "Pre-training", parent_id=stage, colour="#abc")
    codes = _by_id(empty_project)
    assert codes[stage].path == "Stage" and not codes[stage].codable
    assert codes[pre].path == "Stage/Pre-training"
    assert codes[pre].colour == "#AABBCC"
    assert codes[pre].parent_id == stage
    assert len(codes[pre].guid) == 36


def test_add_code_refuses_empty_and_duplicate_sibling_names(empty_project):
    parent = _code(empty_project, "Parent")
    _code(empty_project, "Child", parent_id=parent)
    with pytest.raises(InvalidNameError):
        run(empty_project, add_code, "   ")
    with pytest.raises(InvalidNameError, match="already"):
        run(empty_project, add_code, " Child ", parent_id=parent)
    _code(empty_project, "Child")  # the same name elsewhere in the tree is fine
    with pytest.raises(NotFoundError):
        run(empty_project, add_code, "Orphan", parent_id=9999)


def test_rename_code_and_duplicate_name_refused(empty_project):
    a = _code(empty_project, "A")
    _code(empty_project, "B")
    run(empty_project, rename_code, a, "Alpha")
    assert _by_id(empty_project)[a].name == "Alpha"
    with pytest.raises(InvalidNameError, match="already"):
        run(empty_project, rename_code, a, "B")
    run(empty_project, rename_code, a, "Alpha")  # renaming to its own name is no clash
    assert _by_id(empty_project)[a].name == "Alpha"


def test_move_code_with_its_children_and_into_own_child_refused(empty_project):
    a = _code(empty_project, "A")
    a1 = _code(empty_project, "A1", parent_id=a)
    a11 = _code(empty_project, "A11", parent_id=a1)
    b = _code(empty_project, "B")
    changes = run(empty_project, move_code, a, b)
    assert changes.code_tree
    codes = _by_id(empty_project)
    assert codes[a11].path == "B/A/A1/A11"
    for target in (a, a1, a11):
        with pytest.raises(QcoderError, match="itself or one of its children"):
            run(empty_project, move_code, a, target)
    assert _by_id(empty_project)[a].parent_id == b


def test_move_code_refuses_a_name_clash_and_orders_siblings(empty_project):
    x = _code(empty_project, "X")
    _code(empty_project, "Dup", parent_id=x)
    dup = _code(empty_project, "Dup")
    with pytest.raises(InvalidNameError):
        run(empty_project, move_code, dup, x)
    first = _code(empty_project, "First")
    run(empty_project, move_code, first, None, 0)
    roots = [c.name for c in read(empty_project, list_codes) if c.parent_id is None]
    assert roots[0] == "First"


def test_recolour_and_bad_colour_refused(empty_project):
    a = _code(empty_project, "A", colour="#102030")
    run(empty_project, recolour_code, a, "#ff0000")
    assert _by_id(empty_project)[a].colour == "#FF0000"
    for bad in ("red", "#12345", "#GGGGGG", "", "#1234567"):
        with pytest.raises(QcoderError, match="not a colour"):
            run(empty_project, recolour_code, a, bad)
    assert _by_id(empty_project)[a].colour == "#FF0000"


def test_merge_moves_codings_drops_duplicates_and_moves_children_and_memos(empty_project, source_id):
    coder = empty_project.coder_id()
    old = _code(empty_project, "Old")
    new = _code(empty_project, "New")
    child = _code(empty_project, "Old child", parent_id=old)
    run(empty_project, apply_coding, source_id, new, 0, 5, coder)
    run(empty_project, apply_coding, source_id, old, 0, 5, coder)  # duplicate of the target's
    moved = run(empty_project, apply_coding, source_id, old, 11, 15, coder).created_id
    memo = run(empty_project, add_memo, "about Old", coder, target="code", target_id=old).created_id
    changes = run(empty_project, merge_codes, old, new)
    assert moved in changes.codings and changes.code_tree
    codes = _by_id(empty_project)
    assert old not in codes
    assert codes[child].parent_id == new and codes[child].path == "New/Old child"
    spans = sorted((c.code_id, c.start, c.end) for c in read(empty_project, codings_in_source, source_id))
    assert spans == [(new, 0, 5), (new, 11, 15)]
    assert [m.id for m in read(empty_project, list_memos, target="code", target_id=new)] == [memo]
    assert codes[new].count == 2


def test_merge_refuses_itself_and_own_child(empty_project):
    a = _code(empty_project, "A")
    child = _code(empty_project, "Child", parent_id=a)
    with pytest.raises(QcoderError):
        run(empty_project, merge_codes, a, a)
    with pytest.raises(QcoderError, match="children"):
        run(empty_project, merge_codes, a, child)


def test_delete_and_restore_keep_ids_guids_codings_and_memos(empty_project, source_id):
    coder = empty_project.coder_id()
    parent = _code(empty_project, "Parent", colour="#112233", description="d")
    child = _code(empty_project, "Child", parent_id=parent)
    grandchild = _code(empty_project, "Grandchild", parent_id=child)
    keep = _code(empty_project, "Keep")
    coding = run(empty_project, apply_coding, source_id, grandchild, 2, 6, coder, memo="why").created_id
    kept_coding = run(empty_project, apply_coding, source_id, keep, 2, 6, coder).created_id
    memo = run(empty_project, add_memo, "on child", coder, target="code", target_id=child).created_id
    before_codes = read(empty_project, list_codes)
    before_codings = read(empty_project, codings_in_source, source_id)

    changes = run(empty_project, remove_rows, RowKeys.ids("codes", [parent]))
    assert changes.codes == {parent, child, grandchild}
    assert changes.codings == {coding} and changes.memos == {memo}
    assert set(_by_id(empty_project)) == {keep}
    assert [c.id for c in read(empty_project, codings_in_source, source_id)] == [kept_coding]
    with empty_project.reading() as session:
        assert session.scalar(select(func.count()).select_from(Memo)) == 0

    run(empty_project, play, changes.undo)
    assert read(empty_project, list_codes) == before_codes  # same ids, GUIDs, paths, counts
    assert read(empty_project, codings_in_source, source_id) == before_codings
    memos = read(empty_project, list_memos, target="code", target_id=child)
    assert [(m.id, m.text) for m in memos] == [(memo, "on child")]


def test_ensure_code_path_creates_what_is_missing_and_says_so(empty_project):
    changes = run(empty_project, ensure_code_path, "Lifecycle stage/Pre-training")
    assert changes.messages == ("created code 'Lifecycle stage'", "created code 'Lifecycle stage/Pre-training'")
    code_id = changes.created_id
    again = run(empty_project, ensure_code_path, "Lifecycle stage/Pre-training")
    assert again.created_id == code_id and again.messages == ()
    with pytest.raises(InvalidNameError):
        run(empty_project, ensure_code_path, " / ")


def test_ensure_code_path_keeps_names_that_contain_spaced_slashes(empty_project):
    path = "On-ramp/Hackathons / sprints / working groups"
    changes = run(empty_project, ensure_code_path, path)
    codes = _by_id(empty_project)
    created = codes[changes.created_id]
    assert created.name == "Hackathons / sprints / working groups"
    assert created.path == path
    assert codes[created.parent_id].name == "On-ramp"
    assert len(codes) == 2
    assert run(empty_project, ensure_code_path, path).created_id == created.id
    assert read(empty_project, resolve_code_path, path) == created.id


def test_code_paths_resolve_in_the_study_codebook(study_project):
    path = "On-ramp/Hackathons / sprints / working groups"
    code_id = read(study_project, resolve_code_path, path)
    before = len(read(study_project, list_codes))
    assert run(study_project, ensure_code_path, path).created_id == code_id
    assert len(read(study_project, list_codes)) == before
    # A name with a bare slash, known to the tree, is matched whole.
    known = next(c for c in read(study_project, list_codes) if c.name == "Documentation and model/data cards")
    assert read(study_project, resolve_code_path, known.path) == known.id
    with pytest.raises(NotFoundError):
        read(study_project, resolve_code_path, "On-ramp/No such thing")


def test_codes_of_a_deleted_code_cascade_in_the_database(empty_project, source_id):
    """Deleting a code relies on ON DELETE CASCADE: no coding may point at a missing code."""
    coder = empty_project.coder_id()
    a = _code(empty_project, "A")
    b = _code(empty_project, "B", parent_id=a)
    run(empty_project, apply_coding, source_id, b, 0, 3, coder)
    run(empty_project, remove_rows, RowKeys.ids("codes", [a]))
    with empty_project.reading() as session:
        assert session.scalar(select(func.count()).select_from(Coding)) == 0


def test_delete_and_restore_code_bring_back_rows_of_other_tables_too(empty_project, source_id):
    """Any table with a cascading foreign key to codes (here: disagreement resolutions)."""
    from qcoder.core.store.models import Resolution

    coder = empty_project.coder_id()
    code = _code(empty_project, "Disputed")
    with empty_project.transaction() as session:
        session.add(Resolution(source_id=source_id, code_id=code, start=0, end=4, action="keep",
                               coders="Ann,Bob", resolved_by_id=coder, note="both fine"))
    with empty_project.reading() as session:
        before = [(r.id, r.guid, r.note) for r in session.execute(select(Resolution)).scalars()]
    removed = run(empty_project, remove_rows, RowKeys.ids("codes", [code]))
    with empty_project.reading() as session:
        assert session.scalar(select(func.count()).select_from(Resolution)) == 0
    run(empty_project, play, removed.undo)
    with empty_project.reading() as session:
        assert [(r.id, r.guid, r.note) for r in session.execute(select(Resolution)).scalars()] == before


def test_merge_refuses_a_group_target_for_codings_and_child_name_clashes(empty_project, source_id):
    coder = empty_project.coder_id()
    group = _code(empty_project, "Group", codable=False)
    coded = _code(empty_project, "Coded")
    run(empty_project, apply_coding, source_id, coded, 0, 3, coder)
    with pytest.raises(QcoderError, match="group"):
        run(empty_project, merge_codes, coded, group)
    uncoded = _code(empty_project, "Uncoded")
    run(empty_project, merge_codes, uncoded, group)  # nothing to carry: a group may absorb it
    a = _code(empty_project, "A")
    b = _code(empty_project, "B")
    _code(empty_project, "Same", parent_id=a)
    _code(empty_project, "Same", parent_id=b)
    with pytest.raises(InvalidNameError, match="Same"):
        run(empty_project, merge_codes, a, b)
    assert {c.name for c in read(empty_project, list_codes)} >= {"A", "B", "Coded"}


def test_a_code_with_codings_cannot_become_a_group(empty_project, source_id):
    from qcoder.core.usecases.commands.codes import set_codable

    code = _code(empty_project, "C")
    run(empty_project, set_codable, code, False)
    run(empty_project, set_codable, code, True)
    run(empty_project, apply_coding, source_id, code, 0, 3, empty_project.coder_id())
    with pytest.raises(QcoderError, match="cannot become a group"):
        run(empty_project, set_codable, code, False)
    assert _by_id(empty_project)[code].codable


def test_a_name_cannot_start_or_end_with_the_path_separator(empty_project):
    for bad in ("/", "a/", "/a", " / "):
        with pytest.raises(InvalidNameError):
            run(empty_project, add_code, bad)
    a = _code(empty_project, "a / b")  # inside a name it is fine
    with pytest.raises(InvalidNameError):
        run(empty_project, rename_code, a, "a/")


def test_ensure_code_path_messages_name_the_real_paths(empty_project):
    _code(empty_project, "A")
    assert run(empty_project, ensure_code_path, "A/ B").messages == ("created code 'A/B'",)
    assert run(empty_project, ensure_code_path, " C / D/E ").messages == (
        "created code 'C / D'", "created code 'C / D/E'")
    assert run(empty_project, ensure_code_path, "/F//G/").messages == (
        "created code 'F'", "created code 'F/G'")


def test_merge_repoints_other_tables_and_unmerge_puts_them_back(empty_project, source_id):
    from qcoder.core.store.models import Resolution
    from qcoder.core.usecases.commands.codes import merge_codes_recorded, unmerge_codes

    coder = empty_project.coder_id()
    old = _code(empty_project, "Old")
    new = _code(empty_project, "New")
    with empty_project.transaction() as session:
        session.add(Resolution(source_id=source_id, code_id=old, start=0, end=4, action="keep",
                               coders="Ann,Bob", resolved_by_id=coder))
    _changes, record = run(empty_project, merge_codes_recorded, old, new)
    with empty_project.reading() as session:
        assert [r.code_id for r in session.execute(select(Resolution)).scalars()] == [new]
    run(empty_project, unmerge_codes, record)
    with empty_project.reading() as session:
        assert [r.code_id for r in session.execute(select(Resolution)).scalars()] == [old]


def test_code_reach_counts_passages_distinct_sources_and_cases(empty_project):
    from qcoder.core.usecases.commands.cases import add_case, link_source
    from qcoder.core.usecases.commands.codes import add_code
    from qcoder.core.usecases.commands.codings import apply_coding
    from qcoder.core.usecases.commands.sources import add_source
    from qcoder.core.usecases.queries.code_tree import CodeReach, code_reach

    coder = empty_project.coder_id()
    with empty_project.transaction() as session:
        code = add_code(session, "Compute").created_id
        unused = add_code(session, "Unused").created_id
        first = add_source(session, "a", "x" * 100).created_id
        second = add_source(session, "b", "y" * 100).created_id
        for source, start in ((first, 0), (first, 10), (second, 5)):
            apply_coding(session, source, code, start, start + 5, coder)
        case = add_case(session, "Lab").created_id
        link_source(session, case, first)
        link_source(session, case, second)
        assert code_reach(session) == {code: CodeReach(3, 2, 1, 3, 3, 3, 2, 1), unused: CodeReach()}
        assert code_reach(session, [unused]) == {unused: CodeReach(0, 0, 0)}
        from qcoder.core.usecases.commands.coders import ensure_coder

        other = ensure_coder(session, "Bob")  # a second coder coding the same span: one passage, two codings
        apply_coding(session, first, code, 0, 5, other)
        child = add_code(session, "GPUs", parent_id=code).created_id
        apply_coding(session, first, child, 0, 5, coder)
        apply_coding(session, first, child, 50, 60, coder)
        reach = code_reach(session, [child])
        assert reach[code] == CodeReach(passages=3, sources=2, cases=1, codings=4, total_passages=4, total_codings=6,
                                        total_sources=2, total_cases=1)
        assert reach[child].passages == reach[child].total_passages == 2


def test_an_organisation_code_takes_the_colour_of_its_type(empty_project):
    from qcoder.core.usecases.commands.organisations import set_organisation
    from qcoder.core.usecases.queries.code_tree import list_codes
    from qcoder.core.usecases.queries.organisation_colours import code_colour_for

    with empty_project.transaction() as session:
        set_organisation(session, "Kestrel Labs", org_type="sme")
        set_organisation(session, "Orchid Systems", org_type="large")
        colours = {c.name: c.colour for c in list_codes(session) if c.path.startswith("Organisations/")}
    assert colours["Kestrel Labs"] == code_colour_for("small or medium enterprise")
    assert colours["Orchid Systems"] == code_colour_for("large enterprise") != colours["Kestrel Labs"]


def test_descendants_are_the_code_and_everything_below_it(empty_project):
    from qcoder.core.usecases.queries.code_tree import descendant_ids

    top = _code(empty_project, "Top")
    middle = [_code(empty_project, f"M{n}", parent_id=top) for n in range(3)]
    leaves = [_code(empty_project, f"L{n}", parent_id=middle[n % 3]) for n in range(6)]
    deep = _code(empty_project, "Deep", parent_id=leaves[0])
    elsewhere = _code(empty_project, "Elsewhere")
    below = read(empty_project, descendant_ids, top)
    assert below[0] == top and sorted(below) == sorted([top, *middle, *leaves, deep])
    assert sorted(read(empty_project, descendant_ids, middle[0])) == sorted([middle[0], leaves[0], leaves[3], deep])
    assert read(empty_project, descendant_ids, elsewhere) == [elsewhere]
    assert read(empty_project, descendant_ids, 999_999) == [999_999]  # as before: the code asked for, even if gone


def test_the_paths_of_a_few_codes_are_those_of_the_whole_tree(empty_project):
    from qcoder.core.usecases.queries.code_tree import FEW_CODES, code_paths_and_names, code_paths_and_names_of

    top = _code(empty_project, "Top")
    slashed = _code(empty_project, "model/data cards", parent_id=top)
    deep = _code(empty_project, "Deep", parent_id=slashed)
    others = [_code(empty_project, f"Other {n}", parent_id=top if n % 2 else None) for n in range(FEW_CODES + 2)]
    paths, names = read(empty_project, code_paths_and_names)
    for wanted in ({deep}, {top, slashed, deep, 999_999}, {deep, *others}):
        few_paths, few_names = read(empty_project, code_paths_and_names_of, wanted)
        assert {c: few_paths[c] for c in wanted if c in paths} == {c: paths[c] for c in wanted if c in paths}
        assert {c: few_names[c] for c in wanted if c in names} == {c: names[c] for c in wanted if c in names}
    assert read(empty_project, code_paths_and_names_of, {deep}) == ({deep: "Top/model/data cards/Deep"}, {deep: "Deep"})


def test_one_code_read_alone_is_as_the_tree_lists_it(empty_project):
    from dataclasses import replace

    from qcoder.core.usecases.queries.code_tree import code_info, list_codes

    top = _code(empty_project, "Top")
    slashed = _code(empty_project, "model/data cards", parent_id=top)
    deep = _code(empty_project, "Deep", parent_id=slashed)
    listed = {c.id: replace(c, count=0) for c in read(empty_project, list_codes)}
    for code in (top, slashed, deep):
        assert read(empty_project, code_info, code) == listed[code]
    assert listed[deep].path == "Top/model/data cards/Deep"
    with pytest.raises(NotFoundError):
        read(empty_project, code_info, 999_999)
