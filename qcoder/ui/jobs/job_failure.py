"""What the window says when background work fails: one sentence, never a traceback."""

from __future__ import annotations

import errno

from qcoder.core.errors import QcoderError

UNEXPECTED = "unexpected error"


def failure_message(error: BaseException, unexpected: str = UNEXPECTED) -> str:
    """The sentence for the person: a :class:`QcoderError` says it already; a full disk and
    other operating-system errors name their cause and file; anything else is told as
    ``unexpected`` with the error's type, so a report of it can still be traced."""
    if isinstance(error, QcoderError):
        return str(error)
    if isinstance(error, OSError):
        if error.errno == errno.ENOSPC:  # exports are written whole or not at all
            return "the disk is full, so nothing was written; free some space and try again"
        return f"{error.strerror or error}: {error.filename or ''}".rstrip(": ")
    return f"{unexpected} ({type(error).__name__}: {error})"
