"""Every item model passes Qt's model tester."""

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QModelRoleData, QModelRoleDataSpan, Qt

from qcoder.core.usecases.queries.code_tree import list_codes, resolve_code_path
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.usecases.queries.sources import list_sources
from qcoder.ui.models.code_tree_model import CodeTreeModel
from qcoder.ui.models.segment_table_model import SegmentTableModel
from qcoder.ui.models.source_list_model import SourceListModel
from tests.ui.conftest import EMOJI_TEXT


def test_code_tree_model(qtmodeltester, study_project):
    model = CodeTreeModel()
    with study_project.reading() as session:
        model.set_codes(list_codes(session))
    qtmodeltester.check(model)
    assert model.rowCount() == 8


def test_source_list_model(qtmodeltester, window):
    model = SourceListModel()
    model.set_sources(window.controller.read(list_sources))
    qtmodeltester.check(model)


def test_segment_table_model(qtmodeltester, window):
    model = SegmentTableModel()
    model.set_segments(window.controller.read(list_segments))
    qtmodeltester.check(model)


PAINTED_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.FontRole,
                 Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole,
                 Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.ToolTipRole)


def one_call_per_cell(model: QAbstractItemModel, index: QModelIndex) -> list[object]:
    """What a view's delegate gets when it asks a cell for its roles through ``multiData``."""
    shown = []
    for role in PAINTED_ROLES:
        wanted = QModelRoleData(role)
        model.multiData(index, QModelRoleDataSpan(wanted))
        shown.append(wanted.data())
    return shown


def every_index(model: QAbstractItemModel, parent: QModelIndex = QModelIndex()) -> list[QModelIndex]:
    found = []
    for row in range(model.rowCount(parent)):
        for column in range(model.columnCount(parent)):
            found.append(model.index(row, column, parent))
        found += every_index(model, model.index(row, 0, parent))
    return found


def test_a_painted_cell_shows_in_one_call_what_it_shows_role_by_role(window):
    """The code tree (through its filter) and the retrieval table answer a cell's roles at once,
    as a repaint asks them, with what each role gives alone."""
    code = window.controller.read(resolve_code_path, "On-ramp/Compute partnerships")
    window.codes.select_code(code)
    for needle in ("shared compute", "the café crew"):
        start = EMOJI_TEXT.index(needle)
        window.document.view.select_span(start, start + len(needle))
        window.coding.apply_code(code)
    proxy, segments = window.codes.proxy, window.retrieval.model
    assert segments.rowCount() == 2 and proxy.rowCount()
    for model in (proxy, segments):
        for index in every_index(model):
            assert one_call_per_cell(model, index) == [model.data(index, role) for role in PAINTED_ROLES]
    assert one_call_per_cell(segments, segments.index(0, 4))[0] == "the café crew"
