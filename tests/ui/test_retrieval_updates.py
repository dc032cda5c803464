"""The retrieval pane keeps up with coding row by row, and ends where a full reload would."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest

from qcoder.core.usecases.queries.code_tree import resolve_code_path
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.ui.document.document_view import SELECTION_MIME
from tests.ui.conftest import EMOJI_TEXT
from tests.ui.on_screen import painted
from tests.ui.test_code_tree_repaint import PaintSpy
from tests.ui.test_in_vivo_retrieval_in_place import click_code

COMPUTE = "On-ramp/Compute partnerships"


def select(window, needle: str) -> None:
    start = EMOJI_TEXT.index(needle)
    window.document.view.select_span(start, start + len(needle))


def shown(window) -> list[str]:
    return [segment.text for segment in window.retrieval.model.items()]


def reloaded(window) -> list:
    """What the pane would show if it read every passage again."""
    pane = window.retrieval
    rows = pane.model.items()
    pane.reload()
    fresh = pane.model.items()
    return [rows, fresh]


def enter_on_code(window, code: int) -> None:
    window.codes.select_code(code)
    QTest.keyClick(window.codes.tree, Qt.Key.Key_Return)


def test_a_coding_adds_its_row_and_undo_takes_it_out(window, qtmodeltester):
    code = window.controller.read(resolve_code_path, COMPUTE)
    window.codes.select_code(code)
    pane = window.retrieval
    assert pane.code_ids == [code] and pane.model.rowCount() == 0
    qtmodeltester.check(pane.model)
    select(window, "shared compute")
    enter_on_code(window, code)
    assert shown(window) == ["shared compute"]
    assert pane.summary.text() == "1 passage in 1 source"
    select(window, "the café crew")
    enter_on_code(window, code)
    assert shown(window) == ["the café crew", "shared compute"]  # in source order
    assert [s.speaker for s in pane.model.items()] == ["Amara", "Amara"]
    window.controller.undo_stack.undo()
    assert shown(window) == ["shared compute"]
    window.controller.undo_stack.undo()
    assert shown(window) == [] and pane.summary.text() == "0 passages in 0 sources"
    window.controller.undo_stack.redo()
    assert shown(window) == ["shared compute"]
    rows, fresh = reloaded(window)
    assert rows == fresh


def test_unmark_resize_and_memo_update_the_row(window, qtmodeltester):
    code = window.controller.read(resolve_code_path, COMPUTE)
    window.codes.select_code(code)
    qtmodeltester.check(window.retrieval.model)
    select(window, "shared compute")
    window.coding.apply_code(code)
    assert window.coding.resize("end", grow=True)
    assert shown(window) == ["shared compute with"]
    [segment] = window.controller.read(list_segments)
    from qcoder.ui.commands.coding_commands import SetCodingMemoCommand
    window.controller.push(SetCodingMemoCommand(window.controller, segment.coding_id, "generous"))
    assert [s.memo for s in window.retrieval.model.items()] == ["generous"]
    rows, fresh = reloaded(window)
    assert rows == fresh
    window.document.view.select_span(segment.start + 1, segment.start + 2)
    assert window.coding.unmark()
    assert shown(window) == []


def test_coding_with_a_code_not_shown_leaves_the_list_alone(window):
    code = window.controller.read(resolve_code_path, COMPUTE)
    other = next(c.id for c in window.codes.model.codes() if c.codable and c.id != code)
    window.codes.select_code(code)
    select(window, "shared compute")
    window.coding.apply_code(other)
    assert shown(window) == []
    window.coding.apply_code(code)
    assert shown(window) == ["shared compute"]


def test_a_new_code_joins_the_list_only_under_a_code_shown(window):
    """A code made while its group is shown (with its sub-codes) lists its passages; one made
    elsewhere does not. Its rows come as coded, as a full reload would list them."""
    from qcoder.ui.commands.code_commands import AddCodeCommand

    group = window.controller.read(resolve_code_path, "On-ramp")
    elsewhere = next(c.id for c in window.codes.model.codes() if not c.codable and c.id != group)
    window.codes.select_code(group)
    inside, outside = (AddCodeCommand(window.controller, "Night shifts", parent) for parent in (group, elsewhere))
    window.controller.push(inside)
    window.controller.push(outside)
    assert window.retrieval.code_ids == [group] and shown(window) == []
    select(window, "shared compute")
    window.coding.apply_code(outside.code_id)
    assert shown(window) == []
    window.coding.apply_code(inside.code_id)
    assert shown(window) == ["shared compute"]
    rows, fresh = reloaded(window)
    assert rows == fresh
    window.controller.undo_stack.undo()
    window.controller.undo_stack.undo()
    window.controller.undo_stack.undo()
    assert shown(window) == []
    window.controller.undo_stack.redo()
    window.controller.undo_stack.redo()
    window.coding.apply_code(inside.code_id)
    assert shown(window) == ["shared compute"]
def test_a_selection_dragged_from_the_document_carries_its_text_across_paragraphs_and_no_rendering(window):
    """Another program gets the words as plain text (paragraphs on their own lines); the
    selection is not rendered as HTML or a document at each drag."""
    view = window.document.view
    start = view.text.index("\n") - 5
    view.select_span(start, start + 12)
    data = view.createMimeDataFromSelection()
    assert set(data.formats()) == {"text/plain", SELECTION_MIME}
    assert data.text() == view.text[start:start + 12] and "\n" in data.text()


def test_coding_with_other_codes_in_a_source_listed_reads_nothing_back(window, monkeypatch):
    """A coding names its source; coding, resizing or unmarking with a code not shown, in a source
    whose passages are listed, must not read the whole list again."""
    code = window.controller.read(resolve_code_path, COMPUTE)
    other = next(c.id for c in window.codes.model.codes() if c.codable and c.id != code)
    window.codes.select_code(code)
    select(window, "shared compute")
    window.coding.apply_code(code)
    reloads: list[int] = []
    monkeypatch.setattr(window.retrieval, "reload", lambda: reloads.append(1))
    select(window, "the café crew")
    window.coding.apply_code(other)
    assert window.coding.resize("end", grow=True)
    window.controller.undo_stack.undo()
    window.controller.undo_stack.undo()
    assert reloads == [] and shown(window) == ["shared compute"]


def test_a_selection_dragged_from_the_document_carries_where_it_is(window):
    """The document's own drag data names the source and span, so a drop on a code codes it."""
    code = window.controller.read(resolve_code_path, COMPUTE)
    window.codes.select_code(code)
    select(window, "مرحبا team")
    data = window.document.view.createMimeDataFromSelection()
    assert data.hasFormat(SELECTION_MIME) and data.text() == "مرحبا team"
    tree = window.codes.tree
    point = QPointF(tree.visualRect(tree.currentIndex()).center())
    tree.dropEvent(QDropEvent(point, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                              Qt.KeyboardModifier.NoModifier))
    assert shown(window) == ["مرحبا team"]


