"""Where an output may be written: never over a project, its WAL, its index, its lock or a backup.

One check for every export and every ``--out`` (command line and the window's save dialogs): a
slip of the hand (``--out study.qcoder``, a wrong pick in a dialog, tab completion) must not
replace months of coding by a CSV. Files are recognised by what they really are, whatever name
or link reaches them: the real path (symlinks resolved), the inode of a project this process
has open, and the first bytes of a file nobody here has open (an SQLite database or WAL).
"""

from __future__ import annotations

import os
from pathlib import Path

from qcoder.core.errors import QcoderError
from qcoder.core.lifecycle.file_guard import is_open_here

PROJECT_SUFFIX = ".qcoder"
COMPANION_ENDINGS = (".qcoder-wal", ".qcoder-shm", ".qcoder.lock", ".qcoder-journal")
BACKUPS_FOLDER = ".qcoder-backups"
SQLITE_HEADER = b"SQLite format 3\x00"
WAL_MAGICS = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")


class ProtectedTargetError(QcoderError):
    """An output aimed at a project file, its companions or a backup."""


def check_output_target(out: Path | str, *, new_project: bool = False) -> None:
    """Refuse ``out`` if writing it could destroy a project: raise :class:`ProtectedTargetError`.

    ``new_project``: ``out`` is to become a new project file (a merge's result, a pulled copy),
    so a ``.qcoder`` name is expected, but no file, WAL or index may be there already.
    """
    out = Path(out)
    real = Path(os.path.realpath(out))
    shown = out.name
    if BACKUPS_FOLDER in real.parts:
        raise ProtectedTargetError(f"{shown} is in a qcoder backups folder: choose another place for the output")
    if real.name.lower().endswith(COMPANION_ENDINGS):
        raise ProtectedTargetError(
            f"{shown} belongs to a qcoder project (its journal, index or lock): choose another file name"
        )
    if new_project:
        for companion in ("-wal", "-shm"):
            if real.with_name(real.name + companion).exists():
                raise ProtectedTargetError(
                    f"{real.name + companion} lies beside {shown}: a new project there would take it "
                    "for its own; choose another name"
                )
    elif real.suffix.lower() == PROJECT_SUFFIX:
        raise ProtectedTargetError(f"{shown} is a qcoder project file name: an export cannot be written over a project")
    if not real.exists():
        return
    if is_open_here(real):
        raise ProtectedTargetError(f"{shown} is a project open in qcoder: choose another file for the output")
    if real.is_file() and _looks_like_database(real):
        raise ProtectedTargetError(
            f"{shown} is a database (a qcoder project or its journal): it cannot be overwritten by an output"
        )
    if new_project:
        raise ProtectedTargetError(f"{shown} already exists; choose a new file")


def _looks_like_database(path: Path) -> bool:
    """Its first bytes: only read for a file this process does not have open (checked before)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError:
        return False
    return head == SQLITE_HEADER or head[:4] in WAL_MAGICS
