"""The dialog for an unexpected error: what happened in one sentence, that the work is safe,
and the technical details with a button that copies them for a bug report."""

from __future__ import annotations

import platform
import sys
import traceback
from types import TracebackType

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from qcoder import __version__
from qcoder.core.errors import QcoderError


def error_details(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> str:
    """The traceback with the versions a bug report needs."""
    versions = (
        f"qcoder {__version__}, Python {platform.python_version()}, PySide6 {pyside_version}, "
        f"Qt {qVersion()}, {platform.platform()}"
    )
    return versions + "\n\n" + "".join(traceback.format_exception(kind, error, trace))


class ErrorDialog(QDialog):
    """One error: its message, and for unexpected ones the details and "Copy details"."""

    def __init__(self, message: str, details: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("qcoder")
        self.setModal(True)
        self.details = details
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.message = QLabel(message)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.details_view: QPlainTextEdit | None = None
        self.copy_button: QPushButton | None = None
        if details:
            self.details_view = QPlainTextEdit(details)
            self.details_view.setReadOnly(True)
            self.details_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
            self.details_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
            self.details_view.setMinimumSize(560, 180)
            layout.addWidget(QLabel("Details (for a bug report):"))
            layout.addWidget(self.details_view, 1)
            self.copy_button = buttons.addButton("Copy details", QDialogButtonBox.ButtonRole.ActionRole)
            self.copy_button.clicked.connect(self.copy_details)
        layout.addWidget(buttons)

    @classmethod
    def for_exception(
        cls, kind: type[BaseException], error: BaseException, trace: TracebackType | None,
        parent: QWidget | None = None,
    ) -> ErrorDialog:
        if isinstance(error, QcoderError):  # a problem the user can act on: no traceback
            return cls(str(error), None, parent)
        message = (
            f"Something went wrong: {type(error).__name__}: {error}\n\n"
            "The action was not completed; everything saved before it is safe."
        )
        return cls(message, error_details(kind, error, trace), parent)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details or "")
        if self.copy_button is not None:
            self.copy_button.setText("Copied")


class ErrorHook:
    """``sys.excepthook`` for the window: each uncaught exception becomes an :class:`ErrorDialog`.

    An error raised while its dialog is open (a failing repaint, say) is printed, not stacked.
    """

    def __init__(self) -> None:
        self.showing = False

    def __call__(self, kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if isinstance(error, KeyboardInterrupt) or self.showing or QApplication.instance() is None:
            sys.__excepthook__(kind, error, trace)
            return
        self.showing = True
        try:
            ErrorDialog.for_exception(kind, error, trace, QApplication.activeWindow()).exec()
        finally:
            self.showing = False
