"""What the storage says when it cannot write — a full disk, a read-only file or folder, a
failing device — turned into one sentence the user can act on.

SQLite reports a full disk as ``database or disk is full`` (SQLITE_FULL) and rolls the
transaction back, so nothing of the refused action is kept and everything committed before it
stays; the message says exactly that. The file system reports the same through ``OSError``
(ENOSPC, EROFS) when qcoder writes its lock or a backup.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from qcoder.core.errors import DiskFullError, QcoderError, ReadOnlyProjectError

_FULL = ("database or disk is full", "no space left on device", "could not extend file", "disk quota exceeded")
_READ_ONLY = ("attempt to write a readonly database", "read-only file system", "readonly database")
_IO = ("disk i/o error",)


def _text(error: BaseException) -> str:
    original = getattr(error, "orig", None)
    return str(original if original is not None else error).lower()


def storage_error(name: str, error: BaseException) -> QcoderError | None:
    """The user's message for a storage failure while saving ``name``; None if it is not one."""
    code = error.errno if isinstance(error, OSError) else None
    text = _text(error)
    if code in (errno.ENOSPC, errno.EDQUOT) or any(phrase in text for phrase in _FULL):
        return DiskFullError(
            f"{name}: the disk is full, so this action was not saved (everything saved before it is "
            "safe); free some space and try again"
        )
    if code == errno.EROFS or any(phrase in text for phrase in _READ_ONLY):
        return ReadOnlyProjectError(
            f"{name} cannot be changed: the file or its folder is read-only (open it read-only, or "
            "copy it somewhere you can write)"
        )
    if code == errno.EIO or any(phrase in text for phrase in _IO):
        return QcoderError(
            f"{name}: the disk reported an error while saving, so this action was not saved; check "
            "the drive (a removed USB stick or network share?) and try again"
        )
    return None


def check_writable(path: Path) -> None:
    """Refuse to open ``path`` for writing when the file or its folder cannot be written.

    SQLite would otherwise open such a file read-only without a word and fail at the first
    coding; ``os.access`` also sees read-only mounts and immutable files, even for root.
    """
    for target, what in ((path, "the file"), (path.parent, "its folder")):
        if not os.access(target, os.W_OK):
            raise ReadOnlyProjectError(
                f"{path.name} cannot be opened for writing: {what} is read-only (open it read-only, "
                "or copy it somewhere you can write)"
            )
