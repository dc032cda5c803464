"""The lock beside a project file: who holds it, stale locks, and two real processes."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime

import pytest

from qcoder.core.errors import ProjectLockedError
from qcoder.core.lifecycle.lock import STALE_AFTER_SECONDS, ProjectLock, lock_path, read_holder
from qcoder.core.lifecycle.project import Project, lock_holder


def _dead_pid() -> int:
    """A process id that is certainly not running: a child that has exited and been reaped."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _write_lock(project_path, *, coder: str, host: str, pid: int, heartbeat: float) -> None:
    lock_path(project_path).write_text(
        json.dumps(
            {
                "coder": coder, "host": host, "pid": pid,
                "since": datetime(2026, 1, 2, 3, 4, tzinfo=UTC).isoformat(),
                "heartbeat": heartbeat,
            }
        ),
        encoding="utf-8",
    )


@pytest.fixture
def closed_project(project_path):
    Project.create(project_path, coder_name="Ann", codebook=None).close()
    return project_path


def test_a_second_opener_is_told_who_holds_the_lock(closed_project):
    with Project.open(closed_project, coder_name="Ann"):
        with pytest.raises(ProjectLockedError) as caught:
            Project.open(closed_project, coder_name="Bob")
    message = str(caught.value)
    assert "Ann" in message
    assert socket.gethostname() in message
    assert str(os.getpid()) in message
    assert "since" in message
    holder = caught.value.holder
    assert holder.coder == "Ann" and holder.pid == os.getpid()
    datetime.fromisoformat(holder.since)  # a real timestamp


def test_the_refused_opener_does_not_break_the_holders_lock(closed_project):
    first = Project.open(closed_project, coder_name="Ann")
    with pytest.raises(ProjectLockedError):
        Project.open(closed_project, coder_name="Bob")
    assert lock_holder(closed_project).coder == "Ann"
    first.close()
    assert lock_holder(closed_project) is None
    Project.open(closed_project, coder_name="Bob").close()


def test_a_lock_left_by_a_dead_process_is_taken_over(closed_project):
    _write_lock(closed_project, coder="Ghost", host=socket.gethostname(), pid=_dead_pid(),
                heartbeat=time.time())
    with Project.open(closed_project, coder_name="Ann") as project:
        assert project.lock is not None
        holder = read_holder(lock_path(closed_project))
        assert holder.coder == "Ann" and holder.pid == os.getpid()
    assert not lock_path(closed_project).exists()


def test_an_old_heartbeat_from_another_host_is_stale(closed_project):
    _write_lock(closed_project, coder="Remote", host="some-other-host.example", pid=os.getpid(),
                heartbeat=time.time() - STALE_AFTER_SECONDS - 60)
    with Project.open(closed_project, coder_name="Ann"):
        assert lock_holder(closed_project).coder == "Ann"


def test_a_live_lock_from_another_host_is_respected(closed_project):
    _write_lock(closed_project, coder="Remote", host="some-other-host.example", pid=1,
                heartbeat=time.time() - 10)
    with pytest.raises(ProjectLockedError, match="Remote on some-other-host.example"):
        Project.open(closed_project, coder_name="Ann")
    assert lock_holder(closed_project).coder == "Remote", "a respected lock is left alone"
    with Project.open(closed_project, read_only=True) as reader:  # reading is still allowed
        assert reader.read_only


def test_an_unreadable_lock_file_is_taken_over(closed_project):
    lock_path(closed_project).write_bytes(b"{\"coder\": \"half-writ")
    with Project.open(closed_project, coder_name="Ann"):
        assert lock_holder(closed_project).coder == "Ann"


def test_a_lock_with_a_bad_timestamp_still_describes_its_holder(closed_project):
    lock_path(closed_project).write_text(json.dumps({
        "coder": "Remote", "host": "elsewhere", "pid": 7, "since": "yesterday-ish",
        "heartbeat": time.time(),
    }))
    with pytest.raises(ProjectLockedError, match="Remote on elsewhere .*yesterday-ish"):
        Project.open(closed_project, coder_name="Ann")


def test_refresh_renews_the_heartbeat_but_never_overwrites_a_lock_taken_over(closed_project):
    lock = ProjectLock.acquire(closed_project, "Ann")
    before = lock.holder.heartbeat
    time.sleep(0.01)
    assert lock.refresh() is True
    assert read_holder(lock.path).heartbeat > before
    assert lock.holds()
    _write_lock(closed_project, coder="Usurper", host="elsewhere", pid=9, heartbeat=time.time())
    assert lock.refresh() is False
    assert not lock.holds()
    assert read_holder(lock.path).coder == "Usurper"
    lock.release()  # not ours any more: left in place
    assert read_holder(lock.path).coder == "Usurper"


