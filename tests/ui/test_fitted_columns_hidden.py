"""A fitted name column of a hidden view (the sources grouped by case while the flat list shows)
is measured once the view is shown, not at each import while it is hidden — and then fits."""

from __future__ import annotations

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QStackedWidget, QTreeView

from qcoder.ui.widgets.fitted_columns import FittedColumns


def test_a_hidden_view_is_measured_when_shown_and_its_names_then_fit(qtbot):
    model = QStandardItemModel(0, 2)
    stack = QStackedWidget()
    qtbot.addWidget(stack)
    shown, hidden = QTreeView(), QTreeView()
    hidden.setModel(model)
    stack.addWidget(shown)
    stack.addWidget(hidden)
    stack.resize(200, 300)
    stack.show()
    qtbot.waitExposed(stack)
    fitted = FittedColumns(hidden, 0)
    measured: list[int] = []
    original = fitted.content_width
    fitted.content_width = lambda column: measured.append(column) or original(column)  # type: ignore[method-assign]
    long_name = "An interview whose name is far wider than the pane " * 2
    model.appendRow([QStandardItem(long_name), QStandardItem("12")])
    qtbot.wait(20)  # the deferred fit runs
    assert measured == [] and not hidden.isVisible()
    stack.setCurrentWidget(hidden)
    assert measured  # measured as it was shown, before its first paint
    assert hidden.header().sectionSize(0) >= hidden.sizeHintForColumn(0) > 200
