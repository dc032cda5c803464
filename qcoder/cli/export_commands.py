"""``qcoder export``: the project's data in open formats (the same list as File ▸ Export)."""

from __future__ import annotations

import argparse
from pathlib import Path

from qcoder.app.exporting import FORMATS, check_export_target, export_project
from qcoder.cli.context import open_for_reading, say


def register(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser("export", help="export the project's data")
    export.add_argument("project")
    export.add_argument("--format", required=True, choices=sorted(FORMATS))
    export.add_argument("--out", required=True, help="the file to write")
    export.set_defaults(run=run_export)


def run_export(options: argparse.Namespace) -> int:
    out = Path(options.out)
    check_export_target(out)  # before the project is opened (and a password asked for)
    with open_for_reading(options.project) as project:
        say(export_project(project, options.format, out))
    return 0
