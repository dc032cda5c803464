"""Merging a copy whose text was edited, from the window: the preview names the text brought
up to the other copy's edits and the coding whose words are gone; the open document shows the
edited text; Undo takes the merge (text and codings) back, Redo does it again."""

from __future__ import annotations

from sqlalchemy import select

from qcoder.core.store.models import SourceText
from qcoder.core.team.merge_files import merge_path_into
from qcoder.ui.dialogs.merge_dialog import MergeDialog
from qcoder.ui.main_window import MainWindow
from tests.core.merge_edit_helpers import content_of
from tests.core.test_merge_across_edits import copies  # noqa: F401


def _text(window) -> str:
    return window.controller.read(lambda s: s.scalar(select(SourceText.text)))


def test_merging_an_edited_copy_from_the_window_and_undoing_it(qtbot, copies, user_settings, tmp_path):
    ann, bob = copies
    edited = next(iter(content_of(ann)["texts"].values()))
    window = MainWindow(settings=user_settings)
    window.projects.coder_name = "Bob"
    qtbot.addWidget(window)
    window.show()
    assert window.projects.open_path(bob)
    old = _text(window)
    window.document.show_source(window.controller.read(lambda s: s.scalar(select(SourceText.source_id))))
    _changes, preview = window.controller.read(merge_path_into, ann)
    dialog = MergeDialog(preview, ann, preview=True, parent=window)
    qtbot.addWidget(dialog)
    lines = [dialog.conflicts.item(row).text() for row in range(dialog.conflicts.count())]
    assert any(line.startswith("text: 'interview': brought up to the other copy's 2 edits") for line in lines)
    assert any(line.startswith("words gone:") and "truly" in line for line in lines)
    assert dialog.merge_button.isEnabled()
    dialog.show()
    dialog.grab().save(str(tmp_path / "merge-across-edits.png"))
    assert _text(window) == old  # the preview changed nothing
    report = window.team.merge_path(ann, confirm=False)
    assert report is not None and report.texts
    assert _text(window) == edited and window.document.view.toPlainText() == edited
    window.controller.undo_stack.undo()
    assert _text(window) == old and window.document.view.toPlainText() == old
    window.controller.undo_stack.redo()
    assert _text(window) == edited
    window.controller.close_project()
