"""The synthetic example study (SYNTHETIC — fictional organisations, people and interviews).

Built into the user's data folder the first time it is opened (and again when the bundled
study is newer), or into a file of the person's choice (``qcoder sample --out``).
"""

from __future__ import annotations

import os
from pathlib import Path

from qcoder.core.errors import QcoderError
from qcoder.core.lifecycle.lock import is_stale
from qcoder.core.lifecycle.output_targets import BACKUPS_FOLDER, check_output_target
from qcoder.core.lifecycle.project import PROJECT_SUFFIX, lock_holder
from qcoder.io.sample_study import build_sample_project, default_sample_path, ensure_sample_project


class SampleExistsError(QcoderError):
    """The chosen file exists and replacing it was not asked for."""


def open_sample(*, force: bool = False) -> Path:
    """The sample study in the user's data folder, (re)built when missing, outdated or ``force``."""
    return ensure_sample_project(default_sample_path(), force=force)


def build_sample(out: Path, *, replace: bool = False) -> Path:
    """Build the sample study into ``out``; an existing ``out`` only with ``replace`` (a closed
    ``.qcoder`` file, never an open one, a companion or a backup)."""
    out = Path(out)
    if out.exists():
        if not replace:
            raise SampleExistsError(f"{out} exists; use --force to replace it")
        _check_replaceable(out)
        out.unlink()
    check_output_target(out, new_project=True)  # not a project's WAL, lock or a backup
    return build_sample_project(out)


def _check_replaceable(out: Path) -> None:
    holder = lock_holder(out)
    if holder is not None and not is_stale(holder):
        raise QcoderError(f"{out.name} is open by {holder.describe()}: close it before replacing it")
    real = Path(os.path.realpath(out))
    if real.suffix != PROJECT_SUFFIX or BACKUPS_FOLDER in real.parts:
        raise QcoderError(f"--force replaces only a .qcoder file outside the backups folder, not {out.name}")
