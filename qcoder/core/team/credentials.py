"""Passwords for team-server projects: the system keyring, else a prompt — never a file.

Each coder connects to the server as themself (their login is in the project's URL). qcoder never
writes a password into a project, its settings or its recent-project list; the URLs it keeps have
none (:func:`qcoder.core.team.server_url.without_password`). A password the coder asks qcoder to
remember goes into the system keyring (GNOME Keyring, KWallet, macOS Keychain, Windows
Credential Locker) under :func:`~qcoder.core.team.server_url.credential_key`. A headless machine may have
no keyring: then qcoder asks each time, and libpq's own ``PGPASSWORD`` and ``~/.pgpass`` still work.

:func:`connect_with_password` is the one loop that the command line and the window share: try the
password in the URL or the keyring (or none: libpq may find one itself), and while the server
refuses it, ask the person — who may cancel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.engine.url import URL

from qcoder.core.errors import PasswordRequiredError, QcoderError
from qcoder.core.team.server_url import credential_key, parse_server_url, without_password

SERVICE = "qcoder"
"""The keyring's service name for every qcoder server password."""

T = TypeVar("T")


class KeyringUnavailableError(QcoderError):
    """No system keyring can keep the password here (a headless machine, a locked keyring)."""


@dataclass(frozen=True)
class PasswordAnswer:
    """What the person typed when asked, and whether to keep it in the keyring."""

    password: str
    remember: bool = False

    def __repr__(self) -> str:  # never show the password in a log or a traceback
        return f"PasswordAnswer(password='***', remember={self.remember})"


Asker = Callable[[URL, str], "PasswordAnswer | None"]
"""Asks for a password: given the URL (without password) and why, an answer or ``None`` (cancel)."""


def keyring_available() -> bool:
    """Whether a real keyring backend is there (not keyring's "fail" or "null" stand-ins)."""
    backend = _backend()
    if backend is None:
        return False
    try:
        return float(type(backend).priority) > 0 and type(backend).__module__ not in (
            "keyring.backends.fail", "keyring.backends.null",
        )
    except Exception:  # noqa: BLE001 — a backend's priority may raise when it is unusable
        return False


def stored_password(url: URL | str) -> str | None:
    """The password kept for this login on this server, or ``None`` (also without a keyring)."""
    backend = _backend()
    if backend is None:
        return None
    try:
        return backend.get_password(SERVICE, credential_key(parse_server_url(url)))
    except Exception:  # noqa: BLE001 — no keyring, a locked one, a D-Bus error: ask instead
        return None


def remember_password(url: URL | str, password: str) -> None:
    """Keep ``password`` in the system keyring; :class:`KeyringUnavailableError` if there is none."""
    backend = _backend()
    key = credential_key(parse_server_url(url))
    if backend is None or not keyring_available():
        raise KeyringUnavailableError(
            "there is no system keyring here, so the password was not remembered "
            "(set PGPASSWORD or use ~/.pgpass instead)"
        )
    try:
        backend.set_password(SERVICE, key, password)
    except Exception as error:  # noqa: BLE001
        raise KeyringUnavailableError(
            f"the system keyring did not keep the password ({_one_line(error)})"
        ) from None


def forget_password(url: URL | str) -> bool:
    """Remove the kept password; whether there was one to remove."""
    backend = _backend()
    if backend is None:
        return False
    key = credential_key(parse_server_url(url))
    try:
        if backend.get_password(SERVICE, key) is None:
            return False
        backend.delete_password(SERVICE, key)
    except Exception:  # noqa: BLE001
        return False
    return True


def connect_with_password(
    target: URL | str, attempt: Callable[[URL], T], ask: Asker, *, remember: bool = False
) -> T:
    """``attempt(url)`` with the best password known, asking again while the server refuses it.

    The password comes from the URL itself, else the keyring, else none (libpq then reads
    ``PGPASSWORD`` or ``~/.pgpass``). On :class:`PasswordRequiredError` ``ask`` is called with
    the server's reason; ``None`` from it gives up with that error. A password that worked is kept
    in the keyring when the answer (or ``remember``) says so, or when it replaces a kept one that
    the server refused; a keyring that cannot keep it does
    not stop the connection (:func:`remember_password` raises only when asked directly).
    """
    url = parse_server_url(target)
    password = url.password if url.password else stored_password(url)
    kept_before = not url.password and password is not None
    keep = remember and bool(url.password)
    while True:
        try:
            result = attempt(url.set(password=password) if password else without_password(url))
        except PasswordRequiredError as error:
            answer = ask(without_password(url), str(error))
            if answer is None:
                raise
            # A kept password that the server now refuses (it was changed) is replaced by the
            # one that works: the person chose to keep theirs in the keyring before.
            password, keep = answer.password, answer.remember or remember or kept_before
            continue
        if keep and password:
            try:
                remember_password(url, password)
            except KeyringUnavailableError:
                pass  # the caller's ``ask`` knew whether a keyring was there and said so
        return result


def _backend():
    try:
        import keyring

        return keyring.get_keyring()
    except Exception:  # noqa: BLE001 — a broken keyring configuration must not stop qcoder
        return None


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__
