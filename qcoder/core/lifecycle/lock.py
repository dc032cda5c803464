"""The lock beside a project file that says who has it open for writing.

``P.qcoder.lock`` holds JSON naming the coder, host, process and the time it was taken, and a
heartbeat the holder refreshes. A lock is stale when its process is gone (same host) or its
heartbeat is older than :data:`STALE_AFTER_SECONDS` (another host); a stale lock may be taken
over. A second opener is told who holds a live lock and may open the project read-only.

The lock protects the real file, whatever name it is reached by: its name is that of the
resolved path (a symlink finds the lock of its target), and where the system has them
(Linux) the holder also write-locks one byte of the file itself (an OFD lock, see
:mod:`qcoder.core.lifecycle.file_guard`), so an opener through a hard link, whose lock file would have
another name, is refused too.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
import time
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from qcoder.core.errors import ProjectLockedError, ReadOnlyProjectError
from qcoder.core.lifecycle.file_guard import (
    QCODER_WRITER_BYTE,
    UNLOCK,
    WRITE_LOCK,
    close_descriptor,
    ofd_lock,
    ofd_locks_available,
)

HEARTBEAT_SECONDS = 60
STALE_AFTER_SECONDS = 5 * HEARTBEAT_SECONDS


@dataclass(frozen=True)
class LockHolder:
    coder: str
    host: str
    pid: int
    since: str
    heartbeat: float
    token: str = ""
    """Unique to one opening, so that two openings in the same process are told apart."""

    def describe(self) -> str:
        try:
            since = datetime.fromisoformat(self.since).astimezone().strftime("%Y-%m-%d %H:%M")
        except (ValueError, TypeError, OverflowError):
            since = str(self.since)
        return f"{self.coder} on {self.host} (process {self.pid}) since {since}"


def lock_path(project_path: Path) -> Path:
    """The lock file of the real file behind ``project_path`` (symlinks resolved)."""
    real = Path(os.path.realpath(project_path))
    return real.with_name(real.name + ".lock")


def _process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


UNREADABLE_LOCK = LockHolder("unknown", "unknown", -1, "1970-01-01T00:00:00+00:00", 0.0)
"""What an unreadable lock file reads as: stale, and equal to itself so it can be taken over."""


def _windows_process_alive(pid: int) -> bool:
    """On Windows ``os.kill(pid, 0)`` would send Ctrl+C to the process: ask the kernel instead."""
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]  # Windows-only ctypes
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return ctypes.get_last_error() == 5  # type: ignore[attr-defined]  # ERROR_ACCESS_DENIED: it exists, it is not ours
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def read_holder(path: Path) -> LockHolder | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return LockHolder(
            coder=str(data["coder"]),
            host=str(data["host"]),
            pid=int(data["pid"]),
            since=str(data["since"]),
            heartbeat=float(data["heartbeat"]),
            token=str(data.get("token", "")),
        )
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError, AttributeError, OSError):
        # Lock files are written whole (see _create_exclusive), so an unreadable one was not
        # written by a qcoder holding it and protects nobody: treat it as stale.
        return UNREADABLE_LOCK


def is_stale(holder: LockHolder, *, now: float | None = None) -> bool:
    now = time.time() if now is None else now
    if holder == UNREADABLE_LOCK:
        return True
    if holder.host == socket.gethostname():
        if not _process_alive(holder.pid):
            return True
        # After a crash and a reboot the holder's process id may belong to another process.
        started = _process_start_time(holder.pid)
        since = _timestamp(holder.since)
        return started is not None and since is not None and started > since + 2
    return now - holder.heartbeat > STALE_AFTER_SECONDS


def _timestamp(iso: str) -> float | None:
    try:
        return datetime.fromisoformat(iso).timestamp()
    except (ValueError, TypeError, OverflowError):
        return None


def _process_start_time(pid: int) -> float | None:
    """When process ``pid`` started (seconds since the epoch), where the system tells (Linux)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        with open("/proc/stat", encoding="ascii") as handle:
            boot = next(float(line.split()[1]) for line in handle if line.startswith("btime "))
        return boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration, AttributeError):
        return None


