"""Starting the window: the application, its theme, the global error dialog, the first project."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from qcoder.core.resources import resource
from qcoder.ui.dialogs.error_dialog import ErrorHook
from qcoder.ui.main_window import MainWindow


def application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("qcoder")
        app.setOrganizationName("qcoder")
        app.setStyle("Fusion")
        apply_theme(app)
        # What is loaded by now (the modules of Qt, SQLAlchemy and qcoder: ~90,000 objects) lives
        # as long as the program; the cycle collector's full passes went through all of it, 80 ms
        # each, several times while a project opened and every few retrievals after.
        gc.freeze()
    return app  # type: ignore[return-value]  # instance() is the QApplication made here


def system_prefers_dark() -> bool:
    try:
        return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
    except AttributeError:  # Qt before 6.5
        return False


def apply_theme(app: QApplication) -> None:
    """Fusion in the system's light or dark scheme, plus the bundled style sheet."""
    if system_prefers_dark():
        palette = QPalette()
        for role, colour in (
            (QPalette.ColorRole.Window, "#2B2D30"), (QPalette.ColorRole.WindowText, "#DFE1E5"),
            (QPalette.ColorRole.Base, "#1E1F22"), (QPalette.ColorRole.AlternateBase, "#26282B"),
            (QPalette.ColorRole.Text, "#DFE1E5"), (QPalette.ColorRole.Button, "#3C3F41"),
            (QPalette.ColorRole.ButtonText, "#DFE1E5"), (QPalette.ColorRole.Highlight, "#2F65CA"),
            (QPalette.ColorRole.HighlightedText, "#FFFFFF"), (QPalette.ColorRole.ToolTipBase, "#3C3F41"),
            (QPalette.ColorRole.ToolTipText, "#DFE1E5"), (QPalette.ColorRole.PlaceholderText, "#8A8F98"),
        ):
            palette.setColor(role, colour)
        app.setPalette(palette)
    style = resource("style", "qcoder.qss")
    if style.is_file():
        app.setStyleSheet(style.read_text(encoding="utf-8"))


def install_error_dialog() -> None:
    """Unexpected exceptions become a dialog whose details can be copied, not a crash."""
    sys.excepthook = ErrorHook()


def run_app(project: str | None = None, *, coder_name: str | None = None) -> int:
    app = application()
    install_error_dialog()
    window = MainWindow()
    window.show()
    if coder_name:
        window.coder_names.set_name(coder_name)
    else:
        window.coder_names.ask_if_unknown()  # first run: before anything is coded
    if project:
        window.server.open_location(project)  # a file, or a team server's address
    return app.exec()
