"""The full-text tips watch only the widgets that can cut a text, yet reach widgets made later."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QToolTip, QVBoxLayout, QWidget

from qcoder.ui.widgets.full_text_tips import FullTextTips

LONG = "Contributing to open source models across several organisations and countries"


def tip_at(widget: QWidget) -> str:
    QToolTip.hideText()
    pos = QPoint(5, widget.height() // 2)
    QApplication.sendEvent(widget, QHelpEvent(QEvent.Type.ToolTip, pos, widget.mapToGlobal(pos)))
    return QToolTip.text() if QToolTip.isVisible() else ""


def narrow_label(parent: QWidget, tip: str = "") -> QLabel:
    label = QLabel(LONG, parent)
    label.setToolTip(tip)
    label.setGeometry(0, 0, 60, 20)
    label.show()
    return label


def test_a_label_added_to_the_window_later_shows_whole(window):
    label = narrow_label(window.document)  # made after the window was looked over; no tip of its own
    assert LONG in tip_at(label)


def test_a_dialog_shown_later_shows_its_cut_label_whole_before_its_own_tip(window, qtbot):
    dialog = QDialog(window)
    layout = QVBoxLayout(dialog)
    label = QLabel(LONG, dialog)
    label.setToolTip("Its own tip")
    label.setMinimumWidth(10)
    layout.addWidget(label)
    dialog.resize(80, 40)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is dialog.windowHandle())
    shown = tip_at(label)
    assert LONG in shown and "Its own tip" in shown
    dialog.close()


class CountingTips(FullTextTips):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.seen: list[QObject] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        self.seen.append(watched)
        return super().eventFilter(watched, event)


def test_a_coding_passes_no_event_of_the_document_through_the_tips(window):
    """Only the widgets that can cut a text (and the windows) are watched: not every event of
    the application, some twenty per coding."""
    installed = FullTextTips.instance()
    installed.setObjectName("set aside")
    try:
        tips = CountingTips.install()
        assert isinstance(tips, CountingTips)
        CountingTips.watch(window)
        label = narrow_label(window.sources)
        assert LONG in tip_at(label)  # it does its work
        tips.seen.clear()
        view = window.document.view
        view.setTextCursor(view.document().find("shared compute"))
        assert window.coding.apply_code(next(c.id for c in window.codes.model.codes() if c.codable))
        view.viewport().repaint()
        QApplication.processEvents()
        assert tips.seen and not any(w in (view, view.viewport()) for w in tips.seen)
    finally:
        tips.setParent(None)
        tips.deleteLater()
        installed.setObjectName("full_text_tips")
