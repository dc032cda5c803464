"""What a PostgreSQL error in a writing transaction means to the coder, as a :class:`QcoderError`.

Several coders write to a server project at once. Most collisions wait their turn, but a few
end a transaction: a deadlock, a serialization failure, two new rows with the same unique name
at the same moment. They become :class:`ConcurrentWriteError`, which :meth:`Project.write`
retries; a lost connection becomes :class:`ServerConnectionError`; a write the coder's role may
not make, :class:`PermissionRefusedError`. Either way the transaction
was rolled back and nothing of it was stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError

from qcoder.core.errors import ConcurrentWriteError, QcoderError, ServerConnectionError


class PermissionRefusedError(QcoderError):
    """The server's rules (:mod:`qcoder.core.team.server_setup`) do not let this login do that."""

_RETRYABLE = {
    "40001": "serialization failure",
    "40P01": "deadlock",
    "23505": "the same new row at the same moment",
    "55P03": "a row locked too long",
}
_NOT_ALLOWED = "42501"
"""insufficient_privilege: a table the role may not write, or a row of another coder's."""
_CONNECTION_CLASSES = ("08", "57P")
"""SQLSTATE classes of a broken connection or a server shutting down."""


def sqlstate(error: DBAPIError) -> str:
    return str(getattr(error.orig, "sqlstate", "") or "")


def translate(error: DBAPIError, project_name: str) -> QcoderError | None:
    """The error to show for ``error``, or ``None`` if it is not about other coders or the link."""
    state = sqlstate(error)
    if state in _RETRYABLE:
        return ConcurrentWriteError(
            f"{project_name}: this change collided with another coder's ({_RETRYABLE[state]}) and was "
            "not saved; try again"
        )
    if state == _NOT_ALLOWED:
        detail = " ".join(str(error.orig).split()).split("CONTEXT:")[0].strip().rstrip(".")
        return PermissionRefusedError(
            f"{project_name}: the server did not allow this ({detail}); a coder may write only "
            "their own codings, memos and saved queries — the rest is the project's lead's"
        )
    if error.connection_invalidated or state.startswith(_CONNECTION_CLASSES):
        return ServerConnectionError(
            f"lost the connection to the server of {project_name}; the last change was not saved"
        )
    return None


@contextmanager
def server_errors(on_server: bool, project_name: str) -> Iterator[None]:
    """Translate a server's errors inside the block (a file's pass through unchanged)."""
    if not on_server:
        yield
        return
    try:
        yield
    except DBAPIError as error:
        translated = translate(error, project_name)
        if translated is None:
            raise
        raise translated from error
