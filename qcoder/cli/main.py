"""``qcoder``: the command line. ``qcoder`` or ``qcoder PROJECT`` opens the window."""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import NoReturn

from qcoder import __version__
from qcoder.cli import (
    analysis_commands,
    coder_choice,
    coding_commands,
    edit_commands,
    export_commands,
    map_commands,
    media_commands,
    project_commands,
    pseudonymise_command,
    query_commands,
    safety_commands,
    sample_command,
    screenshot_command,
    server_commands,
    speaker_commands,
    team_commands,
    window_command,
)
from qcoder.cli.context import CommandError
from qcoder.core.errors import ProjectLockedError, QcoderError

COMMAND_MODULES: tuple[ModuleType, ...] = (
    project_commands,
    coding_commands,
    export_commands,
    window_command,
    screenshot_command,
    team_commands,
    safety_commands,
    map_commands,
    sample_command,
    speaker_commands,
    analysis_commands,
    query_commands,
    server_commands,
    media_commands,
    edit_commands,
    pseudonymise_command,
    coder_choice,
)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose mistakes are one line on stderr and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="qcoder", description="Qualitative coding of interview transcripts.")
    parser.add_argument("--version", action="version", version=f"qcoder {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def command_names(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._actions:  # argparse keeps subcommands here
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not arguments or arguments[0] == "--sample" or (
        arguments[0] not in command_names(parser) and not arguments[0].startswith("-")
    ):
        arguments = ["open", *arguments]
    options = parser.parse_args(arguments)
    coder_choice.forget_coder()
    try:
        status = int(options.run(options) or 0)
        if status == 0:
            coder_choice.announce_coder()
        return status
    except CommandError as error:
        print(f"qcoder: {error}", file=sys.stderr)
        return error.status
    except ProjectLockedError as error:
        print(f"qcoder: {error}; it can be read but not changed until it is closed", file=sys.stderr)
        return 3
    except QcoderError as error:
        print(f"qcoder: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("qcoder: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as error:
        if error.errno == errno.ENOSPC:  # exports are written whole or not at all
            print("qcoder: the disk is full, so nothing was written; free some space and try again", file=sys.stderr)
            return 2
        print(f"qcoder: {error.strerror or error}: {error.filename or ''}".rstrip(": "), file=sys.stderr)
        return 2
    except Exception as error:  # the last resort: one line, never a traceback
        if os.environ.get("QCODER_DEBUG"):
            raise
        first_line = (str(error).splitlines() or [""])[0]  # SQL errors carry the statement below
        print(f"qcoder: unexpected error ({type(error).__name__}: {first_line}); "
              "run again with QCODER_DEBUG=1 for details", file=sys.stderr)
        return 70
