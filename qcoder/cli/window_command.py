"""``qcoder [PROJECT]`` / ``qcoder open [PROJECT]``: the window (Qt is imported only here)."""

from __future__ import annotations

import argparse
from pathlib import Path

from qcoder.cli.context import CommandError, refuse_coder_on_server
from qcoder.core.lifecycle.project import PROJECT_SUFFIX
from qcoder.core.team.server_url import is_server_url


def register(commands: argparse._SubParsersAction) -> None:
    window = commands.add_parser("open", help="open the window (the default command)")
    window.add_argument("project", nargs="?", help="a .qcoder file, or a team server's postgresql:// URL")
    window.add_argument("--coder", help="your name as a coder (a project file; on a team server you are your login)")
    window.add_argument("--sample", action="store_true",
                        help="open the synthetic example study (built first, into your data folder)")
    # Words after the project mean the first word was a mistyped command (``qcoder segmnts P``).
    window.add_argument("rest", nargs="*", help=argparse.SUPPRESS)
    window.set_defaults(run=run_window)


def run_window(options: argparse.Namespace) -> int:
    if options.rest:
        raise CommandError(f"unknown command '{options.project}' (see qcoder --help)")
    if options.sample:
        if options.project is not None:
            raise CommandError("give a project or --sample, not both")
        from qcoder.app.sample import open_sample

        options.project = str(open_sample())
    if options.project is not None:
        _check_project_argument(options.project)
        if is_server_url(options.project):
            refuse_coder_on_server(options.project, options.coder)
    from qcoder.ui.platform_check import platform_problem

    problem = platform_problem()
    if problem:
        raise CommandError(problem, status=3)
    from qcoder.ui.app import run_app

    return run_app(options.project, coder_name=options.coder)


def _check_project_argument(argument: str) -> None:
    """``qcoder segmnts P`` is a mistyped command, not a project to open: say so in one line
    instead of opening a window on a file called ``segmnts``."""
    if is_server_url(argument):
        return  # the window asks for its password if it needs one
    path = Path(argument)
    if not path.exists() and path.suffix.lower() != PROJECT_SUFFIX:
        raise CommandError(
            f"'{argument}' is neither a command nor a project file (see qcoder --help)"
        )
