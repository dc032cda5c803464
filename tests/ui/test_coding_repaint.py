"""Applying or undoing a code repaints only what changed, and what it paints is what a full
repaint would paint (text and stripes), on a densely coded document."""

from __future__ import annotations

import itertools
import random
from functools import reduce

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QRect
from PySide6.QtGui import QColor, QImage, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from qcoder.core.changes import Changes
from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.codes import add_code, recolour_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.sources import add_source
from qcoder.ui.deferred_refresh import merge_all
from qcoder.ui.document.coding_highlighter import CodingHighlighter
from qcoder.ui.document.highlight_runs import flatten_to_tuples
from qcoder.ui.main_window import MainWindow
from tests.ui.conftest import window_showing
from tests.ui.on_screen import assert_as_painted_afresh, painted
from tests.ui.test_code_tree_repaint import TEXT
from tests.ui.test_code_tree_repaint import PaintSpy as RegionSpy

WORDS = "we trained the model on open data with partners and released weights so others could build".split()
CODES = 12
LONG_TEXT = TEXT * 12
"""A source much longer than the view: its lines are laid out as they come into sight."""


def transcript(paragraphs: int, rng: random.Random) -> str:
    speakers = ("Interviewer", "Participant")
    return "".join(
        f"{speakers[i % 2]}: " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 60))) + ".\n\n"
        for i in range(paragraphs)
    )


@pytest.fixture
def dense(tmp_path, qtbot, user_settings):
    """A window showing a transcript with 300 overlapping codings of 12 codes."""
    rng = random.Random(5)
    text = transcript(60, rng)
    path = tmp_path / "dense.qcoder"
    project = Project.create(path, coder_name="Ann", codebook=None)
    coder = project.coder_id()
    with project.transaction() as session:
        codes = [add_code(session, f"Code {i}").created_id for i in range(CODES)]
        source = add_source(session, "dense", text).created_id
        for index in range(300):
            start = rng.randrange(0, len(text) - 200)
            apply_coding(session, source, codes[index % CODES], start, start + rng.randint(20, 200), coder)
    project.close()
    window = window_showing(qtbot, path, source, user_settings)
    QApplication.processEvents()
    yield window, codes, text, rng
    window.controller.close_project()




def repainted_in_full(window: MainWindow) -> tuple[QImage, QImage]:
    view = window.document.view
    view.viewport().update()
    window.document.margin.update()
    return painted(view.viewport()), painted(window.document.margin)


def select_near_view(window: MainWindow, rng: random.Random, text: str) -> tuple[int, int]:
    view = window.document.view
    first = view.python_position_at(view.viewport().rect().topLeft())
    start = min(first + rng.randrange(0, 600), len(text) - 150)
    span = (start, start + rng.randint(5, 150))
    view.select_span(*span)
    QApplication.processEvents()
    return span


def test_applying_and_undoing_paints_exactly_what_a_full_repaint_paints(dense):
    window, codes, text, rng = dense
    view, margin, stack = window.document.view, window.document.margin, window.controller.undo_stack
    for step in range(14):
        if step % 4 == 3:
            stack.undo()
        elif step % 4 == 2 and stack.canUndo():
            stack.undo()
            QApplication.processEvents()
            stack.redo()
        else:
            select_near_view(window, rng, text)
            assert window.coding.apply_code(codes[step % CODES])
        text_now, stripes_now = painted(view.viewport()), painted(margin)
        assert (text_now, stripes_now) == repainted_in_full(window), step


