"""Keeping a project file's write-ahead log alive while qcoder has the file open.

Why this exists: SQLite on Unix coordinates processes with POSIX ``fcntl`` locks, and those
belong to the *process*: any ``close()`` of *any* descriptor of the file in that process (a file
dialog guessing the file's type, a hash, a copy) silently drops every lock SQLite holds on it.
The next process to close its connection then believes it is the last one, checkpoints and
deletes the WAL that the window is still writing into; from then on the window writes into a
deleted file and a crash loses every coding since.

Two defences, so that one slip cannot lose work:

1. Nothing in a qcoder process opens a project file outside SQLite while it is open: dialogs do
   not sniff files (``qcoder.ui.dialogs.file_dialogs``), copies and backups go through SQLite's backup
   API, importers refuse a file that :func:`is_open_here` names, output targets are checked by
   :mod:`qcoder.core.lifecycle.output_targets`. :func:`is_open_here` knows which files this process has open.
2. :class:`WalGuard`: while a project is open for writing, the process also holds Linux
   *open-file-description* locks (``F_OFD_SETLK``) on its own descriptors of the database file
   and of its ``-shm`` index. OFD locks conflict with SQLite's POSIX locks in other processes
   exactly like SQLite's own, but belong to the descriptor, not the process, so closing some
   other descriptor of the file does not drop them. They are shared (read) locks on the bytes
   SQLite uses for "a connection is open": another process can still read and write, but it can
   never take the exclusive lock it needs to decide it is the last connection, so it never
   checkpoints the WAL away or rebuilds the ``-shm`` index under the window.

   Alternatives considered: ``SQLITE_FCNTL_PERSIST_WAL`` and ``SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE``
   would stop *our* last connection from deleting the WAL but cannot be set from Python's
   ``sqlite3`` (3.11) and do nothing about other processes; opening readers with ``mode=ro``
   (which :mod:`qcoder.core.lifecycle.read_only_media` also does) cannot take the exclusive lock either,
   but protects only against qcoder's own readers, not the ``sqlite3`` shell or another tool.
   Where OFD locks do not exist (macOS, Windows, whose locks do not have this flaw) only the
   first defence applies.
"""

from __future__ import annotations

import os
import struct
import threading
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: its file locks are not dropped by another handle's close
    fcntl = None  # type: ignore[assignment]  # no fcntl on Windows

SQLITE_SHARED_FIRST = 0x40000000 + 2
"""SQLite's ``SHARED_FIRST``: a reader holds a read lock on these bytes of the database file,
and the last connection's checkpoint-and-delete needs a write lock on all of them."""
SQLITE_SHARED_SIZE = 510
SQLITE_SHM_DMS = 128
"""The byte of the ``-shm`` index that every connection read-locks; whoever can write-lock it
believes it is alone and rebuilds the index."""
QCODER_WRITER_BYTE = 0x40000000 + 1024
"""A byte past SQLite's lock bytes that the one qcoder process writing the file write-locks, so
that an opener through another name (a hard link) finds the file taken (:mod:`qcoder.core.lifecycle.lock`)."""

_OFD_SETLK: int | None = getattr(fcntl, "F_OFD_SETLK", None)
READ_LOCK: int = getattr(fcntl, "F_RDLCK", 0)
WRITE_LOCK: int = getattr(fcntl, "F_WRLCK", 1)
UNLOCK: int = getattr(fcntl, "F_UNLCK", 2)

_open_here: dict[tuple[int, int], int] = {}
_open_here_lock = threading.Lock()


def ofd_locks_available() -> bool:
    return _OFD_SETLK is not None


def _flock(kind: int, start: int, length: int) -> bytes:
    # struct flock on Linux: short l_type, short l_whence, off_t l_start, off_t l_len, pid_t l_pid
    # (0 for OFD locks), padded to 32 bytes.
    return struct.pack("hhqqi4x", kind, os.SEEK_SET, start, length, 0)


