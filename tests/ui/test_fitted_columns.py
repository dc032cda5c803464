"""A fitted name column measures a row put in alone, and the whole column only when that row is
wider than the room it has (an in-vivo code added to a long tree measured a thousand rows)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTreeView

from qcoder.ui.widgets.fitted_columns import FittedColumns


@pytest.fixture
def fitted(qtbot):
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels(["Name", "Count"])
    for number in range(30):
        model.appendRow([QStandardItem(f"code {number}"), QStandardItem("1")])
    view = QTreeView()
    view.setModel(model)
    view.resize(300, 400)
    qtbot.addWidget(view)
    view.show()
    fitted = FittedColumns(view, 0)
    qtbot.waitUntil(lambda: not fitted._timer.isActive())
    return view, model, fitted


def measured_columns(fitted: FittedColumns, monkeypatch) -> list[int]:
    calls: list[int] = []
    measure = fitted.content_width
    monkeypatch.setattr(fitted, "content_width", lambda column: calls.append(column) or measure(column))
    return calls


def test_a_row_that_fits_measures_no_column(fitted, qtbot, monkeypatch):
    view, model, columns = fitted
    width = view.header().sectionSize(0)
    calls = measured_columns(columns, monkeypatch)
    model.appendRow([QStandardItem("short"), QStandardItem("2")])
    qtbot.wait(20)
    assert calls == [] and view.header().sectionSize(0) == width


def test_a_wider_row_widens_the_column_to_show_it_whole(fitted, qtbot, monkeypatch):
    view, model, columns = fitted
    calls = measured_columns(columns, monkeypatch)
    long_name = "a participant's own words, long enough to need a wider column than any code before"
    model.appendRow([QStandardItem(long_name), QStandardItem("2")])
    qtbot.waitUntil(lambda: calls != [])
    row = model.rowCount() - 1
    qtbot.waitUntil(lambda: view.header().sectionSize(0) >= view.sizeHintForIndex(model.index(row, 0)).width())


def test_a_row_under_a_branch_is_measured_with_its_indentation(fitted, qtbot):
    view, model, columns = fitted
    parent = model.item(0, 0)
    parent.appendRow([QStandardItem("child"), QStandardItem("1")])
    view.expandAll()
    qtbot.waitUntil(lambda: not columns._timer.isActive())
    name = "a child with a name just as wide as the column gets once it is unfolded, and more"
    parent.appendRow([QStandardItem(name), QStandardItem("1")])
    child = model.index(1, 0, model.index(0, 0))
    qtbot.waitUntil(lambda: view.header().sectionSize(0)
                    >= view.sizeHintForIndex(child).width() + 2 * view.indentation())
