"""The code view's rows: the filter keeps what Qt's own recursive filter kept, folding puts rows
in and takes them out, a new code goes in as one row where it belongs, and drops between rows
land among the right codes; each time Qt's model tester is content."""

from PySide6.QtCore import QMimeData, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtTest import QSignalSpy

from qcoder.core.snapshots import CodeInfo
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.queries.code_tree import list_codes, resolve_code_path
from qcoder.ui.models.code_rows import CodeRows
from qcoder.ui.models.code_tree_model import CODE_ID_MIME, CodeTreeModel


def tree_order(proxy, parent=QModelIndex(), path="") -> list[str]:
    """Every row of a tree model, unfolded, as 'Group > Code' in tree order."""
    names = []
    for row in range(proxy.rowCount(parent)):
        index = proxy.index(row, 0, parent)
        names.append(path + index.data())
        names += tree_order(proxy, index, path + index.data() + " > ")
    return names


def shown(rows: CodeRows) -> list[str]:
    """The rows as 'Group > Code'."""
    paths = []
    for row in range(rows.rowCount()):
        code = rows.tree.code(rows.code_at(row))
        assert rows.depth(row) == len(ancestors(rows.tree, code))
        paths.append(" > ".join([*(rows.tree.shown_name(c) for c in ancestors(rows.tree, code)), rows.tree.shown_name(code.id)]))
    return paths


def ancestors(tree: CodeTreeModel, code: CodeInfo) -> list[int]:
    above = []
    while code.parent_id is not None:
        above.insert(0, code.parent_id)
        code = tree.code(code.parent_id)
    return above


def qt_filter(model: CodeTreeModel, text: str) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setRecursiveFilteringEnabled(True)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(CodeTreeModel.NAME)
    proxy.setFilterFixedString(text)
    return proxy


def study_tree(study_project) -> CodeTreeModel:
    model = CodeTreeModel()
    with study_project.reading() as session:
        model.set_codes(list_codes(session))
    return model


def test_the_filter_keeps_what_qts_recursive_filter_kept(qtmodeltester, study_project):
    model = study_tree(study_project)
    model.pinned = [model.codes()[3].id]  # its shown name ends in "[1]"
    rows = CodeRows(model)
    rows.expand_to_depth(-1)
    for text in ("", "o", "ON-RAMP", "compute", "[1]", "gov", "no such code", "e"):
        rows.set_filter_text(text)
        assert shown(rows) == tree_order(qt_filter(model, text)), text
        qtmodeltester.check(rows)
    rows.set_filter_text("compute")
    assert "On-ramp > Compute partnerships" in shown(rows) and len(shown(rows)) < len(tree_order(qt_filter(model, "")))


def test_a_new_code_that_matches_shows_under_the_filter(study_project):
    model = study_tree(study_project)
    rows = CodeRows(model)
    rows.expand_to_depth(-1)
    rows.set_filter_text("zebra")
    assert shown(rows) == []
    with study_project.transaction() as session:
        parent = resolve_code_path(session, "On-ramp")
        add_code(session, "Zebra crossing", parent_id=parent)
    with study_project.reading() as session:
        model.set_codes(list_codes(session))
    assert shown(rows) == ["On-ramp", "On-ramp > Zebra crossing"]


def test_folding_puts_in_and_takes_out_the_rows_below_and_keeps_across_a_reset(qtmodeltester, study_project):
    model = study_tree(study_project)
    rows = CodeRows(model)
    top = [c.id for c in model.codes() if c.parent_id is None]
    assert rows.rowCount() == len(top)
    inserted, removed = QSignalSpy(rows.rowsInserted), QSignalSpy(rows.rowsRemoved)
    lifecycle = top[0]
    rows.set_expanded([lifecycle], True)
    children = model.child_ids(lifecycle)
    assert inserted.count() == 1 and [rows.code_at(r) for r in range(1, 1 + len(children))] == children
    assert rows.is_expanded(0) and rows.has_children(0) and not rows.is_expanded(1)
    assert [rows.parent_row(r) for r in range(1, 1 + len(children))] == [0] * len(children)
    qtmodeltester.check(rows)
    with study_project.reading() as session:
        model.set_codes(list_codes(session))  # read again: still unfolded
    assert rows.expanded_ids() == {lifecycle} and rows.rowCount() == len(top) + len(children)
    rows.set_expanded([lifecycle], False)
    assert removed.count() == 1 and rows.rowCount() == len(top)
    rows.expand_below(lifecycle)
    below = [c for c in model.codes() if lifecycle in ancestors(model, c)]
    assert rows.rowCount() == len(top) + len(below) and len(below) > len(children)


def test_a_new_code_goes_in_as_one_row_where_it_belongs(qtmodeltester, study_project):
    model = study_tree(study_project)
    rows = CodeRows(model)
    rows.expand_to_depth(-1)
    resets, layouts = QSignalSpy(rows.modelReset), QSignalSpy(rows.layoutChanged)
    inserted = []
    rows.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    on_ramp = next(c for c in model.codes() if c.name == "On-ramp")
    assert rows.row_of(on_ramp.id) >= 0  # the rows' places known before: kept up to date as the row goes in
    with study_project.transaction() as session:
        new = add_code(session, "Zebra crossing", parent_id=on_ramp.id).created_id
    with study_project.reading() as session:
        code = next(c for c in list_codes(session) if c.id == new)
    assert model.append_code(code)
    row = rows.row_of(new)
    assert inserted == [(row, row)] and resets.count() == layouts.count() == 0
    assert rows.code_at(row - 1) == model.child_ids(on_ramp.id)[-2]  # after the group's last code
    assert rows.depth(row) == 1 and rows.parent_row(row) == rows.row_of(on_ramp.id)
    assert row < rows.rowCount() - 1  # codes below it moved down a row
    assert [rows.row_of(rows.code_at(r)) for r in range(rows.rowCount())] == list(range(rows.rowCount()))
    fresh = CodeRows(model)
    fresh.expand_to_depth(-1)
    assert shown(fresh) == shown(rows)
    qtmodeltester.check(rows)


def test_a_code_dropped_between_rows_goes_among_the_codes_there(study_project):
    model = study_tree(study_project)
    rows = CodeRows(model)
    rows.expand_to_depth(-1)
    moves = []
    model.move_requested.connect(lambda code, parent, place: moves.append((code, parent, place)))
    data = QMimeData()
    data.setData(CODE_ID_MIME, b"1")
    second = rows.code_at(2)  # a sub-code, second under its group
    group = model.code(second).parent_id
    rows.dropMimeData(data, Qt.DropAction.MoveAction, 2, 0, QModelIndex())  # above it
    rows.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, rows.index(2, 3))  # onto it (any column)
    rows.dropMimeData(data, Qt.DropAction.MoveAction, rows.rowCount(), 0, QModelIndex())  # below the last row
    rows.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, QModelIndex())  # on the empty space
    last = model.code(rows.code_at(rows.rowCount() - 1))
    assert moves == [(1, group, model.child_ids(group).index(second)), (1, second, -1),
                     (1, last.parent_id, len(model.child_ids(last.parent_id))), (1, None, -1)]