_HOLDER_SCRIPT = textwrap.dedent(
    """
    import sys
    from qcoder.core.lifecycle.project import Project
    project = Project.open(sys.argv[1], coder_name="Carla")
    print("ready", flush=True)
    sys.stdin.readline()
    project.close()
    print("closed", flush=True)
    """
)


def _start_holder(project_path) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", _HOLDER_SCRIPT, str(project_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    return child


def test_two_real_processes(closed_project):
    child = _start_holder(closed_project)
    try:
        with pytest.raises(ProjectLockedError) as caught:
            Project.open(closed_project, coder_name="Ann")
        message = str(caught.value)
        assert "Carla" in message and f"process {child.pid}" in message
        assert socket.gethostname() in message
        with Project.open(closed_project, read_only=True) as reader, reader.reading():
            pass
        child.stdin.write("\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "closed"
        assert child.wait(30) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    with Project.open(closed_project, coder_name="Ann"):
        assert lock_holder(closed_project).coder == "Ann"


def test_a_killed_process_leaves_a_lock_that_is_taken_over(closed_project):
    child = _start_holder(closed_project)
    child.kill()
    child.wait()
    assert lock_holder(closed_project).coder == "Carla", "a crash leaves the lock behind"
    with Project.open(closed_project, coder_name="Ann"):
        assert lock_holder(closed_project).coder == "Ann"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions as non-root")
def test_a_project_in_a_read_only_folder_says_so_and_opens_read_only(tmp_path):
    from qcoder.core.errors import ReadOnlyProjectError

    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "study.qcoder"
    Project.create(path, codebook=None).close()
    folder.chmod(0o555)
    try:
        with pytest.raises(ReadOnlyProjectError, match="not writable"):
            Project.open(path)
        with Project.open(path, read_only=True) as project:
            assert project.read_only
    finally:
        folder.chmod(0o755)


def test_the_lock_survives_a_permission_error_as_a_clear_message(closed_project, monkeypatch):
    """Root ignores folder permissions, so simulate the write failing."""
    from qcoder.core.errors import ReadOnlyProjectError
    from qcoder.core.lifecycle import lock as lock_module

    def refuse(path, payload):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(lock_module, "_create_exclusive", refuse)
    with pytest.raises(ReadOnlyProjectError, match="not writable"):
        Project.open(closed_project)
    assert not lock_path(closed_project).exists()


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="process start times come from /proc")
def test_a_reused_process_id_does_not_keep_an_old_lock_alive(closed_project):
    """After a crash and a reboot, the pid in the lock may belong to an unrelated newer process."""
    newer = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.readline()"], stdin=subprocess.PIPE)
    try:
        lock_path(closed_project).write_text(json.dumps({
            "coder": "Before the reboot", "host": socket.gethostname(), "pid": newer.pid,
            "since": datetime(2026, 1, 1, tzinfo=UTC).isoformat(), "heartbeat": 0.0,
        }))
        with Project.open(closed_project, coder_name="Ann"):
            assert lock_holder(closed_project).coder == "Ann"
    finally:
        newer.communicate(b"\n", timeout=30)


def test_a_live_holder_that_started_before_its_lock_is_respected(closed_project):
    older = os.getppid()  # the process that started this test run, alive and older than now
    lock_path(closed_project).write_text(json.dumps({
        "coder": "Dora", "host": socket.gethostname(), "pid": older,
        "since": datetime.now(UTC).isoformat(), "heartbeat": time.time(),
    }))
    with pytest.raises(ProjectLockedError, match="Dora"):
        Project.open(closed_project, coder_name="Ann")


def test_the_heartbeat_beats_in_the_background_and_stops_on_release(closed_project):
    lock = ProjectLock.acquire(closed_project, "Ann")
    first = read_holder(lock.path).heartbeat
    lock.start_heartbeat(interval=0.02)
    deadline = time.time() + 5
    while read_holder(lock.path).heartbeat == first and time.time() < deadline:
        time.sleep(0.01)
    assert read_holder(lock.path).heartbeat > first
    lock.release()
    time.sleep(0.1)
    assert not lock.path.exists(), "no beat may bring the lock file back after release"


def test_a_heartbeat_stops_when_the_lock_was_taken_over(closed_project):
    lock = ProjectLock.acquire(closed_project, "Ann")
    _write_lock(closed_project, coder="Usurper", host="elsewhere", pid=9, heartbeat=123.0)
    lock.start_heartbeat(interval=0.02)
    time.sleep(0.2)
    assert read_holder(lock.path).heartbeat == 123.0
    lock.release()
    assert read_holder(lock.path).coder == "Usurper"


def test_an_open_project_keeps_its_heartbeat_alive(closed_project):
    with Project.open(closed_project, coder_name="Ann") as project:
        assert project.lock is not None and project.lock._beat_thread is not None
        assert project.lock._beat_thread.is_alive()
    assert not lock_path(closed_project).exists()
