"""Reading a project from read-only media (a read-only mount, a write-protected share or stick).

A WAL-mode SQLite file cannot be opened, even for reading, where its ``-shm`` index cannot be
created; SQLite then says only "unable to open database file". When neither the folder can be
written nor a WAL exists, nobody can be changing the file, so it is opened as immutable.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine.url import URL

from qcoder.core.lifecycle.lock import lock_path
from qcoder.core.store.database import sqlite_uri, sqlite_url


def on_read_only_media(path: Path) -> bool:
    """True when the WAL index could not be created beside ``path`` and no writer has one."""
    beside = (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"))
    return not os.access(path.parent, os.W_OK) and not any(p.exists() for p in beside)


def read_only_uri(path: Path) -> str:
    """The ``sqlite3.connect(..., uri=True)`` address for reading ``path`` without changing it."""
    return sqlite_uri(path, read_only=True, immutable=on_read_only_media(path))


def reader_uri(path: Path) -> str:
    """The ``sqlite3.connect(..., uri=True)`` address of a connection that only reads ``path``
    (backups, copies), chosen as :func:`read_only_url` chooses; run ``PRAGMA query_only`` on it."""
    if on_read_only_media(path):
        return sqlite_uri(path, read_only=True, immutable=True)
    return sqlite_uri(path, read_only=lock_path(path).exists())


def read_only_url(path: Path) -> URL:
    """The SQLAlchemy URL for a read-only engine on ``path``."""
    if on_read_only_media(path):
        return sqlite_url(path, read_only=True, immutable=True)
    # While a lock file says someone has the project open for writing, read through a read-only
    # descriptor (mode=ro): it cannot take the write lock SQLite's last connection needs to
    # checkpoint and delete the WAL, so this reader never removes the writer's WAL (a second
    # defence besides the writer's own, qcoder.core.lifecycle.file_guard). Otherwise an ordinary
    # descriptor, whose last close tidies the WAL and -shm away instead of leaving them behind.
    return sqlite_url(path, read_only=lock_path(path).exists())
