"""File ▸ Import REFI-QDA and File ▸ Export in the window: off the GUI thread, report, undo/redo."""

from __future__ import annotations

import threading
import zipfile

import pytest

from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.code_tree import list_codes
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.usecases.queries.sources import list_sources
from qcoder.io import project_exports
from qcoder.io.refi_qda import export_qdpx
from qcoder.ui.workflows import exchange_workflow
from qcoder.ui.workflows.exchange_workflow import EXPORT_FORMATS

OTHER_TEXT = "Interviewer: Who helped? 🚀\nBo: The 你好 lab did.\n"


@pytest.fixture
def other_qdpx(tmp_path):
    (tmp_path / "other").mkdir()
    with Project.create(tmp_path / "other" / "other.qcoder", coder_name="Bo", codebook=None) as other:
        coder = other.coder_id()
        with other.transaction() as s:
            source = add_source(s, "bo interview", OTHER_TEXT).created_id
            code = add_code(s, "Helpers", colour="#123456", description="Who <helped>").created_id
            start = OTHER_TEXT.index("你好 lab")
            apply_coding(s, source, code, start, start + 6, coder)
        out = tmp_path / "other.qdpx"
        export_qdpx(other, out)
    return out


def test_export_menu_lists_every_format(window):
    titles = [a.text().replace("&", "") for a in window.menus["export"].actions() if not a.isSeparator()]  # letters added
    # every export format, then the pseudonym table, kept apart because it is sensitive
    assert titles == [f.menu_text for f in EXPORT_FORMATS] + ["Pseudonym table (sensitive)…"]
    assert window.actions["import_refi"] in window.menus["file"].actions()


@pytest.mark.parametrize("key", [f.key for f in EXPORT_FORMATS])
def test_every_export_writes_its_file_off_the_gui_thread(window, qtbot, tmp_path, key, monkeypatch):
    threads: set[int] = set()
    original = project_exports.export_codebook_csv

    def spy(project, out):  # type: ignore[no-untyped-def]
        threads.add(threading.get_ident())
        return original(project, out)

    monkeypatch.setattr(project_exports, "export_codebook_csv", spy)
    out = tmp_path / f"out{exchange_workflow.FORMATS[key].suffix}"
    with qtbot.waitSignal(window.exchange.exported, timeout=30_000):
        assert window.exchange.export_to(key, out)
    assert out.stat().st_size > 0
    if key == "codebook-csv":
        assert threads and threading.get_ident() not in threads


def test_import_shows_a_report_and_is_undoable(window, qtbot, other_qdpx):
    before_sources = len(window.controller.read(list_sources))
    with qtbot.waitSignal(window.exchange.imported, timeout=30_000) as blocker:
        assert window.exchange.import_path(other_qdpx)
    report = blocker.args[0]
    assert report.added["codings"] == 1
    dialog = window.exchange.report_dialog
    assert dialog is not None and dialog.isVisible()
    assert "1 coding from" in dialog.summary_label.text()
    segments = window.controller.read(list_segments)
    assert [(s.text, s.coder, s.code) for s in segments] == [("你好 lab", "Bo", "Helpers")]
    assert window.controller.undo_stack.undoText() == "Import other.qdpx"
    window.controller.undo_stack.undo()
    assert window.controller.read(list_segments) == []
    assert len(window.controller.read(list_sources)) == before_sources
    assert "Helpers" not in {c.name for c in window.controller.read(list_codes)}
    window.controller.undo_stack.redo()
    assert [(s.text, s.coder) for s in window.controller.read(list_segments)] == [("你好 lab", "Bo")]
    dialog.grab().save(str(other_qdpx.parent / "report.png"))


def test_importing_the_same_file_twice_pushes_nothing_the_second_time(window, qtbot, other_qdpx):
    with qtbot.waitSignal(window.exchange.imported, timeout=30_000):
        window.exchange.import_path(other_qdpx)
    count = window.controller.undo_stack.count()
    with qtbot.waitSignal(window.exchange.imported, timeout=30_000) as blocker:
        window.exchange.import_path(other_qdpx)
    assert not blocker.args[0].changed_anything
    assert window.controller.undo_stack.count() == count


def test_a_hostile_file_is_refused_with_a_message(window, qtbot, tmp_path):
    bad = tmp_path / "slip.qdpx"
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("project.qde", "<Project xmlns='urn:QDA-XML:project:1.0' name='x'/>")
        archive.writestr("../../evil.txt", "x")
    before = window.controller.read(list_sources)
    with qtbot.waitSignal(window.exchange.failed, timeout=30_000) as blocker:
        window.exchange.import_path(bad)
    assert "unsafe entry name" in blocker.args[0]
    assert window.exchange.error_box is not None and "unsafe" in window.exchange.error_box.text()
    assert window.controller.read(list_sources) == before
    assert window.controller.undo_stack.count() == 0


def test_a_dropped_qdpx_is_imported_as_a_project_and_transcripts_as_transcripts(window, qtbot, other_qdpx, tmp_path):
    transcript = tmp_path / "extra.txt"
    transcript.write_text("Ann: hello there\nBo: hi\n", encoding="utf-8")
    with qtbot.waitSignal(window.exchange.imported, timeout=30_000), \
            qtbot.waitSignal(window.imports.finished, timeout=30_000):
        window.file_drop.on_drop([other_qdpx, transcript])
    names = {s.name for s in window.controller.read(list_sources)}
    assert {"bo interview", "extra"} <= names


def test_a_qdpx_export_says_what_it_leaves_out(window, qtbot, tmp_path):
    from qcoder.core.usecases.commands.codings import set_exemplar

    code = window.controller.run(add_code, "Exemplary").created_id
    source = window.controller.read(list_sources)[0].id
    coding = window.controller.run(apply_coding, source, code, 0, 5, window.controller.coder_id()).created_id
    window.controller.run(set_exemplar, coding, True)
    with qtbot.waitSignal(window.exchange.exported, timeout=30_000):
        window.exchange.export_to("qdpx", tmp_path / "out.qdpx")
    box = window.exchange.notice_box
    assert box is not None and box.isVisible()
    assert "exemplar flag of 1 passage (REFI-QDA has none)" in box.informativeText()
    assert "speaker turns" in box.informativeText()


def test_a_refi_import_backs_the_project_up_first_and_no_backup_means_no_import(window, qtbot, other_qdpx, emoji_project):
    from qcoder.core.lifecycle.backup import backups_dir, list_backups

    with qtbot.waitSignal(window.exchange.imported, timeout=30_000):
        assert window.exchange.import_path(other_qdpx)
    [backup] = list_backups(emoji_project)
    assert "before-import" in backup.name
    window.controller.undo_stack.undo()
    for old in list_backups(emoji_project):
        old.unlink()
    backups_dir(emoji_project).rmdir()
    backups_dir(emoji_project).write_text("a file where the backups folder should be", encoding="utf-8")
    sources = len(window.controller.read(list_sources))
    with qtbot.waitSignal(window.exchange.failed, timeout=30_000) as blocker:
        assert window.exchange.import_path(other_qdpx)
    assert "no backup" in blocker.args[0]
    assert len(window.controller.read(list_sources)) == sources
