"""Consistent copies of a project file (SQLite's online backup, safe with WAL), kept rolling."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from qcoder.core.storage_errors import storage_error

KEEP_BACKUPS = 10


def backups_dir(path: Path) -> Path:
    return path.parent / ".qcoder-backups" / path.stem


def backup_file(path: Path, reason: str) -> Path:
    """Copy the project at ``path`` into its backups folder; keep the newest :data:`KEEP_BACKUPS`."""
    folder = backups_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{stamp}-{reason}.qcoder"
    partial = target.with_name(target.name + ".partial")  # never listed: a backup is whole or absent
    try:
        source = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        try:
            destination = sqlite3.connect(partial)
            try:
                source.backup(destination)
            finally:
                destination.close()
        finally:
            source.close()
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as error:
        partial.unlink(missing_ok=True)
        translated = storage_error(f"{Path(path).name} (its backup)", error)  # a full disk, say
        if translated is None:
            raise
        raise translated from error
    _prune(folder)
    return target


def list_backups(path: Path) -> list[Path]:
    folder = backups_dir(path)
    return sorted(folder.glob("*.qcoder")) if folder.exists() else []


def _prune(folder: Path) -> None:
    backups = sorted(folder.glob("*.qcoder"))
    for old in backups[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
