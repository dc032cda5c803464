"""Every cut text shows itself whole on hover: an application-wide tool-tip filter.

A narrow pane or a laptop screen cuts names ("Contributing to open sour…", "01-lumen-…"). Where a
label, button, tab, header section or item shows less than its text, hovering it shows the whole
text — before the widget's own tip when it has one that does not already say it. Texts that fit
keep their usual tips. :func:`cut_text` tells what is cut at a point; the filter only shows it.
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QWindow
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QStyleOptionViewItem,
    QTabBar,
    QToolButton,
    QWidget,
)

SLACK = 1
"""Pixels of rounding a text may lack and still count as whole."""


def plain(tip: str) -> str:
    """A tool tip's words without its rich-text markup."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", tip)).split())


def cut_text(widget: QWidget, pos: QPoint) -> tuple[str, str] | None:
    """(the whole text, the tip it already has) of what is cut at ``pos`` of ``widget``, or ``None``."""
    view = widget.parent() if isinstance(widget.parent(), QAbstractItemView) else None
    if isinstance(view, QHeaderView):
        return _header_cut(view, pos)
    if isinstance(view, QAbstractItemView):
        return _item_cut(view, view.indexAt(pos))
    if isinstance(widget, QHeaderView):
        return _header_cut(widget, pos)
    if isinstance(widget, QTabBar):
        tab = widget.tabAt(pos)
        if tab >= 0 and widget.tabSizeHint(tab).width() > widget.tabRect(tab).width() + SLACK:
            return widget.tabText(tab).replace("&&", "\0").replace("&", "").replace("\0", "&"), widget.tabToolTip(tab)
        return None
    if isinstance(widget, QLabel):
        return (widget.text(), widget.toolTip()) if label_is_cut(widget) else None
    if isinstance(widget, QAbstractButton):
        return (widget.text().replace("&", ""), widget.toolTip()) if button_is_cut(widget) else None
    if isinstance(widget, QLineEdit):
        return (widget.placeholderText(), widget.toolTip()) if placeholder_is_cut(widget) else None
    return None


def placeholder_is_cut(edit: QLineEdit) -> bool:
    """An empty box whose hint (placeholder) does not fit in it."""
    if edit.text() or not edit.placeholderText():
        return False
    margins = edit.textMargins()
    room = edit.contentsRect().width() - margins.left() - margins.right() - 8  # the frame's and text's padding
    return edit.fontMetrics().horizontalAdvance(edit.placeholderText()) > room + SLACK


def label_is_cut(label: QLabel) -> bool:
    if not label.text() or label.textFormat() == Qt.TextFormat.RichText or (label.pixmap() is not None and not label.pixmap().isNull()):
        return False
    if label.wordWrap():
        return label.heightForWidth(label.width()) > label.height() + SLACK
    return label.sizeHint().width() > label.width() + SLACK


def button_is_cut(button: QAbstractButton) -> bool:
    if not button.text():
        return False
    if isinstance(button, QToolButton) and button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly:
        return False
    return button.sizeHint().width() > button.width() + SLACK


def _item_cut(view: QAbstractItemView, index: QModelIndex) -> tuple[str, str] | None:
    if not index.isValid():
        return None
    text = index.data(Qt.ItemDataRole.DisplayRole)
    if text is None or str(text) == "":
        return None
    if not item_is_cut(view, index):
        return None
    return str(text), str(index.data(Qt.ItemDataRole.ToolTipRole) or "")


def item_is_cut(view: QAbstractItemView, index: QModelIndex) -> bool:
    """Whether the item's text needs more room than the view gives it (its delegate measures it)."""
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.font = view.font()
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay
    delegate = view.itemDelegateForIndex(index)
    wanted = delegate.sizeHint(option, index).width()
    shown = view.visualRect(index).intersected(view.viewport().rect())  # scrolled sideways: only part shows
    return wanted > shown.width() + SLACK


