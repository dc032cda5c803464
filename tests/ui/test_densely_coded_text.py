"""Text under many codes is one "densely coded" grey, drawn as one stretch; fewer codes blend."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication

from qcoder.core.usecases.commands.codes import add_code
from qcoder.ui.colours import mix, tint_strength
from qcoder.ui.document.coding_highlighter import DENSE, CodingHighlighter
from tests.ui.conftest import EMOJI_TEXT

COLOURS = dict(enumerate(
    ("#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948", "#B07AA1", "#FF9DA7", "#9C755F"), start=1))
TEXT = "x" * 200


def staircase(document: QTextDocument) -> CodingHighlighter:
    """Code ``n`` covers ``[10 n, 200 - 10 n)``: the middle lies under all nine codes, and each
    step in from the ends adds one."""
    document.setPlainText(TEXT)
    highlighter = CodingHighlighter(document)
    highlighter.set_source(TEXT, [])
    highlighter.set_codings([(10 * code, 200 - 10 * code, code) for code in COLOURS], COLOURS)
    return highlighter


def test_past_dense_codes_the_tint_is_one_grey_and_below_it_the_codes_blend(qapp):
    document = QTextDocument()
    highlighter = staircase(document)
    pieces = highlighter.pieces(0, 0, len(TEXT))
    codes_at = {start: codes for start, _end, codes in highlighter._runs}
    blended = [(start, look) for start, _end, look in pieces if len(codes_at[start]) < DENSE]
    dense = [(start, end, look) for start, end, look in pieces if len(codes_at[start]) >= DENSE]

    assert [len(codes_at[start]) for start, _look in blended] == [1, 2, 3, 4, 5, 5, 4, 3, 2, 1]
    for start, look in blended:
        expected = mix([QColor(COLOURS[c]) for c in codes_at[start]], QColor("#FFFFFF"), tint_strength(len(codes_at[start])))
        assert abs(look.background.red() - expected.red()) <= 3 and abs(look.background.blue() - expected.blue()) <= 3
    assert len({look.background.rgb() for _start, look in blended}) == 5  # each depth its own blend
    # six, seven, eight and nine codes deep: one piece, in a grey a quarter of the way to the text
    assert [(start, end) for start, end, _look in dense] == [(10 * DENSE, 200 - 10 * DENSE)]
    assert dense[0][2].background == QColor(192, 192, 192)
    assert dense[0][2].underline is not None and dense[0][2].recolour is None


def test_the_dense_grey_follows_a_dark_theme(qapp):
    document = QTextDocument()
    highlighter = staircase(document)
    base, text = QColor("#202020"), QColor("#E0E0E0")
    highlighter.set_base_colour(base, text)
    (_start, _end, look), = highlighter.pieces(0, 90, 110)
    assert look.background == QColor(81, 81, 81)  # a quarter of the way from the base to the text
    assert look.recolour is None or look.recolour.lightness() > look.background.lightness()  # readable


def test_a_passage_coded_with_many_codes_is_painted_dense_grey_in_the_window(window):
    view = window.document.view
    red = [window.controller.run(add_code, f"Layer {number}", colour="#E15759").created_id for number in range(6)]
    start = EMOJI_TEXT.index("shared compute")
    for code in red:  # their blend would be red
        assert window.coding.apply_code_to(code, window.document.source_id, start, start + len("shared compute"))
    view.select_span(0, 0)  # the selection's highlight would cover the tint
    QApplication.processEvents()
    image = view.viewport().grab().toImage()
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.positions.to_qt(start) + 3)
    at = view.cursorRect(cursor)
    base, text = view.palette().color(QPalette.ColorRole.Base), view.palette().color(QPalette.ColorRole.Text)
    grey = mix([text], base, 0.25)
    painted = image.pixelColor(at.center().x() + 2, at.top() + 1)
    assert max(abs(painted.red() - grey.red()), abs(painted.green() - grey.green()), abs(painted.blue() - grey.blue())) <= 3
