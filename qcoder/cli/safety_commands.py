"""``qcoder check`` (integrity and orphans) and ``qcoder restore`` (list or restore backups)."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from qcoder.app.checking import check_project
from qcoder.app.restoring import list_project_backups, restore_project
from qcoder.cli.coder_choice import coder_for_file
from qcoder.cli.context import open_for_reading, print_json, say


def register(commands: argparse._SubParsersAction) -> None:
    check = commands.add_parser(
        "check", help="check a project file's integrity (exit status 1 when there are problems)"
    )
    check.add_argument("project")
    check.add_argument("--json", action="store_true")
    check.set_defaults(run=run_check)

    restore = commands.add_parser(
        "restore", help="list a project's backups, or restore one (the current state is backed up first)"
    )
    restore.add_argument("project")
    restore.add_argument("backup", nargs="?", help="a number from the list (1 = newest), a file name or a path")
    restore.add_argument("--coder")
    restore.add_argument("--json", action="store_true")
    restore.set_defaults(run=run_restore)


def run_check(options: argparse.Namespace) -> int:
    problems = check_project(options.project, lambda: open_for_reading(options.project))
    if options.json:
        print_json({"ok": not problems, "problems": [p.as_json() for p in problems]})
    else:
        for problem in problems:
            print(f"{problem.kind}: {problem.message}")
        say(f"{options.project}: " + (f"{len(problems)} problems" if problems else "no problems found"))
    return 1 if problems else 0


def run_restore(options: argparse.Namespace) -> int:
    project = options.project
    if options.backup is None:
        backups = list_project_backups(project)
        if options.json:
            print_json([{"number": i, "file": str(b), "bytes": b.stat().st_size} for i, b in enumerate(backups, 1)])
            return 0
        for number, backup in enumerate(backups, 1):
            when = datetime.fromtimestamp(backup.stat().st_mtime).strftime("%Y-%m-%d %H:%M:%S")
            print(f"{number:>3}  {when}  {backup.stat().st_size:>10} bytes  {backup.name}")
        if not backups:
            say(f"no backups of {Path(project).name} yet")
        return 0
    restored = restore_project(project, options.backup, coder_for_file(options.coder))
    backup, saved, name = restored.backup, restored.saved, restored.project.name
    if options.json:
        print_json({"restored": str(backup), "backup_of_previous_state": str(saved) if saved else None})
    elif saved is None:
        say(f"recreated {name} from {backup.name}")
    else:
        say(f"restored {name} from {backup.name}; the state before is backed up as {saved.name}")
    return 0
