"""Dropping transcript files onto the window imports them.

An event filter, installed on the main window (and on panes that would otherwise swallow the
drop), accepts a drag that carries local files and hands their paths to a callback. Folders are
opened one level deep for files of the supported kinds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QWidget

from qcoder.io.readers import supported_suffixes


def dropped_paths(mime: QMimeData) -> list[Path]:
    """Local files in a drag, folders replaced by the supported files directly inside them."""
    paths: list[Path] = []
    if not mime.hasUrls():
        return paths
    suffixes = set(supported_suffixes())
    for url in mime.urls():
        if not url.isLocalFile():
            continue
        path = Path(url.toLocalFile())
        if path.is_dir():
            paths.extend(sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in suffixes))
        else:
            paths.append(path)
    return paths


class FileDropFilter(QObject):
    def __init__(self, on_drop: Callable[[list[Path]], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.on_drop = on_drop

    def watch(self, widget: QWidget) -> None:
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, (QDragEnterEvent, QDragMoveEvent))
            if event.mimeData().hasUrls() and any(url.isLocalFile() for url in event.mimeData().urls()):
                event.acceptProposedAction()
                return True
            return False
        if kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            paths = dropped_paths(event.mimeData())
            if not paths:
                return False
            event.acceptProposedAction()
            self.on_drop(paths)
            return True
        return False
