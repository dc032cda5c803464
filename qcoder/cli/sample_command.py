"""``qcoder sample [--out P]``: build the synthetic example study (SYNTHETIC — fictional)."""

from __future__ import annotations

import argparse
from pathlib import Path

from qcoder.cli.context import say


def register(commands: argparse._SubParsersAction) -> None:
    sample = commands.add_parser(
        "sample", help="build the synthetic example study (fictional interviews, fully coded by two coders)"
    )
    sample.add_argument("--out", help="where to write it (default: your data folder, rebuilt when outdated)")
    sample.add_argument("--force", action="store_true", help="rebuild even if it is up to date")
    sample.set_defaults(run=run_sample)


def run_sample(options: argparse.Namespace) -> int:
    from qcoder.io.sample_study import build_sample_project, default_sample_path, ensure_sample_project

    if options.out:
        out = Path(options.out)
        if out.exists():
            if not options.force:
                say(f"{out} exists; use --force to replace it")
                return 2
            out.unlink()
        build_sample_project(out)
    else:
        out = ensure_sample_project(default_sample_path(), force=options.force)
    print(out)
    say("the sample study is SYNTHETIC: fictional organisations, people and interviews")
    return 0
