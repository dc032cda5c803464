"""Saving a map view as PNG or SVG without a window (``qcoder map --out F.png``) or from it."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QBuffer, QIODevice, QRectF, QSize
from PySide6.QtGui import QGuiApplication, QImage, QPainter

from qcoder.core.errors import QcoderError
from qcoder.core.lifecycle.atomic_files import atomic_path

if TYPE_CHECKING:
    from qcoder.analysis.code_matrix import CodeMatrix
    from qcoder.analysis.collaboration_map import CollaborationMap
    from qcoder.analysis.lifecycle_board import LifecycleBoard


def _ensure_gui_application() -> None:
    """Fonts need an application object; headless, use the offscreen platform.

    A full ``QApplication`` (not a ``QGuiApplication``): whatever runs in this process next may
    want widgets, and Qt allows one application object only.
    """
    if QGuiApplication.instance() is None:
        from PySide6.QtWidgets import QApplication

        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") and sys.platform.startswith("linux"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _ensure_gui_application.app = QApplication([])  # type: ignore[attr-defined]  # a function attribute keeps the application alive


def make_painter(view: str, data: object, layout: str = "geographic", inset: str | None = None):
    """The figure of a view; the network with an inset of ``inset`` (see :mod:`map_inset`) if given."""
    if view == "network":
        from qcoder.ui.map.network_painter import NetworkPainter

        network = NetworkPainter(cast("CollaborationMap", data), layout)  # data is what the view name says
        if inset is None:
            return network
        from qcoder.ui.map.map_inset import InsetFigure

        return InsetFigure(network, inset)
    if view == "lifecycle":
        from qcoder.ui.map.board_painter import BoardPainter

        return BoardPainter(cast("LifecycleBoard", data))  # data is what the view name says
    if view == "matrix":
        from qcoder.ui.map.matrix_painter import MatrixPainter

        return MatrixPainter(cast("CodeMatrix", data))  # data is what the view name says
    raise QcoderError(f"unknown view '{view}'")


def export_figure(
    view: str, data: object, out: Path, *, width: int = 1600, layout: str = "geographic", inset: str | None = None,
) -> Path:
    """Render a view's data to ``out`` (.png or .svg) at ``width`` pixels (the network with an inset)."""
    _ensure_gui_application()
    painter_for = make_painter(view, data, layout, inset)
    return save_painter(painter_for, out, width=width)


def save_painter(figure, out: Path, *, width: int = 1600) -> Path:
    """Render ``figure`` into memory, then write ``out`` whole (never a half image on a full disk)."""
    height = round(figure.preferred_height(width))
    rect = QRectF(0, 0, width, height)
    figure.layout(rect)
    suffix = out.suffix.lower()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if suffix == ".svg":
        from PySide6.QtSvg import QSvgGenerator

        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(QSize(width, height))
        generator.setViewBox(rect)
        generator.setTitle(getattr(figure, "title", "qcoder map"))
        generator.setDescription("Made with qcoder")
        painter = QPainter(generator)
        try:
            figure.paint(painter)
        finally:
            painter.end()
    elif suffix == ".png":
        scale = 2
        image = QImage(width * scale, height * scale, QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(scale)
        image.fill(0xFFFFFFFF)
        painter = QPainter(image)
        try:
            figure.paint(painter)
        finally:
            painter.end()
        if not image.save(buffer, "PNG"):  # type: ignore[call-overload]  # PySide6 stubs: the format is a str at run time
            raise QcoderError(f"could not make the image for {out.name}")
    else:
        raise QcoderError(f"cannot save a figure as '{suffix}': use .png or .svg")
    buffer.close()
    with atomic_path(out) as temporary:
        temporary.write_bytes(buffer.data().data())
    return out
