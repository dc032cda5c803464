"""A source read wrongly is read again in the window: choose the encoding, see the text, undo, redo."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.source_batch import SourceBatch
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.usecases.queries.sources import list_sources, source_text
from qcoder.io.speakers import detect_turns
from qcoder.ui.dialogs.reread_dialog import RereadDialog
from qcoder.ui.main_window import MainWindow

TEXT = "Interviewer: Who spoke Yorùbá first?\n\nAdébáyò: My grandmother, in Ìbàdàn.\n\nInterviewer: And then?\n"
WRONG = TEXT.encode("cp1252").decode("cp1257")


@pytest.fixture
def misread(tmp_path):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "yoruba.txt").write_bytes(TEXT.encode("cp1252"))
    path = tmp_path / "misread.qcoder"
    project = Project.create(path, coder_name="Ann", codebook=None)
    coder = project.coder_id()
    with project.transaction() as session:
        source = SourceBatch(session).add("yoruba", WRONG, turns=detect_turns(WRONG), original_filename="yoruba.txt",
                                          encoding="cp1257").id
        code = add_code(session, "Language").created_id
        start = WRONG.index("Yor")
        apply_coding(session, source, code, start, start + 6, coder)
    project.close()
    return path, source


@pytest.fixture
def window(qtbot, misread, user_settings):
    window = MainWindow(settings=user_settings)
    window.projects.coder_name = "Ann"
    qtbot.addWidget(window)
    window.show()
    assert window.projects.open_path(misread[0])
    yield window
    window.controller.close_project()


def test_read_again_as_windows_1252_then_undo_and_redo(window, misread, tmp_path, qtbot):
    _path, source_id = misread
    pane, controller = window.sources, window.controller
    [info] = controller.read(list_sources)
    dialog = RereadDialog(info, pane, folder=str(tmp_path / "files"))
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.encoding_box.setCurrentIndex(dialog.encoding_box.findData("utf-8"))
    assert not ok.isEnabled() and "not utf-8 text" in dialog.status.text()
    dialog.encoding_box.setCurrentIndex(dialog.encoding_box.findData("cp1252"))
    assert ok.isEnabled() and dialog.preview.toPlainText() == TEXT
    assert "its 1 coded passage stays where it is" in dialog.status.text()
    dialog.resize(640, 420)
    dialog.grab().save(str(tmp_path / "reread.png"))
    dialog.exec = lambda: 1  # the researcher presses "Replace the text"
    assert pane.reread(source_id, dialog)
    assert controller.read(source_text, source_id) == TEXT
    assert [s.text for s in controller.read(list_segments)] == ["Yorùbá"]
    assert controller.read(list_sources)[0].encoding == "cp1252"
    controller.undo_stack.undo()
    assert controller.read(source_text, source_id) == WRONG
    assert [s.text for s in controller.read(list_segments)] == ["Yorłbį"]
    controller.undo_stack.redo()
    assert controller.read(source_text, source_id) == TEXT
    assert controller.undo_stack.undoText() == "Read “yoruba” as Windows-1252"


def test_a_wrong_choice_that_changes_the_length_of_a_coded_source_is_not_offered(window, misread, tmp_path, qtbot):
    [info] = window.controller.read(list_sources)
    dialog = RereadDialog(info, window.sources, folder=str(tmp_path / "files"))
    qtbot.addWidget(dialog)
    dialog.encoding_box.setCurrentIndex(dialog.encoding_box.findData("utf-16-le"))
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert dialog.parsed is None


def test_the_sources_pane_offers_it_in_the_context_menu(window):
    assert window.sources.reread_action.text() == "Read again in another &encoding…"
    assert window.sources.table.contextMenuPolicy().name == "CustomContextMenu"
