"""Tool bar icons, recently used codes, source memos and drag-and-drop coding."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QDropEvent

from qcoder.core.usecases.queries.code_tree import resolve_code_path
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.usecases.queries.memos import list_memos
from qcoder.ui.document.document_view import SELECTION_MIME
from qcoder.ui.tool_bar import TOOL_BAR_ACTIONS
from tests.ui.conftest import EMOJI_TEXT
from tests.ui.test_coding_in_window import select_with_qt


def test_every_tool_bar_action_has_an_icon(window):
    for name in TOOL_BAR_ACTIONS:
        if name is not None and name in window.actions.by_name:
            assert not window.actions[name].icon().isNull(), name


def opened_entries(window) -> list[QAction]:
    """The recently used codes as the menu shows them when the coder opens it."""
    menu = window.recent_codes_menu
    assert menu.isEnabled()
    menu.popup(window.mapToGlobal(QPoint(40, 40)))
    entries = menu.actions()
    menu.hide()
    return entries


def test_recently_used_codes_menu_lists_and_applies(window):
    assert not window.recent_codes_menu.isEnabled()  # nothing applied yet
    code = window.controller.read(resolve_code_path, "On-ramp/Compute partnerships")
    select_with_qt(window, "shared compute")
    window.coding.apply_code(code)
    [entry] = opened_entries(window)
    assert "Compute partnerships" in entry.text()
    select_with_qt(window, "the café crew")
    entry.trigger()
    assert sorted(s.text for s in window.controller.read(list_segments)) == ["shared compute", "the café crew"]


def test_recently_used_codes_menu_follows_each_new_code_in_order(window):
    """Each in-vivo code goes first; the entries are renamed in place, and each applies its code."""
    names = ["the café crew", "shared compute", "Honestly", "partner", "team", "Interviewer"]
    for name in names:
        select_with_qt(window, name)
        assert window.coding.in_vivo()
    codes = window.coding.recent_codes
    entries = opened_entries(window)
    assert [entry.text() for entry in entries] == [f"&{n} In vivo/{name}" for n, name in enumerate(reversed(names), 1)]
    assert [window.codes.model.code(c).name for c in codes] == list(reversed(names))
    select_with_qt(window, "lab")
    entries[-1].trigger()  # the first code made, now last in the list
    assert "lab" in [s.text for s in window.controller.read(list_segments, code_id=codes[-1])]
    assert opened_entries(window)[0].text() == "&1 In vivo/the café crew"


def test_source_memo_is_undoable(window, monkeypatch):
    from qcoder.ui.workflows import coding_workflow

    monkeypatch.setattr(coding_workflow, "get_multiline_text", lambda *a, **k: ("Interview felt rushed.", True))
    assert window.coding.edit_source_memo()
    [memo] = window.controller.read(list_memos, target="source", target_id=window.document.source_id)
    assert memo.text == "Interview felt rushed." and memo.coder == "Ann"
    window.controller.undo_stack.undo()
    assert window.controller.read(list_memos, target="source", target_id=window.document.source_id) == []


def test_dropping_a_selection_on_a_code_codes_it(window):
    tree = window.codes.tree
    code = window.controller.read(resolve_code_path, "On-ramp/Compute partnerships")
    window.codes.select_code(code)
    index = tree.currentIndex()
    point = tree.visualRect(index).center()
    start = EMOJI_TEXT.index("مرحبا team")
    data = QMimeData()
    data.setData(SELECTION_MIME, f"{window.document.source_id}:{start}:{start + 10}".encode())
    event = QDropEvent(QPointF(point), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    tree.dropEvent(event)
    [segment] = window.controller.read(list_segments)
    assert segment.text == "مرحبا team"


def test_code_tree_counts_passages_sources_and_cases(window):
    from qcoder.core.usecases.commands.cases import add_case, link_source
    from qcoder.ui.models.code_tree_model import CodeTreeModel

    code = window.controller.read(resolve_code_path, "On-ramp/Compute partnerships")
    select_with_qt(window, "shared compute")
    window.coding.apply_code(code)
    select_with_qt(window, "the café crew")
    window.coding.apply_code(code)
    model = window.codes.model
    window.codes._counts.flush()  # counts follow a burst of coding a moment later
    row = model.index_of(code)
    cells = [row.siblingAtColumn(c).data() for c in (CodeTreeModel.COUNT, CodeTreeModel.SOURCES, CodeTreeModel.CASES)]
    assert cells == [2, 1, 0]
    case = window.controller.run(add_case, "Amara's lab").created_id
    window.controller.run(link_source, case, window.document.source_id)
    assert row.siblingAtColumn(CodeTreeModel.CASES).data() == 1


def test_retrieval_shows_context_filters_by_case_and_jumps(window):
    from qcoder.core.usecases.commands.cases import add_case, link_source, set_attribute_value

    code = window.controller.read(resolve_code_path, "On-ramp/Compute partnerships")
    select_with_qt(window, "shared compute")
    window.coding.apply_code(code)
    window.codes.select_code(code)
    pane = window.retrieval
    pane.show_codes([code])
    assert pane.model.rowCount() == 1
    assert "crew — they <b>shared compute</b> with us." in pane.preview.text()
    case = window.controller.run(add_case, "Amara's lab").created_id
    window.controller.run(set_attribute_value, "case", case, "type", "SME")
    pane.case_box.setCurrentText("type = SME")
    assert pane.model.rowCount() == 0  # the source is not in that case yet
    window.controller.run(link_source, case, window.document.source_id)
    pane.reload()
    assert pane.model.rowCount() == 1
    window.document.view.select_span(0, 3)
    pane.jump(pane.model.index(0, 0))
    start = EMOJI_TEXT.index("shared compute")
    assert window.document.view.selected_span() == (start, start + len("shared compute"))


def test_document_pane_clears_when_its_source_is_deleted(window):
    from qcoder.core.row_set import RowKeys
    from qcoder.core.usecases.commands.row_edits import remove_rows

    source = window.document.source_id
    window.controller.run(remove_rows, RowKeys.ids("sources", [source]))
    assert window.document.source_id is None


def test_keyboard_only_coding_through_the_filter_box(window, qtbot):
    from PySide6.QtCore import Qt

    view = window.document.view
    view.setFocus()
    cursor = view.textCursor()
    start = EMOJI_TEXT.index("shared compute")
    cursor.setPosition(view.positions.to_qt(start))
    view.setTextCursor(cursor)
    for _ in range(len("shared compute")):
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert view.textCursor().selectedText() == "shared compute"
    window.actions["focus_codes"].trigger()
    qtbot.keyClicks(window.codes.filter_box, "compute partn")
    qtbot.keyClick(window.codes.filter_box, Qt.Key.Key_Return)
    [segment] = window.controller.read(list_segments)
    assert (segment.text, segment.code) == ("shared compute", "On-ramp/Compute partnerships")
    window.codes.select_code(window.controller.read(resolve_code_path, "Lifecycle stage"))
    qtbot.keyClick(window.codes.filter_box, Qt.Key.Key_Down)  # ↓ moves to the first match in the tree
    assert window.codes.current_code_id() == segment.code_id
