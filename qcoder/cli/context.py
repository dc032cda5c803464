"""What every command shares: opening the project, JSON output, one-line failures."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from qcoder.core.errors import QcoderError
from qcoder.core.lifecycle.output_targets import check_output_target
from qcoder.core.lifecycle.project import Project
from qcoder.core.team.server_url import is_server_url


class CommandError(QcoderError):
    """A user mistake on the command line; printed as one line, exit status ``status``."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def table_out_path(value: str | None) -> Path | None:
    """The ``--out`` of a table export: ``.csv`` or ``.xlsx`` in a folder that exists."""
    if not value:
        return None
    out = Path(value)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise CommandError("--out must end in .csv or .xlsx")
    if not out.parent.exists():
        raise CommandError(f"the folder {out.parent} does not exist")
    check_output_target(out)
    return out


def open_for_writing(path: str, coder: str | None = None) -> Project:
    """The project file at ``path``, or the team server's project when ``path`` is its URL."""
    if is_server_url(path):
        from qcoder.cli.password_prompt import on_server

        refuse_coder_on_server(path, coder)
        return on_server(path, lambda url: Project.open(url))
    from qcoder.cli.coder_choice import coder_for_file

    return Project.open(Path(path), coder_name=coder_for_file(coder))


def refuse_coder_on_server(target: str, coder: str | None) -> None:
    """On a team server a coder is the login the address names: ``--coder`` or ``QCODER_CODER``
    naming anyone else is refused (the server would refuse the writes anyway)."""
    from qcoder.core.team.server_url import parse_server_url

    login = parse_server_url(target).username
    for given, what in ((coder, "--coder"), (os.environ.get("QCODER_CODER", "").strip(), "QCODER_CODER")):
        if given and given != login:
            raise CommandError(
                f"{what} cannot name the coder on a team server: you code as the login in the "
                f"address ({login or 'your user name'}); leave {what} out"
            )


def open_for_reading(path: str) -> Project:
    if is_server_url(path):
        from qcoder.cli.password_prompt import on_server

        return on_server(path, lambda url: Project.open(url, read_only=True))
    return Project.open(Path(path), read_only=True)


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def print_json_line(value: Any) -> None:
    """One compact JSON object on one line (JSON Lines), e.g. one per imported file."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, default=str) + "\n")


def say(message: str) -> None:
    """A remark for the person at the terminal, kept off stdout so that output stays clean."""
    print(message, file=sys.stderr)
