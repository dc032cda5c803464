"""The player in the window: a recording beside its transcript, played from a click on a turn,
the heard turn tinted and followed, a passage played from the retrieved passages, turn times set
and undone, and a moved recording reported with a way to find it again."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.queries.media import media_of
from qcoder.core.usecases.queries.sources import list_sources, source_text, source_turns
from qcoder.io.importer import import_files
from qcoder.ui.main_window import MainWindow
from tests.recordings import TRANSCRIPT, write_wav

pytest.importorskip("PySide6.QtMultimedia", exc_type=ImportError)


@pytest.fixture
def recorded_project(tmp_path):
    folder = tmp_path / "interviews ü"
    folder.mkdir()
    (folder / "amara.txt").write_text(TRANSCRIPT, encoding="utf-8")
    write_wav(folder / "amara.wav", seconds=8)
    path = folder / "study.qcoder"
    with Project.create(path, coder_name="Ann") as project:
        import_files(project, [folder / "amara.txt"])
    return path


@pytest.fixture
def media_window(qtbot, recorded_project, user_settings):
    window = MainWindow(settings=user_settings)
    window.projects.coder_name = "Ann"
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    assert window.projects.open_path(recorded_project)
    (source,) = window.controller.read(list_sources)
    window.document.show_source(source.id)
    yield window
    window.controller.close_project()


def _click_text(qtbot, window, position: int) -> None:
    view = window.document.view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.positions.to_qt(position))
    rect = view.cursorRect(cursor)
    point = QPoint(rect.left() + 3, rect.center().y())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_a_click_on_a_timestamp_plays_from_it_and_the_turn_follows(qtbot, media_window):
    playback = media_window.media.playback
    qtbot.waitUntil(lambda: playback.available, timeout=5000)
    bar = playback.bar
    assert bar.isVisible() and bar.name == "amara.wav"
    third_turn = TRANSCRIPT.index("[00:00:04]")
    _click_text(qtbot, media_window, third_turn + 2)
    qtbot.waitUntil(lambda: bar.playing, timeout=5000)
    assert bar.position() >= 3900
    qtbot.waitUntil(lambda: playback.follower.span is not None, timeout=5000)
    assert playback.follower.span[0] == third_turn
    assert media_window.document.view.extraSelections()
    assert "Interviewer's turn" in media_window.statusBar().currentMessage()
    bar.toggle()
    qtbot.waitUntil(lambda: not bar.playing, timeout=3000)


def test_f5_plays_the_turn_at_the_cursor_even_when_its_time_is_estimated(qtbot, media_window):
    playback = media_window.media.playback
    qtbot.waitUntil(lambda: playback.available, timeout=5000)
    second_turn = TRANSCRIPT.index("Amara:")
    expected = playback.timed[1].time_ms
    assert playback.timed[1].estimated and 0 < expected < 4000
    view = media_window.document.view
    cursor = view.textCursor()
    cursor.setPosition(view.positions.to_qt(second_turn + 10))
    view.setTextCursor(cursor)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: playback.bar.playing, timeout=5000)
    assert abs(playback.bar.position() - expected) < 600
    assert "(estimated)" in media_window.statusBar().currentMessage()
    playback.bar.toggle()


def test_play_a_retrieved_passage_stops_at_its_end(qtbot, media_window):
    playback = media_window.media.playback
    qtbot.waitUntil(lambda: playback.available, timeout=5000)
    start = TRANSCRIPT.index("How did")
    end = TRANSCRIPT.index("begin?") + len("begin?")
    assert playback.play_span(start, end)
    qtbot.waitUntil(lambda: playback.bar.playing, timeout=5000)
    assert playback.bar.stop_at is not None and playback.bar.stop_at > playback.bar.position() - 100
    qtbot.waitUntil(lambda: not playback.bar.playing, timeout=8000)


def test_set_turn_time_is_undoable(qtbot, media_window):
    playback = media_window.media.playback
    qtbot.waitUntil(lambda: playback.available, timeout=5000)
    controller = media_window.controller
    source_id = media_window.document.source_id
    playback.bar.play_from(2500)
    qtbot.waitUntil(lambda: playback.bar.position() >= 2500, timeout=5000)
    playback.bar.toggle()
    view = media_window.document.view
    cursor = view.textCursor()
    cursor.setPosition(view.positions.to_qt(TRANSCRIPT.index("Amara:") + 3))
    view.setTextCursor(cursor)
    media_window.actions["set_turn_time"].trigger()
    times = [t.time_ms for t in controller.read(source_turns, source_id)]
    assert times[0] == 0 and times[1] is not None and times[1] >= 2500 and times[2] == 4000
    assert not playback.timed[1].estimated  # the view took the new time
    controller.undo_stack.undo()
    assert [t.time_ms for t in controller.read(source_turns, source_id)][1] is None


def test_a_moved_recording_is_reported_and_can_be_located(qtbot, media_window, monkeypatch):
    playback = media_window.media.playback
    qtbot.waitUntil(lambda: playback.available, timeout=5000)
    folder = media_window.controller.project.path.parent
    source_id = media_window.document.source_id
    (folder / "moved").mkdir()
    shutil.move(str(folder / "amara.wav"), str(folder / "moved" / "amara.wav"))
    playback.reload()
    assert playback.missing.isVisible() and not playback.available
    assert "amara.wav" in playback.missing.label.text()
    monkeypatch.setattr("qcoder.ui.dialogs.file_dialogs.open_file_name", lambda *a, **k: str(folder / "moved" / "amara.wav"))
    guid = media_window.controller.read(media_of, source_id).guid
    playback.missing.locate.emit()
    link = media_window.controller.read(media_of, source_id)
    assert link.path == "moved/amara.wav" and link.guid == guid
    qtbot.waitUntil(lambda: playback.available, timeout=5000)
    assert not playback.missing.isVisible()
    media_window.controller.undo_stack.undo()
    assert media_window.controller.read(media_of, source_id).path == "amara.wav"
    media_window.actions["unlink_media"].trigger()
    assert media_window.controller.read(media_of, source_id) is None and not playback.box.isVisible()


def test_a_window_without_recordings_never_loads_qt_multimedia(tmp_path):
    probe = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from qcoder.core.lifecycle.project import Project\n"
        "from qcoder.ui.main_window import MainWindow\n"
        f"p = Project.create({str(tmp_path / 'plain.qcoder')!r}, coder_name='Ann'); p.close()\n"
        "w = MainWindow(); w.show()\n"
        f"assert w.projects.open_path(__import__('pathlib').Path({str(tmp_path / 'plain.qcoder')!r}))\n"
        "app.processEvents()\n"
        "print('QtMultimedia' in ' '.join(sys.modules))\n"
        "w.controller.close_project()\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                            env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen",
                                 "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_a_kept_copy_plays_when_the_file_is_gone_and_unlink_undo_keeps_it(qtbot, media_window):
    playback = media_window.media.playback
    qtbot.waitUntil(lambda: playback.available, timeout=5000)
    controller = media_window.controller
    source_id = media_window.document.source_id
    media_window.actions["embed_media"].trigger()
    assert controller.read(media_of, source_id).embedded and media_window.actions["embed_media"].isChecked()
    (controller.project.path.parent / "amara.wav").unlink()
    playback.reload()
    qtbot.waitUntil(lambda: playback.available, timeout=5000)
    assert not playback.missing.isVisible() and "qcoder-recordings" in str(playback.path)
    media_window.actions["unlink_media"].trigger()
    assert controller.read(media_of, source_id) is None
    controller.undo_stack.undo()
    assert controller.read(media_of, source_id).embedded
    controller.undo_stack.undo()  # the copy is dropped again
    assert not controller.read(media_of, source_id).embedded
    assert not media_window.actions["embed_media"].isChecked()


def test_f5_in_the_retrieved_passages_plays_the_chosen_passage(qtbot, media_window):
    from qcoder.core.usecases.commands.codes import add_code
    from qcoder.core.usecases.commands.codings import apply_coding

    playback = media_window.media.playback
    qtbot.waitUntil(lambda: playback.available, timeout=5000)
    controller = media_window.controller
    code_id = controller.run(add_code, "Heard").created_id
    start = TRANSCRIPT.index("A public lab")
    controller.run(apply_coding, media_window.document.source_id, code_id, start, start + 30, controller.coder_id())
    media_window.codes.select_code(code_id)
    table = media_window.retrieval.table
    qtbot.waitUntil(lambda: media_window.retrieval.model.rowCount() == 1, timeout=3000)
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: playback.bar.playing, timeout=5000)
    assert playback.bar.stop_at is not None and playback.bar.position() >= 4000
    playback.bar.toggle()


def test_a_sources_context_menu_links_and_unlinks_a_recording(qtbot, media_window, monkeypatch):
    controller = media_window.controller
    source_id = media_window.document.source_id
    link, unlink = media_window.sources.menu_actions
    unlink.trigger()
    assert controller.read(media_of, source_id) is None
    folder = controller.project.path.parent
    monkeypatch.setattr("qcoder.ui.dialogs.file_dialogs.open_file_name", lambda *a, **k: str(folder / "amara.wav"))
    link.trigger()
    assert controller.read(media_of, source_id).path == "amara.wav"


def test_f7_while_editing_types_the_playback_time_as_one_undoable_edit(qtbot, media_window):
    """The transcriber's key: pause, F7, and the time is in the text where the cursor is."""
    playback = media_window.media.playback
    qtbot.waitUntil(lambda: playback.available, timeout=5000)
    controller, view = media_window.controller, media_window.document.view
    source_id = media_window.document.source_id
    playback.bar.play_from(5200)
    qtbot.waitUntil(lambda: playback.bar.position() >= 5200, timeout=5000)
    playback.bar.toggle()
    qtbot.waitUntil(lambda: not playback.bar.playing, timeout=3000)
    media_window.actions["insert_time"].trigger()  # not while reading: nothing typed
    assert controller.read(source_text, source_id) == TRANSCRIPT
    media_window.actions["edit_text"].trigger()
    where = TRANSCRIPT.index("Amara: A public")
    cursor = view.textCursor()
    cursor.setPosition(view.positions.to_qt(where))
    view.setTextCursor(cursor)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F7)
    stored = controller.read(source_text, source_id)
    assert stored[where:].startswith("[00:00:05] Amara: A public")
    assert playback.time_clicked(where + 2) == 5000  # the new timestamp plays from its time
    controller.undo_stack.undo()
    assert controller.read(source_text, source_id) == TRANSCRIPT
