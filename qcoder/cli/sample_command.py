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
    from qcoder.app.sample import SampleExistsError, build_sample, open_sample

    if options.out:
        try:
            out = build_sample(Path(options.out), replace=options.force)
        except SampleExistsError as error:
            say(str(error))
            return 2
    else:
        out = open_sample(force=options.force)
    print(out)
    say("the sample study is SYNTHETIC: fictional organisations, people and interviews")
    return 0
