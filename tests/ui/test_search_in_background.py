"""Search and "Code all hits" in the window run off the GUI thread: a runaway regular expression
neither freezes the window (the event loop keeps turning) nor runs on; "Stop" gives up on a search
at once and rolls a batch of codings back."""

from __future__ import annotations

import itertools
import time

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer

from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.codes import ensure_code_path
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.ui.main_window import MainWindow
from qcoder.ui.settings import UserSettings

RUNAWAY = r"(a|a)+\1b"
"""Exponential backtracking: about 15 s with ``re`` on 24 letters, more with ``regex``."""
RUNAWAY_TEXT = "a" * 24


@pytest.fixture
def window(qtbot, tmp_path):
    path = tmp_path / "study.qcoder"
    with Project.create(path, coder_name="Ann", codebook=None) as project, project.transaction() as session:
        add_source(session, "Long a", RUNAWAY_TEXT)
        add_source(session, "Talk", "Ann: We need compute.\nBob: Compute, ab and aab.\n")
    settings = UserSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings=settings)
    window.projects.coder_name = "Ann"
    qtbot.addWidget(window)
    window.show()
    assert window.projects.open_path(path)
    yield window
    window.analysis.search.wait()
    window.controller.close_project()


def _ticking(interval_ms: int = 20) -> tuple[QTimer, list[float]]:
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(interval_ms)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    return timer, ticks


def test_a_runaway_pattern_keeps_the_window_responsive_and_is_told(window, qtbot):
    pane = window.analysis.search
    window.actions["analysis_search"].trigger()
    pane.regex.setChecked(True)
    pane.query_box.setText(RUNAWAY)
    timer, ticks = _ticking()
    started = time.perf_counter()
    assert pane.run_search()
    assert time.perf_counter() - started < 0.5, "the search ran on the GUI thread"
    assert pane.summary.text() == "Searching…" and pane.stop_button.isEnabled()
    assert not pane.code_all_button.isEnabled()
    qtbot.waitUntil(lambda: not pane.searching.running, timeout=10_000)
    timer.stop()
    assert time.perf_counter() - started < 5.0
    assert "was stopped after 2 s" in pane.summary.text() and "simplify it" in pane.summary.text()
    assert pane.model.rowCount() == 0 and not pane.stop_button.isEnabled()
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert len(ticks) > 20 and max(gaps) < 0.5, f"{len(ticks)} ticks, longest gap {max(gaps):.2f} s"


def test_stop_gives_up_at_once_and_the_next_search_answers(window, qtbot):
    pane = window.analysis.search
    pane.regex.setChecked(True)
    pane.query_box.setText(RUNAWAY)
    assert pane.run_search()
    qtbot.wait(100)
    started = time.perf_counter()
    qtbot.mouseClick(pane.stop_button, Qt.MouseButton.LeftButton)
    assert time.perf_counter() - started < 0.5
    assert pane.summary.text() == "Search stopped." and not pane.searching.running
    assert pane.wait()  # the abandoned search ends by its time limit; its answer is not shown
    assert pane.summary.text() == "Search stopped." and pane.model.rowCount() == 0
    pane.query_box.setText("a+b")
    assert pane.run_search() and pane.wait()
    assert [h.hit for h in pane.model.hits()] == ["ab", "aab"] and pane.code_all_button.isEnabled()


def test_escape_stops_and_a_newer_search_replaces_an_older_one(window, qtbot):
    pane = window.analysis.search
    pane.regex.setChecked(True)
    pane.query_box.setText(RUNAWAY)
    assert pane.run_search()
    qtbot.keyClick(pane.query_box, Qt.Key.Key_Escape)
    assert pane.summary.text() == "Search stopped."
    pane.query_box.setText(RUNAWAY)
    assert pane.run_search()
    pane.regex.setChecked(False)
    pane.query_box.setText("compute")
    assert pane.run_search() and pane.wait()
    assert pane.summary.text() == "2 hits in 1 source"


@pytest.fixture
def many_hits(qtbot, tmp_path):
    """A window on ten sources with 2,000 hits of "word" each, and a code to give them."""
    path = tmp_path / "many.qcoder"
    with Project.create(path, coder_name="Ann", codebook=None) as project, project.transaction() as session:
        for number in range(10):
            add_source(session, f"S{number}", "word other " * 2_000)
        code_id = ensure_code_path(session, "Found").created_id
    settings = UserSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings=settings)
    window.projects.coder_name = "Ann"
    qtbot.addWidget(window)
    window.show()
    assert window.projects.open_path(path)
    pane = window.analysis.search
    pane.query_box.setText("word")
    assert pane.run_search() and pane.wait() and pane.model.rowCount() == 20_000
    yield window, code_id
    pane.wait()
    window.controller.close_project()


def _codings(window) -> int:
    return len(window.controller.read(list_segments))


def test_code_all_hits_runs_off_the_gui_thread_as_one_undoable_step(many_hits, qtbot):
    window, code_id = many_hits
    pane, stack = window.analysis.search, window.controller.undo_stack
    before = stack.count()
    timer, ticks = _ticking()
    started = time.perf_counter()
    assert pane.code_all_hits(code_id, "Found")
    # generous for a loaded machine: on the GUI thread the coding takes 2-4 s here
    assert time.perf_counter() - started < 1.0, "the hits were coded on the GUI thread"
    assert pane.summary.text() == "Coding 20,000 hits with “Found”…" and pane.stop_button.isEnabled()
    assert not pane.search_button.isEnabled() and not pane.code_all_button.isEnabled()
    with qtbot.waitSignal(pane.message, timeout=20_000) as told:
        pass
    timer.stop()
    assert told.args == ["coded 20000 passages with 'Found'"]
    assert stack.count() == before + 1 and _codings(window) == 20_000
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert ticks and max(gaps) < 1.0, f"{len(ticks)} ticks, longest gap {max(gaps):.2f} s"
    stack.undo()
    assert _codings(window) == 0
    stack.redo()
    assert _codings(window) == 20_000
    assert pane.search_button.isEnabled() and pane.summary.text() == "20000 hits in 10 sources"


def test_stop_while_coding_all_hits_codes_nothing(many_hits, qtbot):
    window, code_id = many_hits
    pane, stack = window.analysis.search, window.controller.undo_stack
    before = stack.count()
    assert pane.code_all_hits(code_id, "Found")
    qtbot.keyClick(pane.query_box, Qt.Key.Key_Escape)
    assert pane.summary.text() == "Stopping…"
    qtbot.waitUntil(lambda: not pane.coding.running, timeout=20_000)
    assert pane.summary.text() == "Stopped: nothing was coded."
    assert _codings(window) == 0 and stack.count() == before
    assert pane.search_button.isEnabled() and pane.code_all_button.isEnabled()
