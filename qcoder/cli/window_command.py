"""``qcoder [PROJECT]`` / ``qcoder open [PROJECT]``: the window (Qt is imported only here)."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction) -> None:
    window = commands.add_parser("open", help="open the window (the default command)")
    window.add_argument("project", nargs="?", help="a .qcoder file to open")
    window.add_argument("--coder", help="your name as a coder")
    window.set_defaults(run=run_window)


def run_window(options: argparse.Namespace) -> int:
    from qcoder.ui.app import run_app

    return run_app(options.project, coder_name=options.coder)
