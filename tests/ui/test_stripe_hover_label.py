"""Hovering a margin stripe writes its code's full name across it, horizontally and whole (a flag
over the margin and the document's edge, never cut by the narrow margin); the tip stays."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolTip

from tests.ui.test_memos_and_margin import code

SENTENCE = "Honestly the 你好 lab and مرحبا team, and the café crew — they shared compute with us."
LONG = "On-ramp/Contributing to open source frameworks"


def hover(margin, point: QPoint) -> None:
    QTest.mouseMove(margin, point)
    QTest.qWait(10)


def test_the_hovered_stripe_shows_its_full_name_across_it(window, qtbot):
    code(window, SENTENCE, "Lifecycle stage/Pre-training")
    code(window, "the café crew", LONG)
    margin, view = window.document.margin, window.document.view
    qtbot.waitUntil(lambda: margin.width() >= 2 * 15)
    margin.repaint()
    [(_first, _rect), (second, rect)] = margin._stripes()
    name = view.code_names[second.code_id]
    assert name == "Contributing to open source frameworks"
    label = margin.hover_label
    assert not label.isVisible()

    hover(margin, rect.center())
    assert label.isVisible() and label.text == name
    flag = label.geometry()
    assert flag.width() > flag.height()  # horizontal
    assert flag.left() == margin.x() + rect.left()  # starts on the stripe under the mouse
    assert flag.right() > margin.geometry().right() + 100  # runs on past the narrow margin
    assert view.rect().contains(flag)  # and is not cut by the view
    assert label.fontMetrics().horizontalAdvance(name) <= flag.width()  # the whole name fits
    assert QToolTip.isVisible() and name in QToolTip.text()  # the tip (coder, memo) stays

    picture = view.grab().toImage()  # the flag is painted: its colour beyond the margin
    ratio = picture.devicePixelRatio()
    colour = QColor(window.document.code_colours[second.code_id])
    beyond = range(margin.geometry().right() + 10, flag.right() - 4)
    assert all(picture.pixelColor(QPoint(x, flag.top() + 2) * ratio) == colour for x in beyond)  # its background
    across = [picture.pixelColor(QPoint(x, flag.center().y()) * ratio) for x in beyond]
    assert sum(c != colour for c in across) > 10  # and the name written on it

    hover(margin, QPoint(rect.center().x(), margin.height() - 3))  # below every stripe
    assert not label.isVisible()
    hover(margin, rect.center())
    assert label.isVisible()
    view.verticalScrollBar().setMaximum(max(view.verticalScrollBar().maximum(), 10))
    view.verticalScrollBar().setValue(view.verticalScrollBar().value() + 1)  # the stripe moves away
    assert not label.isVisible()


def test_the_column_widens_with_the_lanes_up_to_a_limit_and_clips_none(window, qtbot):
    from qcoder.core.usecases.queries.code_tree import list_codes
    from qcoder.ui.document.coding_margin import LANE_WIDTH, MAX_LANES

    margin = window.document.margin
    leaves = [c for c in window.controller.read(list_codes) if c.parent_id is not None][:MAX_LANES + 2]
    assert len(leaves) == MAX_LANES + 2
    widths = []
    for leaf in leaves:  # each coding one more passage over the same words
        select_sentence_and_code(window, leaf.id)
        qtbot.wait(5)
        widths.append(margin.width())
    assert widths == sorted(widths) and widths[0] < widths[-1]  # widened with the lanes
    assert margin.width() == MAX_LANES * LANE_WIDTH + 6  # up to the limit, no further
    margin.repaint()
    stripes = margin._stripes()
    assert len(stripes) == len(leaves)
    assert all(0 <= rect.left() and rect.right() < margin.width() for _coding, rect in stripes)  # none clipped


def select_sentence_and_code(window, code_id: int) -> None:
    from tests.ui.test_coding_in_window import select_with_qt

    select_with_qt(window, SENTENCE)
    window.coding.apply_code(code_id)


def test_an_undo_that_takes_the_hovered_stripe_away_takes_its_flag_too(window, qtbot):
    code(window, "the café crew", LONG)
    margin = window.document.margin
    qtbot.waitUntil(lambda: margin.width() >= 15)
    margin.repaint()
    [(_coding, rect)] = margin._stripes()
    hover(margin, rect.center())
    assert margin.hover_label.isVisible()
    window.controller.undo_stack.undo()  # the mouse stays where it was
    assert not margin._stripes() and not margin.hover_label.isVisible()