class ProjectLock:
    """A held lock on one project file; release it when the project closes."""

    def __init__(self, project_path: Path, holder: LockHolder) -> None:
        self.path = lock_path(project_path)
        self.holder = holder
        self._project_path = project_path
        self._file_lock: int | None = None
        """A descriptor of the project file holding the writer byte's OFD lock."""
        self._beating: threading.Event | None = None
        self._beat_thread: threading.Thread | None = None

    def start_heartbeat(self, interval: float = HEARTBEAT_SECONDS) -> None:
        """Refresh the heartbeat every ``interval`` seconds on a background thread until
        :meth:`release`, so that a long command (an import, a merge) is not taken for stale
        by another host. Refreshing more often (the window's timer too) is harmless."""
        if self._beat_thread is not None:
            return
        stop = self._beating = threading.Event()

        def beat() -> None:
            while not stop.wait(interval):
                try:
                    if not self.refresh():
                        return  # taken over: nothing of ours to keep alive
                except OSError:
                    pass  # the next beat tries again

        self._beat_thread = threading.Thread(target=beat, name="qcoder-lock-heartbeat", daemon=True)
        self._beat_thread.start()

    def _stop_heartbeat(self) -> None:
        if self._beating is not None and self._beat_thread is not None:
            self._beating.set()
            if self._beat_thread is not threading.current_thread():
                self._beat_thread.join(10)
        self._beating = self._beat_thread = None

    @classmethod
    def acquire(cls, project_path: Path, coder: str) -> ProjectLock:
        path = lock_path(project_path)
        holder = LockHolder(
            coder=coder,
            host=socket.gethostname(),
            pid=os.getpid(),
            since=datetime.now(UTC).isoformat(),
            heartbeat=time.time(),
            token=uuid.uuid4().hex,
        )
        payload = json.dumps(asdict(holder)).encode("utf-8")
        for _attempt in range(3):
            try:
                created = _create_exclusive(path, payload)
            except PermissionError:
                raise ReadOnlyProjectError(
                    f"{project_path.name} cannot be opened for writing: its folder is not writable "
                    "(open it read-only, or copy it somewhere you can write)"
                ) from None
            except OSError as error:  # a read-only mount (EROFS), a full disk (ENOSPC)
                from qcoder.core.store.storage_errors import storage_error

                translated = storage_error(project_path.name, error)
                if translated is None:
                    raise
                raise translated from None
            if created:
                return cls(project_path, holder)._locking_file(project_path)
            current = read_holder(path)
            if current is None:
                continue  # released in between: try again
            if current.host == holder.host and current.pid == holder.pid:
                # The same process holds it (another window or a project never closed):
                # two writers in one process would fight over undo and caches.
                raise ProjectLockedError(
                    f"{project_path.name} is already open in this program "
                    f"({current.describe()}); close it first", current
                )
            if not is_stale(current):
                raise ProjectLockedError(f"{project_path.name} is open by {current.describe()}", current)
            cls._take_over(path, current, payload, holder)
            return cls(project_path, holder)._locking_file(project_path)
        raise ProjectLockedError(f"could not take the lock on {project_path.name}")

    def _locking_file(self, project_path: Path) -> ProjectLock:
        """Write-lock the writer byte of the file itself; refuse if another opening holds it
        (the same file reached through a hard link, whose lock file has another name)."""
        if not ofd_locks_available():
            return self
        try:
            descriptor = os.open(project_path, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
        except OSError:  # no file yet (a restore recreating it), or not writable: nothing to lock
            return self
        if not ofd_lock(descriptor, WRITE_LOCK, QCODER_WRITER_BYTE, 1):
            close_descriptor(descriptor, project_path)  # kept if this process has it open
            self.release()
            raise ProjectLockedError(
                f"{project_path.name} is already open for writing under another name (a link to "
                "the same file); close it there first", None
            )
        self._file_lock = descriptor
        return self

    @staticmethod
    def _take_over(path: Path, stale: LockHolder, payload: bytes, mine: LockHolder) -> None:
        """Replace a stale lock atomically, unless someone else replaced it first."""
        if read_holder(path) != stale:
            raise ProjectLockedError(f"{path.name} was just taken by another process")
        _write_replacing(path, payload)
        if read_holder(path) != mine:
            raise ProjectLockedError(f"{path.name} was just taken by another process")

    def holds(self) -> bool:
        """Whether the lock file still names this opening (nobody took it over as stale)."""
        return read_holder(self.path) == self.holder

    def refresh(self) -> bool:
        """Renew the heartbeat so that other hosts do not take the lock for stale.

        Returns False, leaving the file alone, if another opener has taken the lock over in the
        meantime (see :meth:`holds`).
        """
        current = read_holder(self.path)
        if current is not None and current.token != self.holder.token:
            return False
        self.holder = LockHolder(**{**asdict(self.holder), "heartbeat": time.time()})
        _write_replacing(self.path, json.dumps(asdict(self.holder)).encode("utf-8"))
        return True

    def release(self) -> None:
        """Remove the lock; call after the project's connections are closed (closing the
        descriptor that holds the writer byte drops this process's SQLite locks on the file)."""
        self._stop_heartbeat()  # first, so that no beat writes the file again after this
        current = read_holder(self.path)
        if current is not None and current.token == self.holder.token:
            self.path.unlink(missing_ok=True)
        if self._file_lock is not None:
            ofd_lock(self._file_lock, UNLOCK, QCODER_WRITER_BYTE, 1)
            close_descriptor(self._file_lock, self._project_path)
            self._file_lock = None


def _create_exclusive(path: Path, payload: bytes) -> bool:
    """Create ``path`` holding ``payload`` whole, only if it does not exist; False if it does.

    The content is written to a private file first and hard-linked into place, so that no
    other opener ever reads a half-written lock; where hard links are not supported (some
    network and FAT file systems) it falls back to an exclusive create.
    """
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    temporary.write_bytes(payload)
    try:
        os.link(temporary, path)
        return True
    except FileExistsError:
        return False
    except OSError:
        try:
            descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(payload)
        return True
    finally:
        temporary.unlink(missing_ok=True)


def _write_replacing(path: Path, payload: bytes) -> None:
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    temporary.write_bytes(payload)
    os.replace(temporary, path)
