"""Opens a study in a 1366×768 window and lists every visible text that is cut without its whole
text on hover. Run as a script (``python clipping_check.py PROJECT OUT.png``) so that each scale
(``QT_SCALE_FACTOR``) gets a process of its own; prints a JSON report.

Every visible label, button, line edit's hint, tab, header section and list/tree/table item is
measured as Qt lays it out (the item's delegate, the header's style metrics, the widget's size
hint). A cut one passes only if a real tool-tip event on it shows a tip with its whole text.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QPoint, QSettings
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTabBar,
    QToolTip,
    QWidget,
)

from qcoder.ui.widgets.full_text_tips import (
    button_is_cut,
    header_section_cut,
    item_is_cut,
    label_is_cut,
    placeholder_is_cut,
    plain,
)

SIZE = (1366, 768)


def tip_at(widget: QWidget, pos: QPoint) -> str:
    """The tool tip a user hovering ``pos`` of ``widget`` sees (empty if none)."""
    QToolTip.hideText()
    QApplication.sendEvent(widget, QHelpEvent(QEvent.Type.ToolTip, pos, widget.mapToGlobal(pos)))
    return QToolTip.text() if QToolTip.isVisible() else ""


def shows_whole(widget: QWidget, pos: QPoint, text: str) -> bool:
    """Whether the tip says ``text`` (markup and entities read first, then mnemonic "&"s dropped)."""
    return plain(text).replace("&", "") in plain(tip_at(widget, pos)).replace("&", "")


def _indexes(view: QAbstractItemView) -> list[QModelIndex]:
    """The items of the rows in sight (one cell per row and column)."""
    model, found = view.model(), []
    rect = view.viewport().rect()
    index = view.indexAt(QPoint(1, 1))
    seen = 0
    while index.isValid() and seen < 400:
        row_rect = view.visualRect(index)
        if row_rect.top() > rect.bottom():
            break
        for column in range(model.columnCount(index.parent())):
            if hasattr(view, "isColumnHidden") and view.isColumnHidden(column):
                continue
            cell = index.siblingAtColumn(column)
            if view.visualRect(cell).intersects(rect):
                found.append(cell)
        below = view.indexAt(QPoint(1, row_rect.bottom() + 2))
        if not below.isValid() or below == index:
            below = view.indexBelow(index) if hasattr(view, "indexBelow") else model.index(index.row() + 1, 0, index.parent())
        index, seen = below, seen + 1
    return found


def problems(window: QWidget) -> tuple[list[str], int]:
    """(texts cut without their whole text on hover, how many texts were looked at)."""
    cut: list[str] = []
    looked = 0

    def visible(widget: QWidget) -> bool:
        return widget.isVisible() and not widget.visibleRegion().isEmpty() and widget.window() is window

    def where(widget: QWidget) -> str:
        names = []
        while widget is not None and widget is not window:
            if widget.objectName():
                names.append(widget.objectName())
            widget = widget.parentWidget()
        return "/".join(reversed(names)) or "window"

    for widget in window.findChildren(QWidget):
        if not visible(widget):
            continue
        centre = widget.rect().center()
        if isinstance(widget, QLabel) and widget.text():
            looked += 1
            if label_is_cut(widget) and not shows_whole(widget, centre, widget.text()):
                cut.append(f"label {widget.text()!r} in {where(widget)}")
        elif isinstance(widget, QAbstractButton) and widget.text():
            looked += 1
            if button_is_cut(widget) and not shows_whole(widget, centre, widget.text()):
                cut.append(f"button {widget.text()!r} in {where(widget)}")
        elif isinstance(widget, QLineEdit) and widget.placeholderText():
            looked += 1
            if placeholder_is_cut(widget) and not shows_whole(widget, centre, widget.placeholderText()):
                cut.append(f"hint {widget.placeholderText()!r} in {where(widget)}")
        elif isinstance(widget, QTabBar):
            for tab in range(widget.count()):
                looked += 1
                rect = widget.tabRect(tab)
                if widget.tabSizeHint(tab).width() > rect.width() + 1 and not shows_whole(widget, rect.center(), widget.tabText(tab)):
                    cut.append(f"tab {widget.tabText(tab)!r} in {where(widget)}")
        elif isinstance(widget, QHeaderView):
            for section in range(widget.count()):
                if widget.isSectionHidden(section) or widget.model() is None:
                    continue
                looked += 1
                found = header_section_cut(widget, section)
                x = widget.sectionViewportPosition(section) + widget.sectionSize(section) // 2
                middle = QPoint(x, widget.height() // 2)
                if found and 0 <= x < widget.viewport().width() and not shows_whole(widget.viewport(), middle, found[0]):
                    cut.append(f"header {found[0]!r} in {where(widget)}")
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            for index in _indexes(widget):
                text = index.data()
                if text is None or str(text) == "":
                    continue
                looked += 1
                if item_is_cut(widget, index):
                    rect = widget.visualRect(index).intersected(widget.viewport().rect())
                    if not shows_whole(widget.viewport(), rect.center(), str(text)):
                        cut.append(f"item {str(text)!r} in {where(widget)}")
    return cut, looked


def main(project: Path, out: Path) -> int:
    app = QApplication.instance() or QApplication([])
    from qcoder.ui.main_window import MainWindow
    from qcoder.ui.settings import UserSettings

    settings = UserSettings(QSettings(str(out.with_suffix(".ini")), QSettings.Format.IniFormat))
    window = MainWindow(settings=settings)
    window.projects.coder_name = "Alex"
    window.resize(*SIZE)
    window.show()
    assert window.projects.open_path(project)
    from qcoder.core.usecases.queries.code_tree import resolve_code_path

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    settle()
    cut, looked = problems(window)  # as it opens
    window.grab().save(str(out))
    # A code's passages retrieved, the Cases and Memos tabs in front.
    window.codes.select_code(window.controller.read(resolve_code_path, "On-ramp/Compute partnerships"))
    window.docks["cases"].raise_()
    window.docks["retrieval"].raise_()
    settle()
    more, looked_more = problems(window)
    window.grab().save(str(out.with_name(out.stem + "-passages.png")))
    window.docks["memos"].raise_()
    settle()
    memos, looked_memos = problems(window)
    print(json.dumps({"cut": cut + more + memos, "looked": looked + looked_more + looked_memos,
                      "size": [window.width(), window.height()], "ratio": window.devicePixelRatioF()}))
    window.controller.close_project()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
