"""Every item model passes Qt's model tester."""

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QModelRoleData, QModelRoleDataSpan, Qt

from qcoder.core.usecases.queries.code_tree import list_codes, resolve_code_path
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.usecases.queries.sources import list_sources
from qcoder.ui.commands.code_commands import RenameCodeCommand
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


def test_a_painted_cell_shows_the_code_as_it_now_stands(window):
    """The code tree keeps each painted cell's values (an in-vivo code repaints the whole tree):
    after a coding, a pin, a rename and an in-vivo code every cell still shows what its roles say."""
    proxy = window.codes.proxy
    code = window.controller.read(resolve_code_path, "On-ramp/Compute partnerships")
    window.codes.select_code(code)

    def painted_as_asked() -> None:
        for index in every_index(proxy):
            assert one_call_per_cell(proxy, index) == [proxy.data(index, role) for role in PAINTED_ROLES]

    painted_as_asked()  # every cell's values kept
    before = one_call_per_cell(proxy, proxy.mapFromSource(window.codes.model.index_of(code, CodeTreeModel.COUNT)))
    start = EMOJI_TEXT.index("shared compute")
    window.document.view.select_span(start, start + len("shared compute"))
    window.coding.apply_code(code)
    window.codes._counts.flush()  # the counts a moment later, as the next frame shows them
    after = one_call_per_cell(proxy, proxy.mapFromSource(window.codes.model.index_of(code, CodeTreeModel.COUNT)))
    assert after[0] == before[0] + 1
    painted_as_asked()
    window.code_tree.toggle_pin()
    assert str(one_call_per_cell(proxy, window.codes.tree.currentIndex())[0]).endswith("[1]")
    painted_as_asked()
    window.controller.push(RenameCodeCommand(window.controller, code, "Compute deals",
                                             window.codes.model.code(code).version))
    assert one_call_per_cell(proxy, proxy.mapFromSource(window.codes.model.index_of(code)))[0] == "Compute deals  [1]"
    painted_as_asked()
    window.document.view.select_span(start, start + len("shared compute"))
    assert window.coding.in_vivo()
    painted_as_asked()
