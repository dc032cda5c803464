"""Who the command line codes as, for a project FILE: ``--coder``, else ``$QCODER_CODER``, else
the name set once with ``qcoder coder NAME`` (or in the window); said on stderr after every
command that wrote under it (a failed command keeps its one-line error alone), and never the
login name in silence. (On a team server the login is the coder.)"""

from __future__ import annotations

import argparse

from qcoder.cli.context import CommandError, say
from qcoder.core.lifecycle.coder_identity import choose_coder, configured_coder_name, identity_file, save_coder_name

_used: dict[str, str] = {}
"""The coders this command wrote as, with where each name came from; said when it succeeds."""

NO_CODER = ("who is coding? add --coder NAME, or set your name once with: qcoder coder NAME "
            "(the window asks for it too)")


def coder_for_file(given: str | None) -> str:
    """The coder's name for a command that writes to a project file, and where it came from."""
    try:
        choice = choose_coder(given)
    except ValueError as error:
        raise CommandError(str(error)) from None
    if choice is None:
        raise CommandError(NO_CODER)
    _used.setdefault(choice.name, choice.origin)
    return choice.name


def announce_coder() -> None:
    """After a command succeeded: whose name its changes were recorded under."""
    for name, origin in _used.items():
        say(f"recorded as coder {name} (from {origin})")
    _used.clear()


def forget_coder() -> None:
    _used.clear()


def register(commands: argparse._SubParsersAction) -> None:
    coder = commands.add_parser(
        "coder", help="show or set your name as a coder (kept for the window and the command line)",
        description="Without NAME: the name your codings are recorded under, and where it comes from. "
                    "With NAME: keep it in your settings.",
    )
    coder.add_argument("name", nargs="?", metavar="NAME")
    coder.set_defaults(run=run_coder)


def run_coder(options: argparse.Namespace) -> int:
    if options.name is not None:
        try:
            name = save_coder_name(options.name)
        except ValueError as error:
            raise CommandError(str(error)) from None
        say(f"your codings are now recorded as {name} (kept in {identity_file()})")
        return 0
    choice = choose_coder(None)
    if choice is None:
        raise CommandError("no coder name is set; set yours with: qcoder coder NAME", status=1)
    print(choice.name)
    if configured_coder_name() != choice.name:
        say(f"(from {choice.origin})")
    return 0
