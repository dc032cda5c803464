"""One long job (a REFI-QDA import, an export) on a QThread, with progress and a clear failure.

The job is a plain function of a progress callback; it uses the open project from the worker
thread (each transaction or read opens its own session), so the GUI thread stays free to paint.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from qcoder.core.errors import QcoderError

ProgressCallback = Callable[[int, int, str], None]
Job = Callable[[ProgressCallback], Any]


class BackgroundTask(QObject):
    thread: QThread  # type: ignore[assignment]  # the thread it runs on; shadows QObject.thread(), as the code did
    progress = Signal(int, int, str)
    """(step, steps, what is happening)."""
    succeeded = Signal(object)
    """The job's result."""
    failed = Signal(str)
    """One sentence for the user: why the job did not happen."""

    def __init__(self, job: Job, name: str = "qcoder-task") -> None:
        super().__init__()
        self.job = job
        self.thread = QThread()
        self.thread.setObjectName(name)
        self.moveToThread(self.thread)
        self.thread.started.connect(self._run)

    def start(self) -> None:
        self.thread.start()

    def wait(self, milliseconds: int = 60_000) -> bool:
        return self.thread.wait(milliseconds)

    def _run(self) -> None:
        try:
            result = self.job(lambda step, steps, what: self.progress.emit(step, steps, what))
        except QcoderError as error:
            self.failed.emit(str(error))
        except OSError as error:
            if error.errno == errno.ENOSPC:  # exports are written whole or not at all
                self.failed.emit("the disk is full, so nothing was written; free some space and try again")
            else:
                self.failed.emit(f"{error.strerror or error}: {error.filename or ''}".rstrip(": "))
        except Exception as error:  # noqa: BLE001 — the last resort: a message, never a crash of the window
            self.failed.emit(f"unexpected error ({type(error).__name__}: {error})")
        else:
            self.succeeded.emit(result)
        finally:
            self.thread.quit()
