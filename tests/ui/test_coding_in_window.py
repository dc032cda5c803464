"""Coding through the window: the selection after an emoji reaches the core exactly; undo/redo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from qcoder.core.row_set import RowKeys
from qcoder.core.usecases.commands.row_edits import remove_rows
from qcoder.core.usecases.queries.code_tree import resolve_code_path
from qcoder.core.usecases.queries.codings import list_segments
from tests.ui.conftest import EMOJI_TEXT


def select_with_qt(window, needle: str) -> None:
    """Select ``needle`` the way a user would: by Qt's own document search (UTF-16 positions)."""
    view = window.document.view
    cursor = view.document().find(needle)
    assert not cursor.isNull()
    view.setTextCursor(cursor)


def code_id(window, path: str) -> int:
    return window.controller.read(resolve_code_path, path)


def segments(window):
    return window.controller.read(list_segments)


def test_passage_after_emoji_is_stored_with_exactly_the_selected_text(window):
    assert window.document.source_id is not None
    select_with_qt(window, "the café crew")
    window.codes.select_code(code_id(window, "On-ramp/Compute partnerships"))
    window.actions["apply"].trigger()
    [segment] = segments(window)
    assert segment.text == "the café crew"
    assert EMOJI_TEXT[segment.start:segment.end] == "the café crew"
    assert segment.coder == "Ann"


def test_selected_span_is_in_code_points_not_utf16_units(window):
    select_with_qt(window, "你好 lab")
    start = EMOJI_TEXT.index("你好 lab")
    assert window.document.view.selected_span() == (start, start + len("你好 lab"))


def test_apply_undo_redo_keeps_the_same_coding(window, qtbot):
    select_with_qt(window, "shared compute")
    code = code_id(window, "On-ramp/Compute partnerships")
    with qtbot.waitSignal(window.controller.changed):
        window.coding.apply_code(code)
    [first] = segments(window)
    assert window.controller.undo_stack.undoText().startswith("Code passage")
    window.controller.undo_stack.undo()
    assert segments(window) == []
    window.controller.undo_stack.redo()
    [again] = segments(window)
    assert (again.guid, again.start, again.end) == (first.guid, first.start, first.end)


def test_coding_without_a_selection_says_what_to_do(window):
    cursor = window.document.view.textCursor()
    cursor.clearSelection()
    window.document.view.setTextCursor(cursor)
    assert not window.coding.apply_code(code_id(window, "On-ramp/Compute partnerships"))
    assert segments(window) == []
    assert "Select a passage" in window.statusBar().currentMessage()


def test_group_codes_refuse_passages_and_leave_no_undo_entry(window):
    select_with_qt(window, "shared compute")
    assert not window.coding.apply_code(code_id(window, "On-ramp"))
    assert segments(window) == []
    assert window.controller.undo_stack.count() == 0


def test_pinned_key_codes_the_selection(window, qtbot):
    code = code_id(window, "Challenge/Compute access barrier")
    window.codes.select_code(code)
    window.code_tree.toggle_pin()
    select_with_qt(window, "مرحبا team")
    window.actions["pinned_1"].trigger()
    [segment] = segments(window)
    assert segment.text == "مرحبا team"


def test_in_vivo_code_is_one_undoable_step(window):
    select_with_qt(window, "café crew")
    assert window.coding.in_vivo()
    [segment] = segments(window)
    assert segment.code == "In vivo/café crew"
    assert window.statusBar().currentMessage() == "Coded 9 characters with the new code “In vivo/café crew”."
    window.controller.undo_stack.undo()
    assert segments(window) == []
    assert window.codes.model.code(segment.code_id) is None