def test_typing_on_in_the_code_filter_keeps_the_matches_unfolded(window):
    box, tree, proxy = window.codes.filter_box, window.codes.tree, window.codes.proxy
    tree.collapseAll()
    for character in "compute":
        QTest.keyClick(box, character)
        groups = [proxy.index(row, 0) for row in range(proxy.rowCount())]
        assert groups and all(tree.isExpanded(group) for group in groups if proxy.rowCount(group))
    QTest.keyClick(box, Qt.Key.Key_Backspace)  # wider again: unfolded again
    assert all(tree.isExpanded(proxy.index(row, 0)) for row in range(proxy.rowCount())
               if proxy.rowCount(proxy.index(row, 0)))


def test_rows_built_without_reading_back_equal_a_full_reload(window):
    """A hundred random codings, unmarks, resizes, undos and redos, with a source renamed and a
    case linked in between: the rows built from what the pane knows are those read anew."""
    import random

    from qcoder.core.usecases.commands.cases import add_case, link_source
    from qcoder.core.usecases.commands.sources import rename_source

    code = window.controller.read(resolve_code_path, COMPUTE)
    window.codes.select_code(code)
    stack, coding = window.controller.undo_stack, window.coding
    source = window.document.source_id
    choose = random.Random(21)
    for step in range(100):
        move = choose.choice(("apply", "apply", "apply", "unmark", "grow", "undo", "undo", "redo"))
        start = choose.randrange(0, len(EMOJI_TEXT) - 12)
        window.document.view.select_span(start, start + choose.randrange(1, 12))
        if move == "apply":
            enter_on_code(window, code)
        elif move == "unmark":
            coding.unmark()
        elif move == "grow":
            coding.resize("end", grow=True)
        elif move == "undo":
            stack.undo()
        else:
            stack.redo()
        if step == 40:  # the rows shown keep the old name until read again; the next ones are built anew
            window.controller.run(rename_source, source, "amara (2nd interview)")
            window.retrieval.reload()
        if step == 70:
            window.controller.run(link_source, window.controller.run(add_case, "Lab").created_id, source)
            window.retrieval.reload()
        if step % 10 == 9:
            rows, fresh = reloaded(window)
            assert rows == fresh, f"step {step}"
    assert {s.source for s in window.retrieval.model.items()} <= {"amara (2nd interview)"}
    assert all(s.cases == ("Lab",) for s in window.retrieval.model.items())


def test_the_scroll_bars_stay_opaque_once_the_pane_is_docked_and_styled(window):
    """Docking re-polishes the bars under the style sheet, which cleared the mark: every coding
    then repainted the window, the dock, the splitter and the view behind the scroll bar."""
    areas = (window.retrieval.table, window.retrieval.preview, window.codes.tree, window.document.view)
    for area in areas:  # each in-vivo code moves them all
        for bar in (area.verticalScrollBar(), area.horizontalScrollBar()):
            assert bar.testAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)


