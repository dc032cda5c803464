"""A coding repaints the counts of its code and of the group above it, rows apart, as cells:
what is on screen afterwards is what a full repaint paints, and the names are not painted again."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.sources import add_source
from qcoder.ui.models.code_tree_model import CodeTreeModel
from tests.ui.conftest import window_showing
from tests.ui.on_screen import painted

TEXT = "".join(f"Participant: we shared the weights with partner number {n} and they built on them.\n\n"
               for n in range(30))


@pytest.fixture
def grouped(tmp_path, qtbot, user_settings):
    """A window on a source, with a group of eight codes in the tree, the last of them chosen."""
    path = tmp_path / "grouped.qcoder"
    project = Project.create(path, coder_name="Ann", codebook=None)
    with project.transaction() as session:
        add_code(session, "Aims")  # first in the tree: Qt measures the first row again on any change
        group = add_code(session, "Partners").created_id
        codes = [add_code(session, f"Partner {n}", parent_id=group).created_id for n in range(8)]
        source = add_source(session, "interview", TEXT).created_id
    project.close()
    window = window_showing(qtbot, path, source, user_settings)
    window.docks["codes"].show()
    window.codes.select_code(codes[-1])
    QApplication.processEvents()
    yield window, group, codes[-1]
    window.controller.close_project()




class PaintSpy(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.regions: list[list[QRect]] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.regions.append(list(event.region()))
        return False


def cells_painted_from_now(monkeypatch) -> list[tuple[int, int]]:
    """The ``(code id, column)`` of each cell painted from now on (the view's rows hand each
    painted cell on to the tree)."""
    cells: list[tuple[int, int]] = []
    real_cell = CodeTreeModel.fill_roles

    def painting(self, code_id, column, span):
        cells.append((code_id, column))
        return real_cell(self, code_id, column, span)

    monkeypatch.setattr(CodeTreeModel, "fill_roles", painting)
    return cells


def test_a_coding_paints_the_counts_of_its_code_and_group_as_a_full_repaint_would(grouped):
    window, group, code = grouped
    tree, model = window.codes.tree, window.codes.model
    rows = [tree.visualRect(window.codes.proxy.mapFromSource(model.index_of(c))) for c in (group, code)]
    assert rows[1].top() - rows[0].bottom() > 5 * rows[0].height()  # rows apart: two rectangles to paint
    spy = PaintSpy()
    tree.viewport().installEventFilter(spy)
    for start in (0, 90, 180):
        window.document.view.select_span(start, start + 40)
        assert window.coding.apply_code(code)
        on_screen = painted(tree.viewport())
        assert len(spy.regions[-1]) == 2  # the two rows' count cells
        assert model.reach(code).passages == start // 90 + 1 and model.reach(group).total_passages == start // 90 + 1
        tree.viewport().update()
        assert painted(tree.viewport()) == on_screen, start
    window.controller.undo_stack.undo()
    on_screen = painted(tree.viewport())
    tree.viewport().update()
    assert painted(tree.viewport()) == on_screen


def test_only_the_count_cells_are_painted_again_and_the_names_not_worked_out_again(grouped, monkeypatch):
    window, group, code = grouped
    asked: list[int] = []
    model = window.codes.model
    real_value = CodeTreeModel._value

    def working_out(self, code, column, role):  # a cell's value in one role, worked out
        asked.append(column)
        return real_value(self, code, column, role)

    window.document.view.select_span(0, 40)
    assert window.coding.apply_code(code)  # the first: its source's count changes too
    window.document.view.select_span(90, 130)
    painted(window.codes.tree.viewport())
    painted_cells = cells_painted_from_now(monkeypatch)
    monkeypatch.setattr(CodeTreeModel, "_value", working_out)
    assert window.coding.apply_code(code)
    painted(window.codes.tree.viewport())
    assert model.reach(code).passages == 2
    # the code's passages and the group's "+Sub": not the code's empty "+Sub" nor the group's own
    assert set(painted_cells) == {(code, CodeTreeModel.COUNT), (group, CodeTreeModel.TOTAL)}
    assert asked and CodeTreeModel.NAME not in asked


def test_a_further_in_vivo_code_paints_its_row_and_its_groups_count_not_the_groups_name(grouped, monkeypatch):
    """The first in-vivo code gives its group an arrow; each one after it leaves the group's row
    as it was but for the count of passages under it."""
    window, _group, _code = grouped
    view, tree, model = window.document.view, window.codes.tree, window.codes.model
    for start in (0, 3):  # the "In vivo" group and its first code
        view.select_span(start, start + 30)
        QTest.keyClick(view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    painted(tree.viewport())
    in_vivo = next(c.id for c in model.codes() if c.name == "In vivo")
    painted_cells = cells_painted_from_now(monkeypatch)
    view.select_span(6, 36)
    QTest.keyClick(view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    on_screen = painted(tree.viewport())
    new = model.child_ids(in_vivo)[-1]
    assert len(model.child_ids(in_vivo)) == 3 and window.codes.current_code_id() == _code
    assert model.reach(in_vivo).total_passages == 3  # its "+Sub", changed while the new row went in below
    assert {cell for cell in painted_cells if cell[0] == in_vivo} == {(in_vivo, CodeTreeModel.TOTAL)}
    assert (new, CodeTreeModel.NAME) in painted_cells
    tree.viewport().update()
    assert painted(tree.viewport()) == on_screen


def test_with_the_filter_on_the_group_first_in_view_is_not_measured_again_per_coding(grouped, monkeypatch):
    """Qt measures every column of the first row in view again when it changes; the counts of the
    group above the filtered code change with every coding, and measure nothing."""
    window, group, code = grouped
    QTest.keyClicks(window.codes.filter_box, "partner 7")
    tree, proxy, model = window.codes.tree, window.codes.proxy, window.codes.model
    assert tree.indexAt(QPoint(1, 1)) == proxy.mapFromSource(model.index_of(group))  # the group is first in view
    window.document.view.select_span(0, 40)
    assert window.coding.apply_code(code)
    window.document.view.select_span(90, 130)
    painted(tree.viewport())
    asked = cells_painted_from_now(monkeypatch)
    QTest.keyClick(window.codes.filter_box, Qt.Key.Key_Return)  # codes the selection with the first match
    assert asked == [] and model.reach(group).total_passages == 2  # nothing measured while coding
    on_screen = painted(tree.viewport())
    assert {column for _code, column in asked} == {CodeTreeModel.COUNT, CodeTreeModel.TOTAL}
    tree.viewport().update()
    assert painted(tree.viewport()) == on_screen


def test_choosing_a_code_leaves_the_column_titles_unpainted(grouped):
    """Every code is a top-level row of the view's table: its titles would repaint whenever a
    code is chosen (each in-vivo code is)."""
    window, group, code = grouped
    titles = window.codes.tree.header().viewport()
    spy = PaintSpy()
    titles.installEventFilter(spy)
    painted(titles)
    spy.regions.clear()
    for chosen in (group, code, group):
        window.codes.select_code(chosen)
        painted(titles)
    assert spy.regions == [] and window.codes.current_code_id() == group
