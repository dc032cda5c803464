"""Errors a user can cause and understand; the CLI and the window show their message as is."""

from __future__ import annotations


class QcoderError(Exception):
    """A problem the user can act on; ``str(error)`` is one clear sentence."""

    changes: object = None
    """After an edit refused as stale, the :class:`qcoder.core.changes.Changes` that the views
    should re-read (:mod:`qcoder.core.store.versions`); typed loosely because every module imports
    this one, and the changes module would bring the use cases with it."""


def error_reason(error: BaseException) -> str:
    """The first line of what went wrong (for a database error, the driver's own words)."""
    original = getattr(error, "orig", None)
    return str(original if original is not None else error).splitlines()[0]


class ProjectNotFoundError(QcoderError):
    pass


class NotAProjectError(QcoderError):
    pass


class NewerSchemaError(QcoderError):
    pass


class MigrationError(QcoderError):
    pass


class ProjectLockedError(QcoderError):
    def __init__(self, message: str, holder: object | None = None) -> None:
        super().__init__(message)
        self.holder = holder


class ReadOnlyProjectError(QcoderError):
    pass


class DiskFullError(QcoderError):
    """The disk (or quota) is full: the action was not saved, everything before it was."""


class ProjectBusyError(QcoderError):
    """Another transaction (e.g. an import being saved) held the write lock for too long."""


class ConcurrentWriteError(ProjectBusyError):
    """On a server, another coder's transaction collided with this one and it was rolled back;
    trying again usually succeeds (:meth:`Project.write` does, a few times)."""


class NotFoundError(QcoderError):
    """A source, code, coding or case that the user named does not exist."""


class InvalidSpanError(QcoderError):
    pass


class InvalidNameError(QcoderError):
    pass


class CodebookError(QcoderError):
    pass


class ServerConnectionError(QcoderError):
    """The team server could not be reached or refused the connection."""


class PasswordRequiredError(ServerConnectionError):
    """The server wants a password that was not given or was wrong: ask for it and retry."""


class EditConflictError(QcoderError):
    """Someone else changed the same thing since it was read; nothing was overwritten."""
