"""The window's team tools: merge (preview, undo), agreement dialog, walking through disagreements."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import func, select

from qcoder.analysis.agreement import compute_agreement
from qcoder.analysis.disagreements import list_disagreements
from qcoder.core.lifecycle.backup import list_backups
from qcoder.core.lifecycle.project import Project
from qcoder.core.lifecycle.restore import copy_database
from qcoder.core.store.models import Coding
from qcoder.core.team.merge_files import merge_path_into
from qcoder.core.usecases.commands.coders import ensure_coder
from qcoder.core.usecases.commands.codes import ensure_code_path
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.code_tree import resolve_code_path
from qcoder.core.usecases.queries.resolutions import list_resolutions
from qcoder.ui.dialogs.agreement_dialog import AgreementDialog
from qcoder.ui.dialogs.merge_dialog import MergeDialog
from qcoder.ui.main_window import MainWindow
from qcoder.ui.models.agreement_table_model import AgreementTableModel
from qcoder.ui.models.disagreement_table_model import DisagreementTableModel

FIRST = (
    "Interviewer: How did the collaboration start?\n"
    "Noor: A public lab lent us compute, and a start-up helped with the evaluation harness.\n"
)
SECOND = "Interviewer: And after the release?\nLi: The community fine-tuned it within a week.\n"


@pytest.fixture
def team_path(tmp_path):
    path = tmp_path / "team.qcoder"
    with Project.create(path, coder_name="Lead", codebook=None) as project, project.transaction() as session:
        ann, bob = ensure_coder(session, "Ann"), ensure_coder(session, "Bob")
        ensure_coder(session, "Lead")
        first = add_source(session, "noor", FIRST).created_id
        second = add_source(session, "li", SECOND).created_id
        compute = ensure_code_path(session, "On-ramp/Compute").created_id
        evaluation = ensure_code_path(session, "On-ramp/Evaluation").created_id
        derivation = ensure_code_path(session, "Stage/Post-release").created_id
        for source, code, start, end, coder in [
            (first, compute, 53, 78, ann), (first, compute, 53, 78, bob),  # agree
            (first, evaluation, 80, 130, ann), (first, evaluation, 86, 132, bob),  # boundaries
            (second, derivation, 40, 82, ann),  # only Ann
        ]:
            apply_coding(session, source, code, start, end, coder)
    return path


@pytest.fixture
def team_window(qtbot, team_path, user_settings):
    window = MainWindow(settings=user_settings)
    window.projects.coder_name = "Lead"
    qtbot.addWidget(window)
    window.show()
    assert window.projects.open_path(team_path)
    yield window
    window.controller.close_project()


def codings(window) -> int:
    return window.controller.read(lambda s: s.scalar(select(func.count()).select_from(Coding)))


def test_agreement_dialog_shows_the_same_figures_as_the_analysis(qtbot, qtmodeltester, team_window, tmp_path,
                                                                  monkeypatch):
    dialog = AgreementDialog(team_window.controller, team_window)
    qtbot.addWidget(dialog)
    assert dialog.coders.checked() == ["Ann", "Bob"]  # the coders who coded, ticked for us
    expected = team_window.controller.read(compute_agreement, ["Ann", "Bob"])
    model = dialog.model
    qtmodeltester.check(model)
    assert model.rowCount() == len(expected.per_code) + len(expected.per_group) + 1  # codes, groups, overall
    last = model.rowCount() - 1
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[3] == "Cohen's κ"
    assert model.index(last, 0).data() == "Overall"
    assert model.index(last, 3).data() == f"{expected.overall.cohen_kappa:.3f}"
    dialog.codes.set_checked("On-ramp/Compute")
    import threading

    import qcoder.ui.dialogs.agreement_dialog as agreement_dialog

    threads: list[str] = []

    def recording(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return compute_agreement(*args, **kwargs)

    monkeypatch.setattr(agreement_dialog, "compute_agreement", recording)
    dialog.compute()
    assert threads == ["qcoder-agreement"], "computed off the GUI thread"
    assert model.rowCount() == 2 and model.index(0, 2).data() == "100.0%"
    dialog.copy_button.click()
    from PySide6.QtGui import QGuiApplication

    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0].split("\t")[:3] == ["Code", "Characters", "Agreement"]
    assert lines[1].split("\t")[0] == "On-ramp/Compute" and lines[2].startswith("Overall\t")
    dialog.resize(900, 420)
    dialog.show()
    dialog.grab().save(str(tmp_path / "agreement.png"))


def test_agreement_table_model_hides_cohen_for_three_coders(qtbot, qtmodeltester, team_window):
    with_lead = team_window.controller.read(compute_agreement, ["Ann", "Bob", "Lead"])
    model = AgreementTableModel()
    model.set_report(with_lead)
    qtmodeltester.check(model)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "Cohen's κ" not in headers and "Fleiss' κ" in headers
    dialog = AgreementDialog(team_window.controller, team_window)
    qtbot.addWidget(dialog)
    dialog.coders.set_checked("Lead")
    dialog.compute()
    assert "Cohen's κ of each pair" in dialog.summary.text() and "Ann | Lead" in dialog.summary.text()


def test_walk_through_disagreements_jump_resolve_and_undo(qtbot, qtmodeltester, team_window, tmp_path):
    window = team_window
    window.actions["disagreements"].trigger()
    pane = window.disagreements
    assert pane.isVisible() and pane.coders.checked() == ["Ann", "Bob"]
    qtmodeltester.check(pane.model)
    assert pane.model.rowCount() == 2
    first = pane.current()
    assert (first.source, first.code) == ("li", "Stage/Post-release")
    assert window.document.source_id == first.source_id
    assert window.document.view.selected_span() == (first.start, first.end)
    pane.step(1)
    second = pane.current()
    assert (second.source, second.start, second.end) == ("noor", 80, 132)
    assert window.document.source_id == second.source_id
    assert window.document.view.selected_span() == (80, 132)
    window.resize(1300, 850)
    window.grab().save(str(tmp_path / "disagreements.png"))
    before = codings(window)
    pane.accept_box.setCurrentIndex(1)  # Bob's version
    pane.note.setText("Bob's span has the whole clause")
    pane.accept_button.click()
    [record] = window.controller.read(list_resolutions)
    assert (record.accepted_coder, record.note) == ("Bob", "Bob's span has the whole clause")
    assert pane.note.text() == ""
    assert pane.model.rowCount() == 1
    assert window.controller.read(list_disagreements, ["Ann", "Bob"], code_paths=["On-ramp/Evaluation"]) == []
    assert pane.current().source == "li"  # moved on to the passage that is left
    window.controller.undo_stack.undo()
    assert pane.model.rowCount() == 2 and codings(window) == before
    window.controller.undo_stack.redo()
    assert pane.model.rowCount() == 1
    pane.table.setCurrentIndex(pane.model.index(0, 0))
    pane.keep_button.click()
    assert pane.model.rowCount() == 0 and "No passages" in pane.detail.text()
    pane.show_resolved.setChecked(True)
    assert pane.model.rowCount() == 1 and pane.current().resolved
    pane.show_resolved.setChecked(False)
    window.controller.undo_stack.undo()  # the passage kept as it is is open again
    assert pane.model.rowCount() == 1
    pane.code_box.setCurrentIndex(pane.code_box.findText("On-ramp/Evaluation"))
    assert pane.model.rowCount() == 0
    window.controller.undo_stack.undo()  # Bob's version is no longer accepted
    assert pane.model.rowCount() == 1 and pane.current().code == "On-ramp/Evaluation"
    pane.code_box.setCurrentIndex(0)
    assert pane.model.rowCount() == 2


def test_disagreement_model_alone(qtmodeltester, team_window):
    model = DisagreementTableModel()
    model.set_disagreements(team_window.controller.read(list_disagreements, ["Ann", "Bob", "Lead"]))
    qtmodeltester.check(model)
    assert model.rowCount() == 3


def test_merge_from_the_window_backs_up_and_undoes(qtbot, team_window, team_path, tmp_path, monkeypatch):
    import threading

    import qcoder.app.merging as merging

    window = team_window
    threads: list[str] = []
    real = merging.merge_path_into

    def recording(session, path):
        threads.append(threading.current_thread().name)
        return real(session, path)

    monkeypatch.setattr(merging, "merge_path_into", recording)
    other = tmp_path / "bob-copy.qcoder"
    copy_database(team_path, other)
    with Project.open(other, coder_name="Bob") as project:
        bob = project.coder_id()
        with project.transaction() as session:
            apply_coding(session, 2, 3, 40, 70, bob)
            add_source(session, "new interview", "Interviewer: Hi\nMo: Hello.\n")
    before = codings(window)
    report = window.team.merge_path(other, confirm=False)
    assert report is not None and report.added["codings"] == 1 and report.added["sources"] == 1
    assert codings(window) == before + 1 and len(list_backups(team_path)) == 1
    assert threads == ["qcoder-merge-preview", "qcoder-merge"], "preview and merge ran off the GUI thread"
    window.controller.undo_stack.undo()
    assert codings(window) == before
    window.controller.undo_stack.redo()  # the same rows again, without reading the other file
    assert codings(window) == before + 1 and window.sources.table.model().rowCount() == 3
    window.controller.undo_stack.undo()
    assert codings(window) == before and window.sources.table.model().rowCount() == 2
    again = window.team.merge_path(other, confirm=False)
    assert again.added["codings"] == 1
    assert window.team.merge_path(other, confirm=False).total_added == 0


def test_merge_preview_dialog_counts_and_refuses_itself(qtbot, team_window, team_path, tmp_path, monkeypatch):
    other = tmp_path / "copy.qcoder"
    copy_database(team_path, other)
    with Project.open(other, coder_name="Cy") as project:
        cy = project.coder_id()
        with project.transaction() as session:
            apply_coding(session, 1, 1, 0, 11, cy)
    _changes, preview = team_window.controller.read(merge_path_into, other)
    assert codings(team_window) == 5  # the preview wrote nothing
    dialog = MergeDialog(preview, other, preview=True, parent=team_window)
    qtbot.addWidget(dialog)
    assert dialog.merge_button.isEnabled()
    assert "1 coding added" in preview.summary()
    dialog.show()
    dialog.grab().save(str(tmp_path / "merge.png"))
    warnings = []
    monkeypatch.setattr("qcoder.ui.workflows.team_workflow.QMessageBox.warning", lambda *args: warnings.append(args[2]))
    assert team_window.team.merge_path(team_path, confirm=False) is None
    assert "open" in warnings[0]
    assert team_window.team.merge_path(tmp_path / "missing.qcoder", confirm=False) is None
    assert "cannot be merged" in warnings[1]
    monkeypatch.setattr(MergeDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert team_window.team.merge_path(other) is None and codings(team_window) == 5


def test_coding_elsewhere_refreshes_the_list_without_moving_the_document(qtbot, team_window):
    window = team_window
    window.actions["disagreements"].trigger()
    pane = window.disagreements
    pane.step(1)
    shown = window.document.source_id
    assert pane.current().source == "noor"
    lead = window.controller.coder_id()
    window.controller.run(apply_coding, 2, 1, 0, 11, lead)  # Lead codes "li"; Lead is not compared
    assert window.document.source_id == shown and pane.model.rowCount() == 2
    bob = window.controller.read(lambda s: s.scalar(select(Coding.coder_id).where(Coding.start == 86)))
    window.controller.run(apply_coding, 2, 1, 0, 11, bob)  # Bob alone codes "li" with Compute
    assert pane.model.rowCount() == 3 and window.document.source_id == shown
    assert [pane.model.disagreement(r).start for r in range(3)] == [0, 40, 80]  # still in order


def test_scheduled_backups_only_after_changes(qtbot, team_window, team_path):
    from qcoder.ui.jobs.backup_scheduler import BackupScheduler

    scheduler = team_window.backups
    assert isinstance(scheduler, BackupScheduler) and scheduler.timer.isActive()
    assert scheduler.backup_if_changed() is None and not list_backups(team_path)
    team_window.controller.run(apply_coding, 1, 1, 0, 11, team_window.controller.coder_id())
    scheduler.timer.setInterval(20)
    qtbot.waitUntil(lambda: len(list_backups(team_path)) == 1, timeout=5000)
    assert not scheduler.changed_since
    qtbot.wait(100)
    assert len(list_backups(team_path)) == 1  # nothing changed since: no second backup


def test_blind_coding_hides_the_other_coders_codings(qtbot, team_window):
    window = team_window
    window.controller.show_passage(1, 0, 5)
    assert {c.coder for c in window.document.view.codings} == {"Ann", "Bob"}
    window.actions["blind"].trigger()
    assert window.document.view.codings == []
    window.controller.run(apply_coding, 1, 1, 0, 11, window.controller.coder_id())
    assert [c.coder for c in window.document.view.codings] == ["Lead"]
    window.actions["blind"].trigger()
    assert {c.coder for c in window.document.view.codings} == {"Ann", "Bob", "Lead"}


def test_restore_from_the_window_brings_back_the_backed_up_state(qtbot, team_window, team_path, tmp_path):
    from qcoder.core.lifecycle.restore import newest_first
    from qcoder.ui.dialogs.restore_dialog import RestoreDialog

    window = team_window
    other = tmp_path / "bob-copy.qcoder"
    copy_database(team_path, other)
    with Project.open(other, coder_name="Bob") as project:
        bob = project.coder_id()
        with project.transaction() as session:
            apply_coding(session, 2, 3, 40, 70, bob)
    window.team.merge_path(other, confirm=False)
    assert codings(window) == 6
    [backup] = newest_first(team_path)
    dialog = RestoreDialog(team_path, newest_first(team_path), window)
    qtbot.addWidget(dialog)
    assert dialog.chosen() == backup and "before a merge" in dialog.list.item(0).text()
    dialog.show()
    dialog.grab().save(str(tmp_path / "restore.png"))
    saved = window.team.restore(backup)
    assert saved is not None and "before-restore" in saved.name
    assert window.controller.is_open and codings(window) == 5
    assert window.controller.undo_stack.count() == 0
    assert len(newest_first(team_path)) == 2


def test_the_hidden_pane_lists_nothing_and_moves_nothing_until_shown(qtbot, team_window):
    window = team_window
    pane = window.disagreements
    assert not pane.isVisible() and pane.model.rowCount() == 0
    window.controller.show_passage(1, 0, 5)  # the researcher reads "noor"
    window.controller.run(apply_coding, 1, 1, 0, 11, window.controller.coder_id())
    assert window.document.source_id == 1 and pane.model.rowCount() == 0
    window.actions["disagreements"].trigger()
    assert pane.model.rowCount() == 2 and window.document.source_id == pane.current().source_id == 2


def test_importing_into_a_project_with_sources_backs_it_up_first(qtbot, window, emoji_project, tmp_path):
    transcript = tmp_path / "new.txt"
    transcript.write_text("Interviewer: Hello?\nKai: Hello back.\n", encoding="utf-8")
    assert list_backups(emoji_project) == []
    with qtbot.waitSignal(window.imports.finished, timeout=20_000):
        assert window.imports.import_paths([transcript])
    [backup] = list_backups(emoji_project)
    assert "before-import" in backup.name


def test_the_merge_preview_runs_off_the_gui_thread_and_can_be_cancelled(qtbot, team_window, team_path, tmp_path,
                                                                       monkeypatch):
    import threading

    from PySide6.QtCore import QThread, QTimer
    from PySide6.QtWidgets import QProgressDialog

    import qcoder.app.merging as merging

    other = tmp_path / "copy.qcoder"
    copy_database(team_path, other)
    threads = []
    real = merging.merge_path_into

    def recording(session, path):
        threads.append(QThread.currentThread())
        return real(session, path)

    monkeypatch.setattr(merging, "merge_path_into", recording)
    report = team_window.team.preview(other)
    assert report is not None and report.total_added == 0
    assert threads and threads[0] is not team_window.thread()

    release = threading.Event()

    def slow(session, path):
        release.wait(10)
        return real(session, path)

    monkeypatch.setattr(merging, "merge_path_into", slow)

    def cancel() -> None:
        for dialog in team_window.findChildren(QProgressDialog):
            dialog.canceled.emit()  # what its Cancel button does
        release.set()

    QTimer.singleShot(100, cancel)
    assert team_window.team.preview(other) is None
    assert codings(team_window) == 5


def test_the_analysis_menu_opens_the_agreement_dialog(qtbot, team_window):
    team_window.actions["agreement"].trigger()
    dialog = team_window.team.agreement_dialog
    assert dialog is not None and dialog.isVisible()
    groups = len(dialog.report.per_group)
    assert dialog.model.rowCount() == 4 + groups  # three codes used, their groups and the overall row
    assert groups and dialog.model.index(3, 0).data().endswith("(any code below)")
    titles = [a.text() for a in team_window.menus["analysis"].actions()]
    assert "Inter-coder &agreement…" in titles and "&Disagreements between coders" in titles
    assert "&Merge another coder's project…" in [a.text() for a in team_window.menus["file"].actions()]
    dialog.close()


def test_blind_coding_hides_the_others_in_counts_retrieval_disagreements_and_map(qtbot, team_window, monkeypatch):
    """Coding blind, a coder sees nothing of the others' work: not in the code tree's or the
    sources' counts, the retrieved passages, the disagreements or the map's counts."""
    from PySide6.QtWidgets import QMessageBox

    window = team_window
    compute = window.controller.read(resolve_code_path, "On-ramp/Compute")
    noor = window.sources.model.row_of(1)
    reach = window.codes.model.reach(compute)
    assert (reach.passages, reach.codings) == (1, 2)  # two coders, one span: one passage, two codings
    assert window.sources.model.source(noor).codings == 4
    window.codes.select_code(compute)
    window.retrieval.show_codes([compute])
    assert window.retrieval.model.rowCount() == 2
    window.docks["disagreements"].show()
    window.disagreements.reload()
    assert window.disagreements.model.rowCount() > 0

    window.actions["blind"].trigger()
    assert window.codes.model.reach(compute).passages == 0
    assert window.sources.model.source(noor).codings == 0
    assert window.retrieval.model.rowCount() == 0 and not window.retrieval.coder_box.isEnabled()
    assert window.disagreements.model.rowCount() == 0
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda _w, _t, text: shown.append(text)))
    assert window.team.show_agreement() is None and "blind" in shown[0]

    window.controller.run(apply_coding, 1, compute, 0, 11, window.controller.coder_id())
    window.codes._counts.flush()
    window.sources._counts.flush()
    assert window.codes.model.reach(compute).passages == 1
    assert window.sources.model.source(noor).codings == 1
    assert [s.coder for s in window.retrieval.model.items()] == ["Lead"]

    window.actions["blind"].trigger()
    assert window.codes.model.reach(compute).codings == 3
    assert window.retrieval.model.rowCount() == 3 and window.retrieval.coder_box.isEnabled()


def test_the_map_counts_only_my_coding_while_blind(qtbot, team_window):
    window = team_window
    map_window = window.open_map_window()
    qtbot.addWidget(map_window)
    window.actions["blind"].trigger()
    assert not map_window.filters.coder.isEnabled()
    assert map_window._coder() == "Lead"
    window.actions["blind"].trigger()
    assert map_window.filters.coder.isEnabled() and map_window._coder() is None
