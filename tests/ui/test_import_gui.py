"""Importing in the window: off the GUI thread, a report, undo/redo, cancel, drag and drop, speakers."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from qcoder.app.importing import checkpoint_after_import
from qcoder.core.store.database import sqlite_uri
from qcoder.core.usecases.queries.cases import list_cases
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.usecases.queries.sources import list_sources, source_turns
from qcoder.io import readers
from qcoder.io.decoding import decode_text
from qcoder.io.parsed import ParsedTranscript
from qcoder.ui.dialogs.speaker_review_dialog import SpeakerReviewDialog

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "io"))
from io_documents import WORLD, docx_bytes, whisper_json


def _files(folder: Path) -> list[Path]:
    files = {
        "kathleen.json": whisper_json([(0, 2, " Welcome.", "SPEAKER_00"), (2, 5, f" {WORLD}", "SPEAKER_01"),
                                       (5, 7, " Thanks!", "SPEAKER_00")]),
        "joyce.docx": docx_bytes(["Interviewer: How did it start?", "Participant: With volunteers.",
                                  "Interviewer: And then?"]),
        "broken.docx": b"PK\x03\x04 broken",
        "notes.pptx": b"whatever",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return [folder / name for name in files]


def _names(window) -> list[str]:
    return sorted(s.name for s in window.controller.read(list_sources))


def test_import_off_the_gui_thread_then_report_then_undo_and_redo(window, qtbot, tmp_path):
    paths = _files(tmp_path)
    seen_threads: set[int] = set()
    original = readers.READERS[".json"]

    def spy(data: bytes, name: str) -> ParsedTranscript:
        seen_threads.add(threading.get_ident())
        return original(data, name)

    readers.READERS[".json"] = spy
    try:
        with qtbot.waitSignal(window.imports.finished, timeout=20_000) as blocker:
            assert window.imports.import_paths(paths)
    finally:
        readers.READERS[".json"] = original
    results = blocker.args[0]
    assert threading.get_ident() not in seen_threads and seen_threads
    assert [r.ok for r in results] == [True, True, False, False]
    assert _names(window) == ["amara", "joyce", "kathleen"]
    report = window.imports.report
    assert report.isVisible() and report.table.rowCount() == 4
    assert report.table.item(2, 0).text() == "Failed" and "not a valid Word document" in report.table.item(2, 2).text()
    assert report.table.item(3, 0).text() == "Failed" and "not supported" in report.table.item(3, 2).text()
    assert "2 of 4 files imported" in report.summary_label.text()
    ids_before = {s.name: s.id for s in window.controller.read(list_sources)}
    # The sources pane shows them; one undo step takes the whole import back, redo restores it.
    assert window.sources.model.rowCount() == 3
    stack = window.controller.undo_stack
    assert stack.undoText() == "Import 2 transcripts"
    stack.undo()
    assert _names(window) == ["amara"] and window.sources.model.rowCount() == 1
    stack.redo()
    assert {s.name: s.id for s in window.controller.read(list_sources)} == ids_before
    assert window.sources.model.rowCount() == 3
    report.close()


def test_the_sources_pane_lists_the_new_sources_as_the_import_read_them(window, qtbot, tmp_path, monkeypatch):
    """The new sources' rows come with the import (read off the GUI thread): the pane adds them
    without reading every source again, and shows what a full read would."""
    from qcoder.ui.panes import sources_pane

    reads: list[object] = []
    monkeypatch.setattr(sources_pane, "list_sources", lambda *a, **k: reads.append(a) or list_sources(*a, **k))
    with qtbot.waitSignal(window.imports.finished, timeout=20_000):
        assert window.imports.import_paths(_files(tmp_path))
    assert reads == []
    listed = sorted(window.sources.model.sources(), key=lambda s: s.id)
    assert listed == sorted(window.controller.read(list_sources), key=lambda s: s.id)
    assert {s.name: s.speakers for s in listed}["joyce"] == ("Interviewer", "Participant")
    window.controller.undo_stack.undo()  # what the import added goes again, read as usual
    assert [s.name for s in window.sources.model.sources()] == ["amara"] and reads
    window.imports.report.close()


def test_cancel_stops_after_the_current_file(window, qtbot, tmp_path, monkeypatch):
    release = threading.Event()
    entered = threading.Event()

    def slow(data: bytes, name: str) -> ParsedTranscript:
        entered.set()
        release.wait(10)
        return ParsedTranscript(decode_text(data, name))

    monkeypatch.setitem(readers.READERS, ".slow", slow)
    paths = []
    for index in range(3):
        path = tmp_path / f"part{index}.slow"
        path.write_text(f"words {index}\n", encoding="utf-8")
        paths.append(path)
    with qtbot.waitSignal(window.imports.finished, timeout=20_000) as blocker:
        window.imports.import_paths(paths)
        assert entered.wait(10)
        window.imports.progress.findChild(QPushButton).click()  # the Cancel button
        release.set()
    results = blocker.args[0]
    assert [r.ok for r in results] == [True, False, False]
    assert all("cancelled" in r.message for r in results[1:])
    assert _names(window) == ["amara", "part0"]
    window.imports.report.close()


def test_dropping_files_on_the_window_imports_them(window, qtbot, tmp_path):
    path = tmp_path / "dropped.txt"
    path.write_text("Interviewer: Hello\nParticipant: Hi 👋\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.imports.finished, timeout=20_000):
        QApplication.sendEvent(window, drop)
    assert "dropped" in _names(window)
    window.imports.report.close()


def test_after_the_report_the_import_is_copied_from_the_log_into_the_project_file(window, qtbot, tmp_path,
                                                                                   monkeypatch):
    """The import's commit leaves the write-ahead log's checkpoint to a job started once the
    report is shown: then the project file itself (read without its log) holds the new sources."""
    from qcoder.ui.workflows import import_workflow

    checkpoints: list[object] = []
    monkeypatch.setattr(import_workflow, "checkpoint_after_import",
                        lambda project: checkpoints.append(project) or checkpoint_after_import(project))
    with qtbot.waitSignal(window.imports.finished, timeout=20_000):
        assert window.imports.import_paths(_files(tmp_path))
    qtbot.waitUntil(lambda: bool(checkpoints), timeout=5_000)
    assert window.controller.jobs.wait()
    uri = sqlite_uri(window.controller.project.path, read_only=True, immutable=True)
    count = "import sqlite3, sys; print(sqlite3.connect(sys.argv[1], uri=True).execute('SELECT count(*) FROM sources').fetchone()[0])"
    done = subprocess.run([sys.executable, "-c", count, uri], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == len(_names(window)) == 3
    window.imports.report.close()


def test_import_needs_a_writable_project(window, monkeypatch, tmp_path):
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))
    window.controller.close_project()
    assert window.actions["import"].isEnabled()  # without a project it offers to make one (start page)
    assert not window.imports.import_paths([tmp_path / "x.txt"])
    assert "Open or create a project" in told[0]


@pytest.fixture
def imported(window, qtbot, tmp_path):
    with qtbot.waitSignal(window.imports.finished, timeout=20_000) as blocker:
        window.imports.import_paths(_files(tmp_path)[:2])
    window.imports.report.close()
    return [r.source_id for r in blocker.args[0] if r.ok]


def test_speaker_review_rename_merge_case_autocode_each_undoable(window, qtbot, imported):
    dialog = SpeakerReviewDialog(window.controller, imported, window)
    qtbot.addWidget(dialog)
    assert [s.name for s in dialog.speakers] == ["Interviewer", "SPEAKER_00", "Participant", "SPEAKER_01"]
    stack = window.controller.undo_stack

    assert dialog.rename("SPEAKER_00", "Daniel")
    dialog.select("Daniel", "Interviewer")
    assert sorted(dialog.selected_names()) == ["Daniel", "Interviewer"]
    assert dialog.buttons["merge"].isEnabled() and not dialog.buttons["rename"].isEnabled()
    assert dialog.merge(["Daniel", "Interviewer"], "Interviewer")
    assert [s.name for s in dialog.speakers] == ["Interviewer", "Participant", "SPEAKER_01"]
    assert dialog.link_case("SPEAKER_01", "Masakhane")
    assert dialog.table.item(2, 3).text() == "Masakhane"
    assert dialog.autocode("Interviewer", None, "Interviewer talk")
    segments = window.controller.read(list_segments)
    assert len(segments) == 4 and all(s.code == "Interviewer talk" for s in segments)

    stack.undo()  # autocode and its new code, one step
    assert window.controller.read(list_segments) == []
    stack.undo()  # the case link and the case it created
    assert "Masakhane" not in [c.name for c in window.controller.read(list_cases)]
    stack.undo()  # the merge
    stack.undo()  # the rename
    speakers = {t.speaker for sid in imported for t in window.controller.read(source_turns, sid)}
    assert speakers == {"SPEAKER_00", "SPEAKER_01", "Interviewer", "Participant"}
    assert [s.name for s in dialog.speakers] == ["Interviewer", "SPEAKER_00", "Participant", "SPEAKER_01"]
    for _ in range(4):
        stack.redo()
    assert len(window.controller.read(list_segments)) == 4
    assert "Masakhane" in [c.name for c in window.controller.read(list_cases)]


def test_speaker_review_refuses_an_empty_name_with_a_message(window, qtbot, imported, monkeypatch):
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warned.append(args[2]))
    dialog = SpeakerReviewDialog(window.controller, imported, window)
    qtbot.addWidget(dialog)
    depth = window.controller.undo_stack.count()
    assert not dialog.rename("SPEAKER_00", "   ")
    assert warned and "name" in warned[0]
    assert window.controller.undo_stack.count() == depth


def test_closing_the_window_during_an_import_waits_for_it(window, qtbot, tmp_path, monkeypatch, emoji_project):
    release, entered = threading.Event(), threading.Event()

    def slow(data: bytes, name: str) -> ParsedTranscript:
        entered.set()
        release.wait(10)
        return ParsedTranscript(decode_text(data, name))

    monkeypatch.setitem(readers.READERS, ".slow", slow)
    paths = []
    for index in range(3):
        path = tmp_path / f"part{index}.slow"
        path.write_text(f"words {index}\n", encoding="utf-8")
        paths.append(path)
    window.imports.import_paths(paths)
    assert entered.wait(10)
    release.set()
    window.close()
    assert window.controller.project is None and not window.imports.running
    from qcoder.core.lifecycle.project import Project

    with Project.open(emoji_project, coder_name="Ann") as project, project.reading() as session:
        names = [s.name for s in list_sources(session)]
    assert "part0" in names and "amara" in names
