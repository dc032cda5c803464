"""Running an analysis off the GUI thread: a QThread reads the project in its own session.

The window stays responsive while a crosstab over a hundred thousand codings is computed; the
result (a frozen snapshot) comes back by signal, tagged with the request's generation so that a
view shows only the answer to its latest question. With ``write=True`` the call runs as one
transaction instead (:meth:`Project.write`), for an edit too large to make the window wait.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from qcoder.core.errors import QcoderError
from qcoder.core.project import Project


class ReadWorker(QObject):
    thread: QThread  # type: ignore[assignment]  # the thread it runs on; shadows QObject.thread(), as the code did
    done = Signal(int, object)
    """(generation, result)."""
    failed = Signal(int, str)
    """(generation, a sentence for the user)."""

    def __init__(
        self, project: Project, generation: int, read: Callable[..., Any], *args: Any, write: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__()
        self.project, self.generation, self.write = project, generation, write
        self.read, self.args, self.kwargs = read, args, kwargs
        self.thread = QThread()
        self.thread.setObjectName("qcoder-analysis")
        self.moveToThread(self.thread)
        self.thread.started.connect(self._run)

    def start(self) -> None:
        self.thread.start()

    def wait(self, milliseconds: int = 30_000) -> bool:
        return self.thread.wait(milliseconds)

    def _run(self) -> None:
        try:
            if self.write:
                result = self.project.write(self.read, *self.args, **self.kwargs)
            else:
                with self.project.reading() as session:
                    result = self.read(session, *self.args, **self.kwargs)
        except QcoderError as error:
            self.failed.emit(self.generation, str(error))
        except Exception as error:  # noqa: BLE001 — a closed project, a locked file: told, never a crash
            self.failed.emit(self.generation, f"the analysis could not be computed ({type(error).__name__}: {error})")
        else:
            self.done.emit(self.generation, result)
        finally:
            self.thread.quit()
