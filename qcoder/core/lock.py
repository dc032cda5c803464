"""The lock beside a project file that says who has it open for writing.

``P.qcoder.lock`` holds JSON naming the coder, host, process and the time it was taken, and a
heartbeat the holder refreshes. A lock is stale when its process is gone (same host) or its
heartbeat is older than :data:`STALE_AFTER_SECONDS` (another host); a stale lock may be taken
over. A second opener is told who holds a live lock and may open the project read-only.
"""

from __future__ import annotations

import json
import os
import socket
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from qcoder.core.errors import ProjectLockedError

HEARTBEAT_SECONDS = 60
STALE_AFTER_SECONDS = 5 * HEARTBEAT_SECONDS


@dataclass(frozen=True)
class LockHolder:
    coder: str
    host: str
    pid: int
    since: str
    heartbeat: float

    def describe(self) -> str:
        since = datetime.fromisoformat(self.since).astimezone().strftime("%Y-%m-%d %H:%M")
        return f"{self.coder} on {self.host} (process {self.pid}) since {since}"


def lock_path(project_path: Path) -> Path:
    return project_path.with_name(project_path.name + ".lock")


def _process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_holder(path: Path) -> LockHolder | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return LockHolder(
            coder=str(data["coder"]),
            host=str(data["host"]),
            pid=int(data["pid"]),
            since=str(data["since"]),
            heartbeat=float(data["heartbeat"]),
        )
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError, OSError):
        # An unreadable lock (e.g. a crash mid-write) protects nobody: treat as stale.
        return LockHolder("unknown", "unknown", -1, datetime.now(timezone.utc).isoformat(), 0.0)


def is_stale(holder: LockHolder, *, now: float | None = None) -> bool:
    now = time.time() if now is None else now
    if holder.host == socket.gethostname():
        return not _process_alive(holder.pid)
    return now - holder.heartbeat > STALE_AFTER_SECONDS


class ProjectLock:
    """A held lock on one project file; release it when the project closes."""

    def __init__(self, project_path: Path, holder: LockHolder) -> None:
        self.path = lock_path(project_path)
        self.holder = holder

    @classmethod
    def acquire(cls, project_path: Path, coder: str) -> ProjectLock:
        path = lock_path(project_path)
        holder = LockHolder(
            coder=coder,
            host=socket.gethostname(),
            pid=os.getpid(),
            since=datetime.now(timezone.utc).isoformat(),
            heartbeat=time.time(),
        )
        payload = json.dumps(asdict(holder)).encode("utf-8")
        for _attempt in range(3):
            try:
                descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                current = read_holder(path)
                if current is None:
                    continue
                if current.host == holder.host and current.pid == holder.pid:
                    return cls(project_path, current)
                if not is_stale(current):
                    raise ProjectLockedError(
                        f"{project_path.name} is open by {current.describe()}", current
                    ) from None
                cls._take_over(path, current, payload)
                return cls(project_path, holder)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(payload)
            return cls(project_path, holder)
        raise ProjectLockedError(f"could not take the lock on {project_path.name}")

    @staticmethod
    def _take_over(path: Path, stale: LockHolder, payload: bytes) -> None:
        """Replace a stale lock atomically, unless someone else replaced it first."""
        if read_holder(path) != stale:
            raise ProjectLockedError(f"{path.name} was just taken by another process")
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(payload)
        os.replace(temporary, path)

    def refresh(self) -> None:
        """Renew the heartbeat so that other hosts do not take the lock for stale."""
        self.holder = LockHolder(**{**asdict(self.holder), "heartbeat": time.time()})
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(asdict(self.holder)), encoding="utf-8")
        os.replace(temporary, self.path)

    def release(self) -> None:
        current = read_holder(self.path)
        if current is not None and current.pid == self.holder.pid and current.host == self.holder.host:
            self.path.unlink(missing_ok=True)
