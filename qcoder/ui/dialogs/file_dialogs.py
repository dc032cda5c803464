"""Every file dialog of the window: ones that never open the files they list.

Qt's own file dialog asks an icon provider for each file's icon and type, and the default one
guesses the type from the file's *content* (``QMimeDatabase``): it opens and closes the project
file, which drops SQLite's locks on it in this process (see :mod:`qcoder.core.lifecycle.file_guard`).
Platform dialogs may do the same in our process (GTK's sniffs content too). So every dialog
here is Qt's, with :class:`NameOnlyIconProvider`, which judges a file by its name alone.

A save dialog also refuses a target that is a project, its journal or lock, or a backup
(:func:`qcoder.core.lifecycle.output_targets.check_output_target`) with one message, and asks again.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileInfo
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from qcoder.core.errors import QcoderError
from qcoder.core.lifecycle.output_targets import check_output_target


class NameOnlyIconProvider(QAbstractFileIconProvider):
    """Icons and type names from what a file's name and ``stat`` say, never from its bytes."""

    def icon(self, what: QAbstractFileIconProvider.IconType | QFileInfo) -> QIcon:
        if isinstance(what, QFileInfo):
            kind = QAbstractFileIconProvider.IconType
            return super().icon(kind.Folder if what.isDir() else kind.File)
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        suffix = info.suffix()
        if suffix == "qcoder":
            return "qcoder project"
        return f"{suffix.upper()} file" if suffix else "File"


def file_dialog(parent: QWidget | None, caption: str, start: str, file_filter: str) -> QFileDialog:
    """A Qt file dialog that lists ``start``'s folder (selecting its file, if it names one)
    without opening any file in it."""
    dialog = QFileDialog(parent, caption, "", file_filter)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    provider = NameOnlyIconProvider()
    dialog.setIconProvider(provider)
    dialog._icon_provider = provider  # type: ignore[attr-defined]  # kept alive with the dialog
    if start:
        where = Path(start)
        if where.is_dir():
            dialog.setDirectory(str(where))
        else:
            if str(where.parent) not in ("", "."):
                dialog.setDirectory(str(where.parent))
            dialog.selectFile(where.name)
    return dialog


def open_file_name(parent: QWidget | None, caption: str, start: str = "", file_filter: str = "") -> str:
    """The file chosen to open, or ``""``."""
    dialog = file_dialog(parent, caption, start, file_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return _chosen(dialog)[0] if dialog.exec() == QFileDialog.DialogCode.Accepted and _chosen(dialog) else ""


def open_file_names(parent: QWidget | None, caption: str, start: str = "", file_filter: str = "") -> list[str]:
    """The files chosen to open (none if cancelled)."""
    dialog = file_dialog(parent, caption, start, file_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return _chosen(dialog) if dialog.exec() == QFileDialog.DialogCode.Accepted else []


def save_file_name(
    parent: QWidget | None, caption: str, start: str = "", file_filter: str = "", *, new_project: bool = False
) -> str:
    """The file chosen to write, or ``""``; a project, its companions or a backup is refused
    with a message and the dialog asked again. ``new_project``: the file is to be a new project."""
    return save_file_name_and_filter(parent, caption, start, file_filter, new_project=new_project)[0]


def save_file_name_and_filter(
    parent: QWidget | None, caption: str, start: str = "", file_filter: str = "", *, new_project: bool = False
) -> tuple[str, str]:
    """Like :func:`save_file_name`, with the filter the user picked (e.g. a directed network)."""
    while True:
        dialog = file_dialog(parent, caption, start, file_filter)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        if dialog.exec() != QFileDialog.DialogCode.Accepted or not _chosen(dialog):
            return "", ""
        name = _chosen(dialog)[0]
        try:
            check_output_target(Path(name), new_project=new_project)
        except QcoderError as error:
            QMessageBox.warning(parent, caption, str(error))
            start = str(Path(name).parent)
            continue
        return name, dialog.selectedNameFilter()


def _chosen(dialog: QFileDialog) -> list[str]:
    return [name for name in dialog.selectedFiles() if name]
