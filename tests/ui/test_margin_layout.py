"""The margin keeps each lane's stripes between paints and repaints only the stretches a change
altered: after every edit, undo, scroll, resize and zoom, what is on screen is what the margin
paints when it lays every lane out afresh."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from qcoder.core.usecases.commands.codings import set_coding_memo
from qcoder.ui.document.coding_margin import CodingMargin
from qcoder.ui.document.margin_layout import LaneLayout, Look
from tests.ui.on_screen import painted
from tests.ui.test_coding_repaint import PaintSpy, dense, select_near_view  # noqa: F401  (a fixture)


def laid_out_afresh(margin: CodingMargin) -> QImage:
    """The margin painted with every lane laid out and measured anew (the lanes kept)."""
    margin._layouts = None
    margin._extent_key = None
    margin.repaint()
    return painted(margin)


def assert_as_laid_out_afresh(margin: CodingMargin, what: str) -> None:
    shown = painted(margin)
    assert shown == laid_out_afresh(margin), f"{what}: the kept stripes differ from a fresh layout"


def test_every_edit_undo_scroll_resize_and_zoom_shows_the_stripes_of_a_fresh_layout(dense):
    window, codes, text, rng = dense
    view, margin = window.document.view, window.document.margin
    keys = view

    def code() -> None:
        select_near_view(window, rng, text)
        assert window.coding.apply_code(codes[rng.randrange(len(codes))])

    def in_passage() -> None:
        coding = rng.choice([c for c in view.codings if c.end - c.start > 4])
        view.select_span(coding.start + 1, coding.start + 2)
        QApplication.processEvents()

    def action(name: str):  # type: ignore[no-untyped-def]
        return lambda: QTest.keySequence(keys, window.actions[name].shortcut())

    def unmark() -> None:
        in_passage()
        QTest.keyClick(keys, Qt.Key.Key_Backspace, Qt.KeyboardModifier.ControlModifier)

    def grow_or_shrink(name: str):  # type: ignore[no-untyped-def]
        def run() -> None:
            in_passage()
            action(name)()
        return run

    def memo() -> None:
        coding = rng.choice(view.codings)
        window.controller.run(set_coding_memo, coding.id, "a memo")

    steps = [
        ("code", code), ("undo", action("undo")), ("redo", action("redo")), ("code", code), ("code", code),
        ("unmark", unmark), ("undo", action("undo")), ("grow", grow_or_shrink("grow_end")),
        ("shrink", grow_or_shrink("shrink_end")), ("undo", action("undo")), ("memo", memo),
        ("scroll", lambda: view.verticalScrollBar().setValue(view.verticalScrollBar().value() + 37)),
        ("code", code), ("undo", action("undo")),
        ("resize", lambda: window.resize(window.width() - 150, window.height() - 120)),
        ("code", code), ("zoom", lambda: view.zoomIn(2)), ("code", code), ("undo", action("undo")),
        ("colour by coder", lambda: window.document.set_colour_by_coder(True)), ("code", code),
        ("colour by code", lambda: window.document.set_colour_by_coder(False)), ("unmark", unmark),
    ]
    laid_out_afresh(margin)
    for number, (name, step) in enumerate(steps * 2):
        step()
        assert_as_laid_out_afresh(margin, f"step {number}: {name}")


def test_a_coding_repaints_the_stretches_it_changed_not_its_lane_to_the_bottom(dense):
    window, codes, text, rng = dense
    view, margin = window.document.view, window.document.margin
    view.verticalScrollBar().setValue(0)
    QApplication.processEvents()
    spy = PaintSpy()
    margin.installEventFilter(spy)
    heights = []
    for step in range(6):
        select_near_view(window, rng, text)
        spy.rects.clear()
        assert window.coding.apply_code(codes[step])
        QApplication.processEvents()
        heights.append(max((r.height() for r in spy.rects), default=0))
        assert_as_laid_out_afresh(margin, f"coding {step}")
    assert min(heights) < margin.height() / 2


def look(bottom: int = 1000) -> Look:
    return Look(lambda c: f"#{c.code_id:06x}", lambda c: f"Code {c.code_id}" * (c.code_id % 3),
                lambda label, width: (label[: max(width // 6, 0)], 6 * min(len(label), max(width // 6, 0))), bottom)


@pytest.mark.parametrize("seed", range(40))
def test_a_lane_changed_in_place_is_the_lane_laid_out_afresh(seed):
    """Stripes in and out of a lane, at random places, many on one line (the last lane takes
    every passage beyond the others): the kept layout changes into the fresh one, and the
    stretches it names cover every stripe that differs."""
    from qcoder.core.snapshots import CodingInfo

    rng = random.Random(seed)

    def coding(number: int) -> tuple[CodingInfo, int, int]:
        start = rng.randrange(0, 400)
        info = CodingInfo(id=number, guid=f"g{number}", source_id=1, code_id=rng.randrange(1, 7), start=start,
                          end=start + rng.randint(1, 60), coder_id=1, coder="Ann", memo=rng.choice([None, "m"]),
                          exemplar=False, created_at=None)
        top = start // 40 * 18  # many passages share a line
        return info, top, max(6, rng.choice([6, 18, 36, 120]))

    items = sorted((coding(n) for n in range(rng.randint(0, 30))), key=lambda item: item[0].start)
    layout = LaneLayout(list(items), look())
    kept = list(items)
    for number in range(100, 106):
        removed = rng.sample([item[0].id for item in kept], min(len(kept), rng.randint(0, 2)))
        added = [coding(number * 10 + n) for n in range(rng.randint(0, 2))]
        before = list(layout.stripes)
        stretches = layout.change(removed, added, look())
        for item in added:
            index = next((i for i, k in enumerate(kept) if k[0].start > item[0].start), len(kept))
            kept.insert(index, item)
        kept = [k for k in kept if k[0].id not in removed]
        afresh = LaneLayout(list(kept), look())
        assert layout.stripes == afresh.stripes and layout.ends == afresh.ends
        for stripe in set(before) ^ set(afresh.stripes):
            assert any(top <= stripe.top and stripe.bottom <= bottom for top, bottom in stretches)
