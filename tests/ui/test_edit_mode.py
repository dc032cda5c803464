"""Editing a source in the window: real key presses after an emoji, one undo step per burst of
typing, a coding that grows with a word typed inside it, a coding whose words are deleted
removed (and back on undo), and a document that is read-only outside edit mode."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from qcoder.core.usecases.queries.code_tree import resolve_code_path
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.usecases.queries.source_edits import source_edit_history
from qcoder.core.usecases.queries.sources import source_text, source_turns
from tests.ui.conftest import EMOJI_TEXT
from tests.ui.test_coding_in_window import select_with_qt


def stored(window) -> str:
    return window.controller.read(source_text, window.document.source_id)


def caret_after(window, needle: str) -> None:
    view = window.document.view
    cursor = view.document().find(needle)
    assert not cursor.isNull()
    cursor.clearSelection()
    view.setTextCursor(cursor)


def code(window, needle: str) -> None:
    select_with_qt(window, needle)
    window.codes.select_code(window.controller.read(resolve_code_path, "On-ramp/Compute partnerships"))
    window.actions["apply"].trigger()


def test_the_document_is_read_only_until_edit_mode(window):
    view = window.document.view
    caret_after(window, "Honestly")
    QTest.keyClicks(view, "xyz")
    assert stored(window) == EMOJI_TEXT
    window.actions["edit_text"].trigger()
    assert window.actions["edit_text"].isChecked() and not view.isReadOnly()
    assert window.text_edits.banner.isVisible()
    window.actions["edit_text"].trigger()
    assert view.isReadOnly() and not window.text_edits.banner.isVisible()


def test_typing_after_an_emoji_is_one_undo_step_and_stored_in_code_points(window, qtbot):
    view, stack = window.document.view, window.controller.undo_stack
    window.actions["edit_text"].trigger()
    caret_after(window, "most? 😀🎉")  # two astral characters before the edit point
    before = stack.count()
    QTest.keyClicks(view, " Yes!")
    expected = EMOJI_TEXT.replace("😀🎉", "😀🎉 Yes!")
    assert stored(window) == expected
    assert view.toPlainText() == expected.rstrip("\n") or view.toPlainText() == expected
    assert stack.count() == before + 1  # a burst of five keys is one step
    turns = window.controller.read(source_turns, window.document.source_id)
    assert turns[1].start == expected.index("Amara:")  # the next speaker turn moved with the text
    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the window's undo, not Qt's
    assert stored(window) == EMOJI_TEXT
    assert view.toPlainText().startswith(EMOJI_TEXT.rstrip("\n"))
    stack.redo()
    assert stored(window) == expected and view.text == expected
    history = window.controller.read(source_edit_history, window.document.source_id)
    assert len(history) == 5 + 5 + 5  # each keystroke, its undo and its redo recorded for merges


def test_a_coding_grows_by_a_word_typed_inside_it_and_its_highlight_follows(window):
    view = window.document.view
    code(window, "shared compute with us")
    window.actions["edit_text"].trigger()
    caret_after(window, "shared")
    QTest.keyClicks(view, " more")
    [segment] = window.controller.read(list_segments)
    assert segment.text == "shared more compute with us"
    [shown] = view.codings
    assert (shown.start, shown.end) == (segment.start, segment.end)
    qt_start, qt_end = view.positions.span_to_qt(shown.start, shown.end)
    assert view.highlighter.positions.text_length == len(stored(window))
    window.controller.undo_stack.undo()
    [segment] = window.controller.read(list_segments)
    assert segment.text == "shared compute with us" and stored(window) == EMOJI_TEXT
    assert qt_end > qt_start


def test_deleting_every_word_of_a_coding_removes_it_and_undo_brings_it_back(window):
    view = window.document.view
    code(window, "café crew")
    [before] = window.controller.read(list_segments)
    window.actions["edit_text"].trigger()
    select_with_qt(window, "the café crew")
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert window.controller.read(list_segments) == []
    assert "removed the coding" in window.controller.undo_stack.undoText()
    assert "café crew" not in stored(window)
    assert view.codings == []
    window.controller.undo_stack.undo()
    [back] = window.controller.read(list_segments)
    assert (back.coding_id, back.guid, back.start, back.end, back.text) == (
        before.coding_id, before.guid, before.start, before.end, before.text)
    assert [c.id for c in view.codings] == [before.coding_id]


def test_a_paste_and_a_pause_start_new_steps(window, monkeypatch):
    from qcoder.ui.commands import source_edit_commands

    view, stack = window.document.view, window.controller.undo_stack
    window.actions["edit_text"].trigger()
    caret_after(window, "Honestly")
    before = stack.count()
    QTest.keyClicks(view, "!!")
    view.insertPlainText(" (pasted)")
    monkeypatch.setattr(source_edit_commands, "BURST_SECONDS", -1.0)
    QTest.keyClicks(view, "x")
    assert stack.count() == before + 3
    assert "Honestly!! (pasted)x" in stored(window)
    cursor = view.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    while stack.canUndo():
        stack.undo()
    assert stored(window) == EMOJI_TEXT


def painted_span(view, needle: str) -> tuple[int, int]:
    """Where the coding colour lies in the paragraph holding ``needle`` (Qt positions in it)."""
    start = view.document().find(needle).selectionStart()
    block = view.document().findBlock(start)
    painted = [(start, end) for start, end, _look
               in view.highlighter.pieces(block.position(), block.position(), block.position() + block.length() - 1)]
    assert painted, "no coding colour in the paragraph"
    return painted[0][0] + block.position(), painted[-1][1] + block.position()


def test_a_new_paragraph_typed_before_a_coding_keeps_its_colour_on_its_words(window):
    view = window.document.view
    code(window, "shared compute")
    window.actions["edit_text"].trigger()
    caret_after(window, "Amara:")
    QTest.keyClick(view, Qt.Key.Key_Return)
    QTest.keyClicks(view, "(laughs)")
    assert "Amara:\n(laughs) Honestly" in stored(window)
    found = view.document().find("shared compute")
    assert painted_span(view, "shared compute") == (found.selectionStart(), found.selectionEnd())
    [segment] = window.controller.read(list_segments)
    assert segment.text == "shared compute"


def test_dragging_words_onto_a_code_in_edit_mode_copies_them(window):
    """A drop on a code answers Copy, so the editable document never deletes the dragged words."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDropEvent

    window.actions["edit_text"].trigger()
    window.codes.select_code(window.controller.read(resolve_code_path, "On-ramp/Compute partnerships"))
    select_with_qt(window, "the café crew")
    data = window.document.view.createMimeDataFromSelection()
    tree = window.codes.tree
    drop = QDropEvent(QPointF(tree.visualRect(tree.currentIndex()).center()), Qt.DropAction.MoveAction
                      | Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    tree.dropEvent(drop)
    assert drop.dropAction() == Qt.DropAction.CopyAction and drop.isAccepted()
    assert [s.text for s in window.controller.read(list_segments)] == ["the café crew"]
    assert stored(window) == EMOJI_TEXT
