"""The retrieval table repaints its rows only when a passage is put in or taken out among them."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from qcoder.core.snapshots import SegmentInfo
from qcoder.ui.models.segment_table_model import SegmentTableModel
from qcoder.ui.panes.passage_table import PassageTable
from tests.ui.on_screen import painted


def passage(coding_id: int, source: int, start: int = 0) -> SegmentInfo:
    return SegmentInfo(coding_id=coding_id, guid=f"g{coding_id}", source=f"interview {source:03}", source_id=source,
                       code="Code", code_id=1, coder="Ann", start=start, end=start + 5, text="words " * 40,
                       memo=None, exemplar=False, cases=(), speaker="Ann")


class Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        self.count += event.type() == QEvent.Type.Paint
        return False


def test_rows_changed_below_the_view_repaint_nothing_but_those_in_view_do(qtbot):
    model = SegmentTableModel()
    model.set_segments([passage(n, n % 50, n) for n in range(1000)], in_source_order=True)
    table = PassageTable()
    qtbot.addWidget(table)
    table.setModel(model)
    table.resize(600, 120)
    table.show()
    qtbot.waitExposed(table)
    QApplication.processEvents()
    paints, bar_paints = Paints(), Paints()
    table.viewport().installEventFilter(paints)
    table.verticalScrollBar().installEventFilter(bar_paints)
    for step in range(3):  # each change's layout runs a moment later: settle twice
        model.update_segments([5000 + step], [passage(5000 + step, 40, 7)])
        QApplication.processEvents()
        QApplication.processEvents()
    model.update_segments([5000], [])
    QApplication.processEvents()
    QApplication.processEvents()
    assert paints.count == 0 and bar_paints.count == 0  # the slider did not move either
    assert table.verticalScrollBar().maximum() > 0 and model.rowCount() == 1002
    table.verticalScrollBar().setValue(table.verticalScrollBar().maximum())  # at the end: a new row moves it
    QApplication.processEvents()
    scrolled = bar_paints.count
    model.update_segments([7000], [passage(7000, 0, 8)])  # above the rows in view now
    QApplication.processEvents()
    QApplication.processEvents()
    assert bar_paints.count > scrolled
    table.scrollToTop()
    QApplication.processEvents()
    paints.count = 0
    model.update_segments([6000], [replace(passage(6000, 0), start=-1)])  # the first row
    QApplication.processEvents()
    QApplication.processEvents()
    assert paints.count >= 1
    assert table.indexAt(table.viewport().rect().topLeft()).row() == 0 and model.segment(0).coding_id == 6000
    before = paints.count
    model.set_segments([passage(n, 1) for n in range(3)], in_source_order=True)  # anew: painted anew
    QApplication.processEvents()
    QApplication.processEvents()
    assert paints.count > before



def test_a_cell_in_view_changed_while_a_row_below_waits_to_be_laid_out_is_repainted(qtbot):
    """Qt leaves one changed cell to a pending layout; the table's layout after a row put in below
    the view repaints nothing, so the cell is repainted as it changes."""
    model = SegmentTableModel()
    model.set_segments([passage(n, 1, n) for n in range(2)], in_source_order=True)  # changed in place when few
    table = PassageTable()
    qtbot.addWidget(table)
    table.setModel(model)
    table.resize(600, 40 + table.verticalHeader().defaultSectionSize())  # the first row in view
    table.show()
    qtbot.waitExposed(table)
    painted(table.viewport())
    assert table.rowAt(table.viewport().height() - 1) in (-1, 0, 1)
    model.update_segments([5000], [passage(5000, 4, 90)])  # below the rows in view
    rows = [model.segment(row) for row in range(model.rowCount())]
    rows[0] = replace(rows[0], speaker="Bea")  # one cell in view shows something else
    assert model.set_segments(rows, in_source_order=True, in_place=True)
    shown = painted(table.viewport())
    assert table.model().index(0, 1).data() == "Bea" and model.rowCount() == 3
    table.viewport().repaint()
    assert painted(table.viewport()) == shown