def ofd_lock(descriptor: int, kind: int, start: int, length: int) -> bool:
    """Take (or with :data:`UNLOCK` drop) an OFD lock without waiting; False if another
    holds a conflicting one."""
    assert _OFD_SETLK is not None
    try:
        fcntl.fcntl(descriptor, _OFD_SETLK, _flock(kind, start, length))
    except (BlockingIOError, PermissionError):
        return False
    return True


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def register_open(path: Path) -> tuple[int, int] | None:
    """Note that this process has the project file ``path`` open through SQLite."""
    key = _file_id(path)
    if key is not None:
        with _open_here_lock:
            _open_here[key] = _open_here.get(key, 0) + 1
    return key


def unregister_open(key: tuple[int, int] | None) -> None:
    if key is None:
        return
    with _open_here_lock:
        count = _open_here.get(key, 0) - 1
        if count > 0:
            _open_here[key] = count
        else:
            _open_here.pop(key, None)


def is_open_here(path: Path, status: os.stat_result | None = None) -> bool:
    """Whether ``path`` (by any name or link) is a project file, or its ``-wal``/``-shm``, that
    this process has open: opening and closing it outside SQLite would drop SQLite's locks.
    ``status``: ``os.stat(path)``, if the caller has it already."""
    path = Path(path)
    candidates = [path]
    for suffix in ("-wal", "-shm"):
        if path.name.endswith(suffix):
            candidates.append(path.with_name(path.name[: -len(suffix)]))
    with _open_here_lock:
        if not _open_here:
            return False
        keys = set(_open_here)
    if (_file_id(path) if status is None else (status.st_dev, status.st_ino)) in keys:
        return True
    # A -wal or -shm is recognised by its project file (its own inode changes as SQLite works).
    return any(_file_id(candidate) in keys for candidate in candidates[1:])


class WalGuard:
    """OFD read locks on a project file and its ``-shm``, held while the project is open for
    writing (see the module's docstring); :meth:`release` before the engine is disposed, so that
    qcoder's own last connection checkpoints and removes the WAL as usual."""

    def __init__(self, descriptors: list[int], path: Path | None = None) -> None:
        self._descriptors = descriptors
        self._path = path
        self._locked = bool(descriptors)

    @classmethod
    def take(cls, path: Path) -> WalGuard:
        """Guard ``path``, whose SQLite engine must already have connected (WAL on, ``-shm``
        made). Does nothing where OFD locks are missing or the files cannot be opened."""
        if not ofd_locks_available():
            return cls([], path)
        descriptors: list[int] = []
        for name, start, length in (
            (path, SQLITE_SHARED_FIRST, SQLITE_SHARED_SIZE),
            (path.with_name(path.name + "-shm"), SQLITE_SHM_DMS, 1),
        ):
            try:
                descriptor = os.open(name, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
            except OSError:
                continue
            if ofd_lock(descriptor, READ_LOCK, start, length):
                descriptors.append(descriptor)
            else:  # another process is taking the file exclusively right now: nothing to guard
                close_descriptor(descriptor, path)
        return cls(descriptors, path)

    def release(self) -> None:
        """Drop the locks; the descriptors stay open until :meth:`close` (closing one would drop
        the POSIX locks of SQLite connections still open in this process)."""
        if self._locked:
            for descriptor in self._descriptors:
                ofd_lock(descriptor, UNLOCK, 0, 0)
            self._locked = False

    def close(self) -> None:
        """Release and close; call once this project's connections to the file are closed (and
        it is unregistered: another opening of the file in this process keeps them open)."""
        self.release()
        for descriptor in self._descriptors:
            if self._path is None:
                os.close(descriptor)
            else:
                close_descriptor(descriptor, self._path)
        self._descriptors = []


def close_descriptor(descriptor: int, path: Path) -> None:
    """Close our own descriptor of ``path``, unless a project on that file is (still) open in
    this process: closing it would drop that project's SQLite locks, so it is kept until exit."""
    if is_open_here(path):
        _parked.append(descriptor)
    else:
        os.close(descriptor)


_parked: list[int] = []
"""Descriptors that could not be closed safely (rare: a refused second opening of a file)."""
