"""The window's job runner: progress, cancel, one-sentence failures, and the initiator."""

from __future__ import annotations

import errno
import threading

import pytest
from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QProgressDialog, QPushButton

from qcoder.core.changes import Changes
from qcoder.core.errors import QcoderError
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.queries.code_tree import list_codes
from qcoder.ui.jobs import JobRunner, LatestJob
from qcoder.ui.project_controller import ProjectController


@pytest.fixture
def runner(qtbot):
    runner = JobRunner()
    yield runner
    runner.abandon_all(10_000)


def test_work_runs_off_the_gui_thread_and_reports_progress_on_it(qtbot, runner):
    gui = QThread.currentThread()
    where: list[object] = []
    seen: list[tuple[int, int, str, bool]] = []

    def work(context):
        where.append(threading.current_thread().name)
        for step in range(1, 4):
            context.progress(step, 3, f"step {step}")
        return "done"

    job = runner.start(work, name="qcoder-test")
    job.progress.connect(lambda step, steps, what: seen.append((step, steps, what, QThread.currentThread() is gui)))
    with qtbot.waitSignal(job.succeeded, timeout=5000) as answer:
        pass
    assert answer.args == ["done"] and where == ["qcoder-test"]
    assert seen == [(1, 3, "step 1", True), (2, 3, "step 2", True), (3, 3, "step 3", True)]
    qtbot.waitUntil(lambda: not runner.jobs)


def test_cancel_stops_the_work_where_it_asks_and_still_hands_over_what_it_did(qtbot, runner):
    started = threading.Event()

    def work(context):
        started.set()
        steps = 0
        while not context.cancelled() and steps < 10_000:
            steps += 1
            threading.Event().wait(0.001)
        return steps

    job = runner.start(work)
    assert started.wait(5)
    job.cancel()
    with qtbot.waitSignal(job.succeeded, timeout=5000) as answer:
        pass
    assert answer.args[0] < 10_000, "the work heard the cancel"


def test_an_abandoned_job_hands_over_nothing(qtbot, runner):
    release = threading.Event()
    job = runner.start(lambda _context: release.wait(5) and "late")
    answers: list[object] = []
    job.succeeded.connect(answers.append)
    job.failed.connect(answers.append)
    job.abandon()
    release.set()
    assert runner.wait(5000)
    qtbot.waitUntil(lambda: not runner.jobs)
    assert answers == [] and job.done


@pytest.mark.parametrize(("error", "message"), [
    (QcoderError("the file is not a transcript"), "the file is not a transcript"),
    (OSError(errno.ENOSPC, "No space left on device"),
     "the disk is full, so nothing was written; free some space and try again"),
    (PermissionError(errno.EACCES, "Permission denied", "/x/out.csv"), "Permission denied: /x/out.csv"),
    (ZeroDivisionError("division by zero"), "unexpected error (ZeroDivisionError: division by zero)"),
])
def test_a_failure_is_one_sentence_never_a_traceback(qtbot, runner, error, message):
    def work(_context):
        raise error

    job = runner.start(work)
    with qtbot.waitSignal(job.failed, timeout=5000) as failed:
        pass
    assert failed.args == [message] and job.error is error and "Traceback" not in message


def test_waiting_for_a_job_keeps_the_gui_thread_answering(qtbot, runner):
    release = threading.Event()
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: (ticks.append(1), len(ticks) >= 3 and release.set()))
    timer.start(10)
    job = runner.run_waiting(lambda _context: release.wait(5) and 42)
    timer.stop()
    assert job.result == 42 and len(ticks) >= 3, "events ran while the work ran"


def test_cancel_in_the_progress_dialog_abandons_a_waited_for_job(qtbot, runner):
    release = threading.Event()
    progress = QProgressDialog("Working…", "Cancel", 0, 0)
    QTimer.singleShot(50, lambda: progress.findChild(QPushButton).click())
    job = runner.run_waiting(lambda _context: release.wait(0.5) or "finished anyway", progress=progress)
    assert job.abandoned and not job.running
    progress.deleteLater()


def test_call_waiting_raises_the_works_own_error_on_the_gui_thread(qtbot, runner):
    with pytest.raises(QcoderError, match="refused"):
        runner.call_waiting(lambda _context: (_ for _ in ()).throw(QcoderError("refused")))
    assert runner.call_waiting(lambda _context: 7) == 7


def test_only_the_latest_answer_counts(qtbot, runner):
    latest = LatestJob(runner)
    answers: list[object] = []
    latest.finished.connect(answers.append)
    release = threading.Event()
    latest.start(lambda _context: release.wait(5) and "old")
    latest.start(lambda _context: "new")
    release.set()
    assert latest.wait() and answers == ["new"] and not latest.running


def test_the_initiator_of_a_change_can_skip_its_own_refresh(qtbot, tmp_path):
    from qcoder.core.lifecycle.project import Project

    controller = ProjectController()
    controller.set_project(Project.create(tmp_path / "p.qcoder", coder_name="Ann", codebook=None))
    try:
        view, other = object(), object()
        refreshed: list[str] = []

        def on_changed(_changes):  # what a view does: skip what it started itself
            for name, who in (("view", view), ("other", other)):
                if controller.initiator is not who:
                    refreshed.append(name)

        controller.changed.connect(on_changed)
        with controller.initiated_by(view):
            controller.run(add_code, "Data")
        assert refreshed == ["other"] and controller.initiator is None
        refreshed.clear()
        job = controller.jobs.start(lambda _c: controller.project.write(add_code, "Compute"), initiator=view)
        job.succeeded.connect(lambda changes: controller.announce(changes, job.initiator))
        qtbot.waitUntil(lambda: refreshed == ["other"], timeout=5000)
        refreshed.clear()
        controller.run(add_code, "Forums")  # nobody said it started this one
        assert refreshed == ["view", "other"]
        assert [c.name for c in controller.read(list_codes)] == ["Data", "Compute", "Forums"]
        controller.announce(Changes())  # nothing changed: nothing emitted
        assert refreshed == ["view", "other"]
    finally:
        controller.close_project()


def test_closing_the_project_waits_for_its_background_work(qtbot, tmp_path):
    from qcoder.core.lifecycle.project import Project

    controller = ProjectController()
    controller.set_project(Project.create(tmp_path / "p.qcoder", coder_name="Ann", codebook=None))
    entered, release = threading.Event(), threading.Event()

    def slow_read(_context):
        entered.set()
        release.wait(0.3)
        with controller_project.reading() as session:
            return list_codes(session)

    controller_project = controller.project
    job = controller.jobs.start(slow_read)
    assert entered.wait(5)
    controller.close_project()
    assert not job.running, "the read ended before the project closed"
    qtbot.waitUntil(lambda: job.done)
    assert job.error is None and job.abandoned and not controller.jobs.jobs