def test_the_same_words_coded_in_vivo_again_get_the_code_they_made(window):
    """Ctrl+I on words coded in vivo before codes them with that code: no twin in the tree, its
    count goes up, and undo takes back that passage alone."""
    view = window.document.view
    first = EMOJI_TEXT.index(" and ") + 1
    second = EMOJI_TEXT.index(" and ", first) + 1
    for start in (first, second):
        view.select_span(start, start + 3)
        QTest.keyClick(view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    passages = segments(window)
    assert [(p.code, p.start) for p in passages] == [("In vivo/and", first), ("In vivo/and", second)]
    code = passages[0].code_id
    assert [c.id for c in window.codes.model.codes() if c.name == "and"] == [code]
    assert window.codes.model.reach(code).passages == 2
    assert window.statusBar().currentMessage() == \
        "Coded 3 characters with “In vivo/and”, the code these words were given before."
    window.controller.undo_stack.undo()
    assert [(p.code, p.start) for p in segments(window)] == [("In vivo/and", first)]
    assert window.codes.model.reach(code).passages == 1


def test_unmark_exemplar_and_resize(window):
    select_with_qt(window, "shared compute")
    window.coding.apply_code(code_id(window, "On-ramp/Compute partnerships"))
    assert window.coding.toggle_exemplar()
    assert segments(window)[0].exemplar
    assert window.coding.resize("end", True)
    assert segments(window)[0].text == "shared compute with"
    window.controller.undo_stack.undo()
    assert segments(window)[0].text == "shared compute"
    assert window.coding.unmark()
    assert segments(window) == []
    window.controller.undo_stack.undo()
    assert segments(window)[0].exemplar


def test_document_repaints_new_coding_in_its_colour(window):
    """The passage is painted in its code's tint (no format of the text holds it), and the
    text beside it is not."""
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QApplication

    from qcoder.ui.colours import mix, tint_strength

    select_with_qt(window, "shared compute")
    code = code_id(window, "On-ramp/Compute partnerships")
    window.coding.apply_code(code)
    view = window.document.view
    view.select_span(0, 0)  # the selection's highlight would cover the tint
    QApplication.processEvents()
    start = view.positions.to_qt(EMOJI_TEXT.index("shared compute"))
    image = view.viewport().grab().toImage()
    top = int(view.line_extent(start)[0]) + 1  # above the glyphs, inside the line

    def pixel(position: int) -> QColor:
        cursor = QTextCursor(view.document())
        cursor.setPosition(position)
        return image.pixelColor(view.cursorRect(cursor).center().x() + 2, top)

    base = view.palette().color(view.viewport().backgroundRole())
    tint = mix([QColor(window.document.code_colours[code])], base, tint_strength(1))
    coded, beside = pixel(start + 3), pixel(start - 3)
    assert max(abs(coded.red() - tint.red()), abs(coded.green() - tint.green()), abs(coded.blue() - tint.blue())) <= 3
    assert beside == base
    assert not any(f.format.background().style() != Qt.BrushStyle.NoBrush
                   for f in view.document().findBlock(start).layout().formats())


def test_an_undo_that_cannot_happen_any_more_is_explained_and_dropped(window, qtbot, monkeypatch):
    """The passage was removed meanwhile (a script, another window on a server): undoing its
    coding says so in one sentence, without Qt's plumbing, and the history stays usable."""
    from PySide6.QtWidgets import QMessageBox

    from qcoder.core.row_set import RowKeys
    from qcoder.core.usecases.commands.row_edits import remove_rows

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _w, _t, text: shown.append(text)))
    select_with_qt(window, "shared compute")
    window.coding.apply_code(code_id(window, "On-ramp/Compute partnerships"))
    select_with_qt(window, "the café crew")
    window.coding.apply_code(code_id(window, "On-ramp/Compute partnerships"))
    first, second = sorted(segments(window), key=lambda s: s.start)
    newest = second if "café" in second.text else first
    with window.controller.project.transaction() as session:
        remove_rows(session, RowKeys.ids("codings", [newest.coding_id]))
    stack = window.controller.undo_stack
    with qtbot.waitSignal(window.controller.edit_refused) as refused:
        stack.undo()
    assert "Python override" not in refused.args[0] and shown == [refused.args[0]]
    assert stack.count() == 1  # the impossible step is gone, the earlier one stays
    stack.undo()
    assert segments(window) == []


def test_growing_a_passage_in_view_keeps_the_view_still(sample_window):
    """Alt+→ moves the passage's end by a word where the researcher looks: the view does not
    jump to centre it (a jump to a passage still centres it)."""
    window, view = sample_window, sample_window.document.view
    bar = view.verticalScrollBar()
    assert bar.maximum() > 20, "the document is longer than the view"
    middle = len(view.text) // 2
    start = view.text.index(" ", middle) + 1
    end = view.text.index(" ", start + 5)
    view.select_span(start, end)  # centred, as a jump to it is
    assert window.coding.apply_code(next(c.id for c in window.codes.model.codes() if c.codable))
    bar.setValue(bar.value() + 3)  # the researcher scrolled a little; the passage is still in sight
    assert view.viewport().rect().contains(view.cursorRect())
    before = bar.value()
    view.select_span(start + 1, start + 2, centre=False)  # the cursor in the passage
    assert bar.value() == before
    assert window.coding.resize("end", True)
    assert bar.value() == before
    assert window.coding.resize("end", False)
    assert bar.value() == before


def test_undo_and_redo_say_in_the_status_bar_what_they_did(window, qtbot):
    select_with_qt(window, "shared compute")
    window.codes.select_code(code_id(window, "On-ramp/Compute partnerships"))
    qtbot.keyClick(window.codes.tree, Qt.Key.Key_Return)
    assert window.statusBar().currentMessage().startswith("Coded ")
    QTest.keySequence(window.document.view, window.actions["undo"].shortcut())
    assert segments(window) == []
    assert window.statusBar().currentMessage() == "Undone: Code passage with “Compute partnerships”."
    QTest.keySequence(window.document.view, window.actions["redo"].shortcut())
    assert len(segments(window)) == 1
    assert window.statusBar().currentMessage() == "Redone: Code passage with “Compute partnerships”."


def test_an_undo_refused_says_only_why(window, qtbot, monkeypatch):
    """The refused command leaves the stack; the one after it, undone before, must not be named."""
    from qcoder.ui import main_window

    warnings: list[str] = []
    monkeypatch.setattr(main_window.QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    window.codes.select_code(code_id(window, "On-ramp/Compute partnerships"))
    for needle in ("shared compute", "the café crew"):
        select_with_qt(window, needle)
        qtbot.keyClick(window.codes.tree, Qt.Key.Key_Return)
    first, _second = sorted(segments(window), key=lambda segment: segment.text != "shared compute")
    QTest.keySequence(window.document.view, window.actions["undo"].shortcut())  # the second: redo may bring it back
    with window.controller.project.transaction() as session:  # the first passage goes another way meanwhile
        remove_rows(session, RowKeys.ids("codings", [first.coding_id]))
    window.statusBar().clearMessage()
    QTest.keySequence(window.document.view, window.actions["undo"].shortcut())
    assert len(warnings) == 1
    assert window.statusBar().currentMessage() == ""