class PaintSpy(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.rects: list[QRect] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.rects.append(event.rect())
        return False


def test_a_coding_lays_out_no_text_and_repaints_only_its_lines(dense):
    """The coding's colour is no format of the text: Qt is never told the text changed (which
    makes it lay the paragraphs out again), and only the passage's lines are repainted."""
    window, codes, text, _rng = dense
    view, margin = window.document.view, window.document.margin
    start = text.index("\n\nParticipant") + 2 + len("Participant: ")
    end = start + 30  # inside one paragraph
    view.select_span(start, end)
    QApplication.processEvents()
    block = view.document().findBlock(view.positions.to_qt(start))
    formats = [(f.start, f.length, f.format) for f in block.layout().formats()]
    changed: list[tuple[int, int, int]] = []
    view.document().contentsChange.connect(lambda *change: changed.append(change))
    text_spy, stripe_spy = PaintSpy(), PaintSpy()
    view.viewport().installEventFilter(text_spy)
    margin.installEventFilter(stripe_spy)
    assert window.coding.apply_code(codes[0])
    for _ in range(2):
        window.coding.controller.undo_stack.undo()
        window.coding.controller.undo_stack.redo()
    QApplication.processEvents()
    assert changed == []
    assert [(f.start, f.length, f.format) for f in block.layout().formats()] == formats
    top = view.line_extent(view.positions.to_qt(start))[0]
    bottom = view.line_extent(view.positions.to_qt(end - 1))[1]
    [text_rect] = text_spy.rects
    assert text_rect.top() <= top and text_rect.bottom() >= bottom - 1
    assert text_rect.height() <= bottom - top + 6 < view.viewport().height() / 4
    lane = margin._lanes[window.coding.controller.undo_stack.command(0).coding_id]
    assert all(rect.width() <= 16 and rect.left() == 2 + lane * 15 for rect in stripe_spy.rects)


def test_a_stripe_appears_on_apply_and_goes_on_undo_while_the_others_keep_their_lanes(dense):
    window, codes, text, rng = dense
    margin = window.document.margin
    select_near_view(window, rng, text)
    before = dict(margin._lanes)
    assert window.coding.apply_code(codes[3])
    coding_id = window.controller.undo_stack.command(0).coding_id
    QApplication.processEvents()
    [(_coding, rect)] = [(c, r) for c, r in margin._stripes() if c.id == coding_id]
    assert {i: margin._lanes[i] for i in before} == before
    point = rect.center()
    assert margin.coding_at(point) is not None
    colour = QColor(window.document.code_colours[codes[3]])
    assert painted(margin).pixelColor(rect.left() + 1, rect.top() + 2) == colour
    window.controller.undo_stack.undo()
    QApplication.processEvents()
    assert coding_id not in margin._lanes
    assert all(c.id != coding_id for c, _rect in margin._stripes())
    assert painted(margin).pixelColor(rect.left() + 1, rect.top() + 2) != colour or any(
        r.contains(rect.left() + 1, rect.top() + 2) for _c, r in margin._stripes()
    )


def test_coded_text_is_painted_as_its_formats_once_painted_it(dense):
    """Tints, readable text on dark tints, underlined overlaps, bold speakers and the user's
    selection over them: the view paints what Qt paints for the same looks as formats."""
    window, codes, text, _rng = dense
    view = window.document.view
    for dark in codes[1:]:  # where these overlap the tint is dark enough for white text
        window.controller.run(recolour_code, dark, "#000000")
    view.select_span(text.index("Participant") + 20, text.index("Participant") + 90)
    view.clearFocus()
    QApplication.processEvents()
    shown = view.viewport().grab().toImage()
    block = view.firstVisibleBlock()
    looks = [look for _ in range(12) if (block := block.next()).isValid()
             for _s, _e, look in view.highlighter.pieces(block.position(), block.position(), block.position() + block.length())]
    assert any(look.recolour is not None for look in looks) and any(look.underline is not None for look in looks)
    twin = QPlainTextEdit()
    twin.setFont(view.font())
    twin.setWordWrapMode(view.wordWrapMode())
    twin.document().setDocumentMargin(view.document().documentMargin())
    twin.setPlainText(text)
    twin.resize(view.size())
    twin.setViewportMargins(view.viewportMargins())
    twin.setTextCursor(_cursor_in(twin, view.textCursor()))
    twin.verticalScrollBar().setValue(view.verticalScrollBar().value())
    _format_as_painted(view, twin)
    twin.show()
    QApplication.processEvents()
    twin.verticalScrollBar().setValue(view.verticalScrollBar().value())
    QApplication.processEvents()
    expected = twin.viewport().grab().toImage()
    differing = sum(shown.pixel(x, y) != expected.pixel(x, y)
                    for y in range(shown.height()) for x in range(shown.width()))
    assert differing < shown.width() * shown.height() / 500, differing  # glyph edges where formats split the text


def _cursor_in(twin: QPlainTextEdit, cursor: QTextCursor) -> QTextCursor:
    copy = QTextCursor(twin.document())
    copy.setPosition(cursor.anchor())
    copy.setPosition(cursor.position(), QTextCursor.MoveMode.KeepAnchor)
    return copy


def _format_as_painted(view, twin: QPlainTextEdit) -> None:  # type: ignore[no-untyped-def]
    """Give ``twin``'s text, as character formats, the looks ``view`` paints."""
    block = view.document().firstBlock()
    while block.isValid():
        for start, end, look in view.highlighter.pieces(block.position(), block.position(), block.position() + block.length() - 1):
            cursor = QTextCursor(twin.document())
            cursor.setPosition(block.position() + start)
            cursor.setPosition(block.position() + end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(look.selection)
        block = block.next()
    marks = QTextCursor(twin.document())
    for start, end, kind in view.highlighter._marks:
        marks.setPosition(start)
        marks.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        marks.mergeCharFormat(view.highlighter._mark_format(kind))


def test_a_burst_of_changes_merges_in_order_as_one_change():
    changes = [Changes(codings=frozenset({i}), created_id=i, messages=(str(i),)) for i in range(11)]
    assert merge_all(changes) == reduce(Changes.merged, changes)
    assert merge_all(changes[:1]) == changes[0]


def test_runs_are_the_maximal_stretches_of_one_set_of_codes():
    """Flattening checked against a character-by-character count, on random overlapping spans."""
    rng = random.Random(11)
    for _ in range(200):
        starts = [rng.randrange(40) for _ in range(rng.randrange(9))]
        spans = [(start, start + rng.randint(0, 12), rng.randrange(4)) for start in starts]
        covering = [frozenset(code for start, end, code in spans if start <= i < end) for i in range(60)]
        expected = []
        for i, codes in enumerate(covering):
            if codes and expected and expected[-1][1] == i and expected[-1][2] == codes:
                expected[-1] = (expected[-1][0], i + 1, codes)
            elif codes:
                expected.append((i, i + 1, codes))
        runs = flatten_to_tuples(spans)
        assert [(start, end, frozenset(codes)) for start, end, codes in runs] == expected, spans
        assert all(len(set(codes)) == len(codes) for _start, _end, codes in runs)


def test_paragraph_pieces_carry_each_characters_codes_and_style(qapp):
    """Speaker labels and timestamps split the runs exactly where they begin and end."""
    rng = random.Random(2)
    highlighter = CodingHighlighter(QTextDocument())
    for _ in range(300):
        runs, marks, position = [], [], 0
        for _run in range(rng.randrange(6)):
            start = position + rng.randrange(4)
            position = start + rng.randint(1, 6)
            runs.append((start, position, tuple(sorted(rng.sample(range(5), rng.randint(1, 3))))))
        position = 0
        for _mark in range(rng.randrange(3)):
            start = position + rng.randrange(6)
            position = start + rng.randint(1, 8)
            marks.append((start, position, rng.choice((1, 2))))
        highlighter._runs, highlighter._run_starts = runs, [r[0] for r in runs]
        highlighter._marks, highlighter._mark_starts = marks, [m[0] for m in marks]
        block_start, block_end = rng.randrange(5), rng.randrange(10, 40)
        pieces = highlighter._pieces(block_start, block_end)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(pieces)) and all(s < e for s, e, _c, _k in pieces)
        for i in range(block_start, block_end):
            codes = next((c for s, e, c in runs if s <= i < e), ())
            style = next((k for s, e, k in marks if s <= i < e), 0)
            found = [(c, k) for s, e, c, k in pieces if s <= i < e]
            assert found == ([(codes, style)] if codes or style else []), (runs, marks, i)


def test_coding_another_source_leaves_this_ones_stripes_alone(dense):
    window, codes, _text, _rng = dense
    margin, controller = window.document.margin, window.controller
    other = controller.run(add_source, "other", "Another interview, coded elsewhere.").created_id
    QApplication.processEvents()
    lanes = dict(margin._lanes)
    spy = PaintSpy()
    margin.installEventFilter(spy)
    controller.run(apply_coding, other, codes[0], 0, 7, controller.coder_id())
    QApplication.processEvents()
    assert margin._lanes == lanes and spy.rects == []


def test_a_codings_counts_are_painted_in_the_same_pass_as_its_stripe(dense):
    """No deferred refresh holds the code tree's or the sources' counts back: the pass that
    paints the new stripe paints the new count, and nothing is left to paint a moment later
    (undo too)."""
    from qcoder.ui.models.code_tree_model import CodeTreeModel

    window, codes, text, rng = dense
    window.docks["codes"].show()
    model, tree = window.codes.model, window.codes.tree
    window.codes.select_code(codes[2])
    QApplication.processEvents()
    count = model.index_of(codes[2]).siblingAtColumn(CodeTreeModel.COUNT)
    before = count.data()
    sources = window.sources.model
    source_row = sources.row_of(window.document.source_id)
    in_source = sources.source(source_row).codings
    spy = PaintSpy()
    tree.viewport().installEventFilter(spy)
    select_near_view(window, rng, text)
    spy.rects.clear()
    assert window.coding.apply_code(codes[2])
    assert count.data() == before + 1 and not window.codes._counts.pending
    assert sources.source(source_row).codings == in_source + 1 and not window.sources._counts.pending
    QApplication.processEvents()
    assert spy.rects, "the count cell is repainted with the stripe"
    spy.rects.clear()
    window.codes._counts.flush()
    QApplication.processEvents()
    assert spy.rects == []
    window.controller.undo_stack.undo()
    assert count.data() == before and not window.codes._counts.pending
    assert sources.source(source_row).codings == in_source and not window.sources._counts.pending


def test_the_kept_measures_of_the_coded_lines_follow_codings_width_font_colours_and_scrolling(dense):
    """The view keeps where each coded piece lies on its lines between paints: after each change
    its paint is the paint of the same view measured afresh."""
    window, codes, text, rng = dense
    view = window.document.view

    def measured_afresh() -> QImage:
        view.highlighter.paint_cache.clear()
        return view.viewport().grab().toImage()

    changes = [
        lambda: window.coding.apply_code(codes[3]),
        lambda: window.resize(window.width() * 2 // 3, window.height()),
        lambda: view.zoomIn(2),
        lambda: window.controller.run(recolour_code, codes[0], "#203040"),
        lambda: view.verticalScrollBar().setValue(view.verticalScrollBar().value() + 3),
        lambda: window.controller.undo_stack.undo(),
    ]
    for step, change in enumerate(changes):
        select_near_view(window, rng, text)
        view.viewport().grab()  # measured and kept
        width = view.viewport().width()
        change()
        cursor = view.textCursor()
        cursor.clearSelection()  # the selection would hide the coded passage's tint
        view.setTextCursor(cursor)
        QApplication.processEvents()
        assert step != 1 or view.viewport().width() < width
        assert view.viewport().grab().toImage() == measured_afresh(), step


def test_codings_that_lay_a_long_source_out_again_repaint_its_scroll_bar_alone(tmp_path, qtbot, user_settings):
    """Overlapping codings widen the margin; the narrower text is laid out again line by line as
    it is painted, each line moving the scroll bar's range. The bar repaints where its slider
    moved, not itself whole with the window, the pane and the view behind it."""
    path = tmp_path / "long.qcoder"
    project = Project.create(path, coder_name="Ann", codebook=None)
    with project.transaction() as session:
        code = add_code(session, "Openness").created_id
        source = add_source(session, "long interview", LONG_TEXT).created_id
    project.close()
    window = window_showing(qtbot, path, source, user_settings)
    window.codes.select_code(code)
    painted(window)
    view, bar = window.document.view, window.document.view.verticalScrollBar()
    behind = {widget: RegionSpy() for widget in (window, window.document, view)}
    for widget, spy in behind.items():
        widget.installEventFilter(spy)
    on_bar = RegionSpy()
    bar.installEventFilter(on_bar)
    ranges: list[int] = []
    bar.rangeChanged.connect(lambda _low, high: ranges.append(high))
    for depth in range(8):  # each passage over the last ones: a lane more in the margin
        view.select_span(depth * 3, 300 - depth * 3)
        assert window.coding.apply_code(code)
        painted(view.viewport())
    assert ranges, "the text was laid out again as it was painted"
    for widget, spy in behind.items():  # under the bar: nothing painted (elsewhere, the undo button lit)
        under = QRect(bar.mapTo(widget, QPoint(0, 0)), bar.size())
        assert not [rect for region in spy.regions for rect in region if rect.intersects(under)], type(widget).__name__
    assert all(sum(rect.height() for rect in region) < bar.height() // 2 for region in on_bar.regions)
    assert_as_painted_afresh(bar, "the document's scroll bar")
