"""Connecting to a team server from the terminal: the keyring, else ``getpass``, else advice.

A prompt only makes sense at a terminal. In a script (stdin not a TTY) a server that asks for a
password gets one clear line instead: libpq reads ``PGPASSWORD`` and ``~/.pgpass`` by itself, and
``qcoder password URL`` keeps the password in the system keyring for later runs.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from typing import TypeVar

from qcoder.cli.context import CommandError, say
from qcoder.core.team.credentials import PasswordAnswer, connect_with_password, keyring_available
from qcoder.core.team.server_url import ServerAddress, display_url

T = TypeVar("T")
ATTEMPTS = 3


class TerminalAsker:
    """Asks at most :data:`ATTEMPTS` times, saying each time why the server refused."""

    def __init__(self, remember: bool) -> None:
        self.remember = remember
        self.asked = 0

    def __call__(self, url: ServerAddress, reason: str) -> PasswordAnswer | None:
        if not sys.stdin.isatty():
            raise CommandError(
                f"{reason}: set PGPASSWORD or put it in ~/.pgpass (libpq reads both), or keep it in "
                f"the system keyring with: qcoder password {display_url(url)}"
            )
        if self.asked >= ATTEMPTS:
            return None
        if self.asked == 0 and self.remember and not keyring_available():
            say("qcoder: there is no system keyring here, so the password will not be remembered")
        self.asked += 1
        say(f"qcoder: {reason}")
        password = getpass.getpass(f"Password for {url.username or getpass.getuser()} on {url.host or 'localhost'}: ")
        return PasswordAnswer(password, self.remember) if password else None


def on_server(target: str | ServerAddress, attempt: Callable[[ServerAddress], T], *, remember: bool = False) -> T:
    """``attempt(url)`` with the kept password, prompting at a terminal while the server refuses."""
    return connect_with_password(target, attempt, TerminalAsker(remember), remember=remember)