def test_an_in_vivo_code_is_listed_as_the_change_states_it(window, monkeypatch):
    """The new code's passage is listed under its path as the change states it: its code is not
    read back, and the row is what a full reload lists."""
    reads: list[str] = []
    read = window.controller.read

    def counting(query, *args, **kwargs):
        reads.append(query.__name__)
        return read(query, *args, **kwargs)

    monkeypatch.setattr(window.controller, "read", counting)
    select(window, "shared compute")
    assert window.coding.in_vivo()
    click_code(window, window.coding.recent_codes[0])  # chosen next: its row built from the change
    assert "code_facts" not in reads
    rows = window.retrieval.model.items()
    assert [row.code for row in rows] == ["In vivo/shared compute"]
    window.retrieval.reload()
    assert window.retrieval.model.items() == rows


def test_undoing_an_in_vivo_code_shown_empties_the_list(window):
    """The new code, chosen, is listed; undo deletes it, and the pane no longer lists a code
    that is gone (Qt drops it from the tree's selection without saying so)."""
    select(window, "shared compute")
    assert window.coding.in_vivo()
    click_code(window, window.coding.recent_codes[0])
    new = window.retrieval.code_ids
    assert shown(window) == ["shared compute"] and window.codes.selected_code_ids() == new
    window.controller.undo_stack.undo()
    assert window.retrieval.code_ids == [] and shown(window) == []
    assert window.retrieval.summary.text() == "Choose codes in the code tree to see their passages."
    window.controller.undo_stack.redo()
    window.codes.select_code(new[0])
    assert shown(window) == ["shared compute"]


def test_linking_a_listed_source_to_a_case_updates_the_rows_a_case_filter_keeps(window):
    """With "only passages of case Lab" chosen, linking the passage's source to Lab lists it,
    and undoing the link takes it out again: the rows listed follow the cases of their sources."""
    code = window.controller.read(resolve_code_path, COMPUTE)
    window.codes.select_code(code)
    select(window, "shared compute")
    window.coding.apply_code(code)
    assert window.cases.new_case("Lab")
    pane = window.retrieval
    pane.case_box.setCurrentIndex(pane.case_box.findText("Lab"))
    assert shown(window) == []
    window.cases.select_case("Lab")
    assert window.cases.choose_sources([window.document.source_id])
    assert shown(window) == ["shared compute"] and [s.cases for s in pane.model.items()] == [("Lab",)]
    window.controller.undo_stack.undo()
    assert shown(window) == []


def test_each_in_vivo_code_repaints_only_the_cells_of_its_passage_that_differ(window):
    """Each in-vivo code, chosen after the last one, lists its passage in place of the last: the
    cells that read the same (source, speaker, coder) are not painted again, and the list on
    screen is what a full repaint shows."""
    window.docks["retrieval"].show()
    select(window, "shared compute")
    assert window.coding.in_vivo()
    click_code(window, window.coding.recent_codes[0])
    table = window.retrieval.table
    painted(table.viewport())
    spy = PaintSpy()
    table.viewport().installEventFilter(spy)
    select(window, "café crew")
    assert window.coding.in_vivo()
    click_code(window, window.coding.recent_codes[0])
    assert shown(window) == ["café crew"]
    on_screen = painted(table.viewport())
    model = window.retrieval.model
    alike = [table.visualRect(model.index(0, column)) for column in (0, 1, 3)]  # source, speaker, coder
    assert [model.index(0, column).data() for column in (0, 1, 3)] == ["amara", "Amara", "Ann"]
    painted_rects = [rect for region in spy.regions for rect in region]
    assert painted_rects and not any(rect.intersects(cell) for rect in painted_rects for cell in alike)
    table.viewport().repaint()
    assert painted(table.viewport()) == on_screen


def test_in_vivo_leaves_the_code_chosen_and_its_passages_listed(window):
    """An in-vivo code is a side step while reading: the code the coder had chosen stays chosen
    (Enter still applies it) and its passages stay listed; the new code is brought into sight in
    the tree, and the status bar names it. With the "In vivo" group chosen, each new in-vivo
    passage joins the list."""
    code = window.controller.read(resolve_code_path, COMPUTE)
    select(window, "shared compute")
    enter_on_code(window, code)
    assert window.codes.selected_code_ids() == [code] and shown(window) == ["shared compute"]
    select(window, "the café crew")
    assert window.coding.in_vivo()
    new = window.coding.recent_codes[0]
    assert window.codes.selected_code_ids() == [code] and window.retrieval.code_ids == [code]
    assert shown(window) == ["shared compute"]
    tree = window.codes.tree
    row = tree.visualRect(window.codes.proxy.mapFromSource(window.codes.model.index_of(new)))
    assert tree.viewport().rect().contains(row)
    assert window.statusBar().currentMessage() == "Coded 13 characters with the new code “In vivo/the café crew”."
    select(window, "Honestly")
    QTest.keyClick(tree, Qt.Key.Key_Return)  # Enter on the tree applies the code chosen, not the new one
    assert shown(window) == ["Honestly", "shared compute"]

    group = window.codes.model.code(new).parent_id
    click_code(window, group)
    assert shown(window) == ["the café crew"]
    select(window, "lab")
    assert window.coding.in_vivo()
    assert window.codes.selected_code_ids() == [group]
    assert sorted(shown(window)) == ["lab", "the café crew"]
    listed, read_again = reloaded(window)
    assert listed == read_again
