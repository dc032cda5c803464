"""Coding a transcript from start to end with the keyboard alone.

Every key goes to whatever widget has the focus (``QApplication.focusWidget()``), as a person's
keys would: if the focus is lost or stuck somewhere, the next step fails.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QMenu
from shiboken6 import Shiboken

from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.cases import add_case, link_source
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.usecases.queries.memos import list_memos
from qcoder.ui.dialogs.text_dialogs import MultiLineTextDialog
from qcoder.ui.keyboard_access import mnemonic
from qcoder.ui.main_window import MainWindow

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
NONE = Qt.KeyboardModifier.NoModifier

BONGANI = (
    "Interviewer: How did the project start?\n"
    "Bongani: We began with a small grant and shared compute from a university lab.\n"
    "Interviewer: What did you measure?\n"
    "Bongani: We built a benchmark for Zulu and Xhosa, and the community ran the evaluations.\n"
)
AMARA = "Interviewer: Who helped?\nAmara: Volunteers translated the prompts.\n"


@pytest.fixture
def keyboard_window(qtbot, tmp_path, user_settings):
    path = tmp_path / "keys.qcoder"
    project = Project.create(path, coder_name="Ann")
    with project.transaction() as session:
        amara = add_source(session, "amara", AMARA).created_id
        bongani = add_source(session, "bongani", BONGANI).created_id
        case = add_case(session, "Ubuntu Lab").created_id
        link_source(session, case, bongani)  # type: ignore[arg-type]
        link_source(session, case, amara)  # type: ignore[arg-type]
    project.close()
    window = MainWindow(settings=user_settings)
    window.projects.coder_name = "Ann"
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert window.projects.open_path(path)
    window.bongani = bongani  # type: ignore[attr-defined]
    yield window
    window.controller.close_project()


def focused():
    widget = QApplication.focusWidget()
    assert widget is not None, "the keyboard focus was lost"
    return widget


def press(qtbot, key, modifiers=NONE, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(focused(), key, modifiers)


def type_text(qtbot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def span_of(phrase: str) -> tuple[int, int]:
    start = BONGANI.index(phrase)
    return start, start + len(phrase)


def segments(window):
    return sorted((s.text, s.code, s.memo) for s in window.controller.read(list_segments))


def in_dialog(qtbot, keys) -> list[str]:
    """Run ``keys(dialog)`` once the modal memo dialog is up (it blocks the test until closed).

    Returns a list that says what went wrong, if anything: a dialog the keys did not close is
    closed after a while so that the test fails instead of hanging.
    """
    problems: list[str] = []

    def act(tries: int = 0) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, MultiLineTextDialog) or not dialog.isActiveWindow():
            if tries < 100:
                QTimer.singleShot(20, lambda: act(tries + 1))
            return
        try:
            keys(dialog)
        except AssertionError as error:  # an exception here would be lost in the event loop
            problems.append(f"in the dialog: {error!r}")
        QTimer.singleShot(500, lambda: stuck(dialog))

    def stuck(dialog) -> None:
        if Shiboken.isValid(dialog) and dialog.isVisible():
            problems.append("the keys did not close the dialog")
            dialog.reject()

    QTimer.singleShot(0, act)
    return problems


def test_a_transcript_coded_from_start_to_end_by_keys_alone(keyboard_window, qtbot):
    window, document = keyboard_window, keyboard_window.document
    view = document.view

    # Open the second transcript from the sources pane: Ctrl+1, type its first letters, Enter.
    press(qtbot, Key.Key_1, CTRL)
    assert focused() is window.sources.table
    type_text(qtbot, "bon")
    press(qtbot, Key.Key_Return)
    assert document.source_id == window.bongani and focused() is view

    # Pin a code: Ctrl+3 to the code filter, ↓ into the tree on the first match, Ctrl+P.
    press(qtbot, Key.Key_3, CTRL)
    assert focused() is window.codes.filter_box
    type_text(qtbot, "compute partn")
    press(qtbot, Key.Key_Down)
    assert focused() is window.codes.tree
    press(qtbot, Key.Key_P, CTRL)
    compute = window.codes.current_code_id()
    assert window.codes.model.pinned == [compute]

    # Back to the text (Ctrl+2); find a phrase (Ctrl+F, Enter, Esc) and code it with key 1.
    press(qtbot, Key.Key_2, CTRL)
    assert focused() is view
    press(qtbot, Key.Key_F, CTRL)
    type_text(qtbot, "shared compute")
    press(qtbot, Key.Key_Return)
    press(qtbot, Key.Key_Escape)
    assert focused() is view and view.selected_span() == span_of("shared compute")
    press(qtbot, Key.Key_1)
    assert segments(window) == [("shared compute", "On-ramp/Compute partnerships", None)]

    # Grow the passage's end by two words, shrink it by one, grow its start by one (Alt+arrows).
    press(qtbot, Key.Key_Right, ALT, times=2)
    assert segments(window)[0][0] == "shared compute from a"
    press(qtbot, Key.Key_Left, ALT)
    press(qtbot, Key.Key_Up, ALT)
    assert segments(window)[0][0] == "and shared compute from"

    # Select four words with Ctrl+Shift+→ and code them through the code filter and Enter.
    press(qtbot, Key.Key_F, CTRL)
    type_text(qtbot, "benchmark for")
    press(qtbot, Key.Key_Return)
    press(qtbot, Key.Key_Escape)
    press(qtbot, Key.Key_Left)  # the cursor to the start of the found words
    press(qtbot, Key.Key_Right, CTRL | SHIFT, times=4)  # four words and the space after them
    press(qtbot, Key.Key_Left, SHIFT)  # without the space
    assert view.selected_span() == span_of("benchmark for Zulu and")
    press(qtbot, Key.Key_3, CTRL)
    type_text(qtbot, "benchmark")  # the focus selected the old filter: typing replaces it
    press(qtbot, Key.Key_Return)
    assert ("benchmark for Zulu and", "On-ramp/Benchmarking", None) in segments(window)

    # Unmark it (Ctrl+Backspace), undo (Ctrl+Z), redo (Ctrl+Y), undo again.
    press(qtbot, Key.Key_2, CTRL)
    press(qtbot, Key.Key_Backspace, CTRL)
    assert [s[0] for s in segments(window)] == ["and shared compute from"]
    press(qtbot, Key.Key_Z, CTRL)
    assert len(segments(window)) == 2
    press(qtbot, Key.Key_Y, CTRL)
    assert len(segments(window)) == 1
    press(qtbot, Key.Key_Z, CTRL)
    assert len(segments(window)) == 2

    # A passage memo: Ctrl+M, type, Ctrl+Enter saves; the focus comes back to the text.
    def write_memo(dialog) -> None:
        assert focused() is dialog.editor
        type_text(qtbot, "Their first benchmark.")
        press(qtbot, Key.Key_Return, CTRL)
    problems = in_dialog(qtbot, write_memo)
    press(qtbot, Key.Key_M, CTRL)
    assert problems == []
    assert ("benchmark for Zulu and", "On-ramp/Benchmarking", "Their first benchmark.") in segments(window)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view, timeout=2000)  # the window is active again

    # A source memo: Ctrl+Alt+M, type, Tab to the OK button (Tab does not type a tab), Space.
    def write_source_memo(dialog) -> None:
        type_text(qtbot, "Recorded by phone.")
        press(qtbot, Key.Key_Tab)
        assert isinstance(focused(), QAbstractButton) and "OK" in focused().text().replace("&", "")
        press(qtbot, Key.Key_Space)
    problems = in_dialog(qtbot, write_source_memo)
    press(qtbot, Key.Key_M, CTRL | ALT)
    assert problems == []
    [memo] = window.controller.read(list_memos, target="source", target_id=window.bongani)
    assert memo.text == "Recorded by phone."
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view, timeout=2000)

    # The retrieval pane (Ctrl+4) lists the chosen code's passages; Enter jumps back into the text.
    press(qtbot, Key.Key_Home, CTRL)  # the cursor elsewhere first
    press(qtbot, Key.Key_4, CTRL)
    assert focused() is window.retrieval.table and window.retrieval.model.rowCount() == 1
    press(qtbot, Key.Key_Return)
    assert focused() is view and view.selected_span() == span_of("benchmark for Zulu and")

    # Flag it as an exemplar quote (Ctrl+E); code a phrase in vivo (Ctrl+I).
    press(qtbot, Key.Key_E, CTRL)
    coded = window.controller.read(list_segments)
    assert [s.exemplar for s in coded if s.text == "benchmark for Zulu and"] == [True]
    press(qtbot, Key.Key_F, CTRL)
    type_text(qtbot, "the community ran")
    press(qtbot, Key.Key_Return)
    press(qtbot, Key.Key_Escape)
    press(qtbot, Key.Key_I, CTRL)
    assert ("the community ran", "In vivo/the community ran", None) in segments(window)

    # Every edit can be taken back by keys, down to an uncoded transcript.
    while window.controller.undo_stack.canUndo():
        press(qtbot, Key.Key_Z, CTRL)
    assert segments(window) == [] and focused() is view


def test_ctrl_digits_reach_every_pane_even_behind_a_tab(keyboard_window, qtbot):
    window = keyboard_window
    targets = {
        Key.Key_1: window.sources.table, Key.Key_2: window.document.view, Key.Key_3: window.codes.filter_box,
        Key.Key_4: window.retrieval.table, Key.Key_5: window.cases.table,
    }
    window.docks["sources"].raise_()  # the cases dock is a tab behind it
    for key, widget in targets.items():
        press(qtbot, key, CTRL)
        assert focused() is widget
    assert not window.docks["cases"].visibleRegion().isEmpty()  # Ctrl+5 raised its tab
    press(qtbot, Key.Key_1, CTRL)
    assert focused() is window.sources.table and not window.docks["sources"].visibleRegion().isEmpty()
    window.docks["retrieval"].close()  # a closed pane comes back
    press(qtbot, Key.Key_4, CTRL)
    assert window.docks["retrieval"].isVisible() and focused() is window.retrieval.table
    window.sources.set_grouped(True)  # grouped, Ctrl+1 reaches the tree
    press(qtbot, Key.Key_1, CTRL)
    assert focused() is window.sources.tree


def test_tab_goes_round_the_panes_without_getting_stuck(keyboard_window, qtbot):
    window = keyboard_window
    window.codes.select_code(window.codes.model.codes()[1].id)  # the retrieval table has rows
    window.document.view.setFocus()
    seen = []
    for _ in range(30):
        press(qtbot, Key.Key_Tab)
        seen.append(focused())
        if focused() is window.document.view:
            break
    assert focused() is window.document.view, [type(w).__name__ for w in seen]
    for pane in (window.sources, window.codes, window.retrieval):
        assert any(pane.isAncestorOf(w) for w in seen)
    # Tables are left by one Tab, not walked cell by cell.
    assert sum(w is window.sources.table for w in seen) == 1


def test_every_menu_item_has_a_shortcut_or_an_accelerator(keyboard_window):
    def items(menu: QMenu):
        for action in menu.actions():
            if action.isSeparator():
                continue
            yield menu, action
            if action.menu() is not None:
                yield from items(action.menu())

    missing = []
    for top in keyboard_window.menuBar().actions():
        assert mnemonic(top.text()), top.text()
        top.menu().aboutToShow.emit()  # dynamic menus are given letters as they open
        for menu, action in items(top.menu()):
            if action.menu() is not None:
                action.menu().aboutToShow.emit()
            if not action.shortcut().toString() and not mnemonic(action.text()):
                missing.append(f"{menu.title()} ▸ {action.text()}")
    assert missing == []


def test_the_group_by_case_box_works_from_the_keyboard(keyboard_window, qtbot):
    window = keyboard_window
    press(qtbot, Key.Key_1, CTRL)
    press(qtbot, Key.Key_Tab, SHIFT)
    assert focused() is window.sources.group_button
    press(qtbot, Key.Key_Space)
    assert window.sources.grouped
    press(qtbot, Key.Key_Tab)
    assert focused() is window.sources.tree
    press(qtbot, Key.Key_Down)  # from the case to its first source
    assert window.document.source_id is not None
    press(qtbot, Key.Key_Down)
    press(qtbot, Key.Key_Return)
    assert window.document.source_id == window.bongani and focused() is window.document.view


def test_accelerator_letters_skip_literal_ampersands_and_taken_letters():
    from qcoder.ui.keyboard_access import with_mnemonic

    assert mnemonic("Q&&A &notes") == "n" and mnemonic("Q&&A") is None and mnemonic("Plain") is None
    assert with_mnemonic("Codebook as CSV…", {"c"}) == "Codebook &as CSV…"  # a word's first letter first
    assert with_mnemonic("Q&&A", {"q"}) == "Q&&&A"  # literal & kept; the A gets the letter
    assert with_mnemonic("Go to codes", set("gtcodes")) is None  # no free letter: left alone


def test_the_code_tree_menu_has_a_letter_per_item(keyboard_window, qtbot):
    window = keyboard_window
    press(qtbot, Key.Key_3, CTRL)
    type_text(qtbot, "benchmark")
    press(qtbot, Key.Key_Down)
    seen: list[str] = []

    def inspect(tries: int = 0) -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            if tries < 100:
                QTimer.singleShot(20, lambda: inspect(tries + 1))
            return
        seen.extend(a.text() for a in menu.actions() if not a.isSeparator())
        menu.close()

    QTimer.singleShot(0, inspect)
    # What the platform sends for the Menu key (or Shift+F10); QTest's key clicks do not.
    tree = window.codes.tree
    where = tree.visualRect(tree.currentIndex()).center()
    QApplication.sendEvent(tree.viewport(), QContextMenuEvent(
        QContextMenuEvent.Reason.Keyboard, where, tree.viewport().mapToGlobal(where)))
    assert seen and all(mnemonic(text) for text in seen), seen
    assert len({mnemonic(text) for text in seen}) == len(seen)  # no two items share a letter
