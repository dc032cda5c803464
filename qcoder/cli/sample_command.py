"""``qcoder sample [--out P]``: build the synthetic example study (SYNTHETIC — fictional)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from qcoder.cli.context import CommandError, say
from qcoder.core.output_targets import check_output_target
from qcoder.core.project import PROJECT_SUFFIX, lock_holder


def register(commands: argparse._SubParsersAction) -> None:
    sample = commands.add_parser(
        "sample", help="build the synthetic example study (fictional interviews, fully coded by two coders)"
    )
    sample.add_argument("--out", help="where to write it (default: your data folder, rebuilt when outdated)")
    sample.add_argument("--force", action="store_true", help="rebuild even if it is up to date")
    sample.set_defaults(run=run_sample)


def _check_replaceable(out: Path) -> None:
    """``--force`` replaces a closed ``.qcoder`` file, never an open one, a companion or a backup."""
    from qcoder.core.lock import is_stale
    from qcoder.core.output_targets import BACKUPS_FOLDER

    holder = lock_holder(out)
    if holder is not None and not is_stale(holder):
        raise CommandError(f"{out.name} is open by {holder.describe()}: close it before replacing it")
    real = Path(os.path.realpath(out))
    if real.suffix != PROJECT_SUFFIX or BACKUPS_FOLDER in real.parts:
        raise CommandError(f"--force replaces only a .qcoder file outside the backups folder, not {out.name}")


def run_sample(options: argparse.Namespace) -> int:
    from qcoder.io.sample_study import build_sample_project, default_sample_path, ensure_sample_project

    if options.out:
        out = Path(options.out)
        if out.exists():
            if not options.force:
                say(f"{out} exists; use --force to replace it")
                return 2
            _check_replaceable(out)
            out.unlink()
        check_output_target(out, new_project=True)  # not a project's WAL, lock or a backup
        build_sample_project(out)
    else:
        out = ensure_sample_project(default_sample_path(), force=options.force)
    print(out)
    say("the sample study is SYNTHETIC: fictional organisations, people and interviews")
    return 0