def _header_cut(header: QHeaderView, pos: QPoint) -> tuple[str, str] | None:
    section = header.logicalIndexAt(pos)
    if section < 0 or header.model() is None:
        return None
    return header_section_cut(header, section)


def header_section_cut(header: QHeaderView, section: int) -> tuple[str, str] | None:
    model = header.model()
    text = model.headerData(section, header.orientation(), Qt.ItemDataRole.DisplayRole)
    if not text:
        return None
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    wanted = header.fontMetrics().horizontalAdvance(str(text)) + 2 * margin
    if header.isSortIndicatorShown() and header.sortIndicatorSection() == section:
        wanted += header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header) + margin
    if wanted <= header.sectionSize(section) + SLACK:
        return None
    return str(text), str(model.headerData(section, header.orientation(), Qt.ItemDataRole.ToolTipRole) or "")


def full_tip(text: str, tip: str) -> str:
    """The tip to show for a cut ``text``: its own tip if that says the text, else the text first."""
    if tip and plain(text) in plain(tip):
        return tip
    return f"{html.escape(text)}<br>{tip}" if tip and tip.lstrip().startswith("<") else (f"{text}\n{tip}" if tip else text)


def can_be_cut(widget: QWidget) -> bool:
    """Whether :func:`cut_text` can find a cut text on ``widget`` (the widgets the tips watch)."""
    parent = widget.parent()
    if isinstance(parent, QAbstractItemView):
        return widget is parent.viewport()
    return isinstance(widget, (QHeaderView, QTabBar, QLabel, QAbstractButton, QLineEdit))


class FullTextTips(QObject):
    """One per application (:meth:`install`), watching only the widgets that can show a cut text
    and the windows (:meth:`cover`).

    An application-wide filter would run Python for every event of every object (some twenty
    per coding: paints, timers, queued calls). A tip the watched widgets did not take reaches
    their window (Qt passes an unanswered tip to the parent): the window's filter watches the
    widgets made since, and answers for the widget under the pointer. Each window is looked over
    again when it comes to the front."""

    enabled = True
    """Off only to check what a window cuts without the tips (tests)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ToolTip or not self.enabled or not isinstance(watched, QWidget):
            return False
        assert isinstance(event, QHelpEvent)
        target, pos = watched, event.pos()
        if watched.isWindow():
            self.cover(watched)  # widgets made since it was last looked over
            under = watched.childAt(pos)
            if under is not None:
                target, pos = under, under.mapFrom(watched, pos)
        found = cut_text(target, pos)
        if found is None:
            return False
        from PySide6.QtWidgets import QToolTip

        QToolTip.showText(event.globalPos(), full_tip(*found), target)
        return True

    def cover(self, window: QWidget) -> None:
        """Watch ``window`` and every widget in it that can show a cut text."""
        window.installEventFilter(self)  # Qt keeps one filter once, however often installed
        for widget in window.findChildren(QWidget):
            if can_be_cut(widget):
                widget.installEventFilter(self)

    def _window_to_front(self, window: QWindow | None) -> None:
        for widget in QApplication.topLevelWidgets():
            if window is not None and widget.windowHandle() is window:
                self.cover(widget)

    @classmethod
    def watch(cls, window: QWidget) -> None:
        """Show the cut texts of ``window`` whole (installing the tips if need be)."""
        tips = cls.install()
        if tips is not None:
            tips.cover(window)

    @classmethod
    def instance(cls) -> FullTextTips | None:
        app = QApplication.instance()
        return None if app is None else app.findChild(FullTextTips, "full_text_tips")

    @classmethod
    def install(cls) -> FullTextTips | None:
        app = QApplication.instance()
        if app is None:
            return None
        found = cls.instance()
        if found is not None:
            return found
        tips = cls(app)
        tips.setObjectName("full_text_tips")
        assert isinstance(app, QApplication)
        app.focusWindowChanged.connect(tips._window_to_front)
        return tips
