"""The margin of coding stripes beside the document: one labelled stripe per coded passage.

Stripes are packed into lanes so that overlapping passages stand side by side; each is drawn in
its code's colour (or, optionally, its coder's) with the code's name along it — on a tab of the
same colour that runs on below a short passage (up to the next stripe in its lane), so that
short passages are named too. The column widens with the lanes (up to ``MAX_LANES``) and never
clips one. A passage with a memo has a marker at its top; a click on it opens the memo. A click
on a stripe selects its passage; hovering writes the code's full name across it (a horizontal
flag, :mod:`stripe_label`) and shows its coder and memo in a tip.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QToolTip, QWidget

from qcoder.core.snapshots import CodingInfo
from qcoder.ui.colours import readable_text_colour
from qcoder.ui.document.document_view import DocumentView
from qcoder.ui.document.line_geometry import LineGeometry
from qcoder.ui.document.margin_labels import MarginLabels, colour_of, tab_colour
from qcoder.ui.document.margin_layout import LABEL_REACH, MAX_LANES, MEMO_MARK, Item, LaneLayout, Look, pack_lanes
from qcoder.ui.document.stripe_label import StripeLabel

LANE_WIDTH = 15
__all__ = ["LABEL_REACH", "LANE_WIDTH", "MAX_LANES", "MEMO_MARK", "CodingMargin", "pack_lanes"]


class CodingMargin(QWidget):
    """Lanes are handed out once per coding (first the passages in view, packed in text order,
    then each new or newly visible passage in the first lane free beside it) and kept, so that a
    new coding or an undo repaints one lane's column from that passage down, not the margin."""

    coding_clicked = Signal(int)
    memo_clicked = Signal(int)
    """The memo marker of a passage (its coding id) was clicked: open its memo."""

    def __init__(self, view: DocumentView) -> None:
        super().__init__(view)
        self.view = view
        self.colour_by_coder = False
        self.code_colours: dict[int, str] = {}
        self.coder_colours: dict[int, str] = {}
        self._lanes: dict[int, int] = {}
        self._lane_count = -1  # not sized yet
        self._extent_key: tuple[object, ...] | None = None
        self.labels = MarginLabels()
        self._extent_cache: dict[int, tuple[tuple[int, int], tuple[int, int]]] = {}
        self._visible_key: tuple[object, ...] | None = None
        self._visible_list: list[CodingInfo] = []
        self._span_key: tuple[object, ...] | None = None
        self._span_in_view = (0, 0)
        self._lines = LineGeometry(view)
        self._layouts: dict[int, LaneLayout] | None = None
        """Each lane's stripes as painted, for the view, codings and look they were laid out for."""
        self._layout_for: tuple[Any, ...] = ()
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # it fills itself: nothing beneath to repaint
        font = QFont(self.font())
        font.setPointSizeF(7.5)
        self.setFont(font)
        view.margin = self
        self.hover_label = StripeLabel(view)
        self._hovered: int | None = None  # the coding whose name the flag shows
        view.updateRequest.connect(self._on_update_request)

    def refresh(
        self, code_colours: dict[int, str], coder_colours: dict[int, str], *,
        changed: tuple[Sequence[CodingInfo], Iterable[int]] | None = None,
    ) -> None:
        """New colours or codings: resize to the document's overlap depth and repaint.

        ``changed`` — the codings added or altered and the ids removed, already taken by the
        view — repaints only their lanes' columns from each passage down (labels further down
        a lane may move); without it every lane is packed afresh and the margin repainted.
        """
        self.code_colours, self.coder_colours = code_colours, coder_colours
        if changed is not None:
            changed = (changed[0], list(changed[1]))
        if self._hovered is not None and (
            changed is None or self._hovered in {*changed[1], *(c.id for c in changed[0])}
        ):  # the stripe under the flag moved or went (an undo under a still mouse)
            self.hover_label.hide()
            self._hovered = None
        lanes = min(max(self.view.highlighter.depth, 1 if self.view.codings else 0), MAX_LANES)
        if lanes > self._lane_count or (lanes < self._lane_count and changed is None):
            # An edit never narrows the column: its lanes were packed one by one, maybe one
            # beyond the overlap depth (widened after the paint), and narrowing would wrap the
            # whole text anew, to widen again at the next coding. A fresh packing may.
            self._lane_count = lanes
            self.view.setViewportMargins(self.width_hint(), 0, 0, 0)
            self.view.place_margin()
            changed = None
        if changed is None:
            self._lanes = {}
            self._layouts = None
            self.update()
            return
        updated, removed = changed
        if self._layouts is not None and self._layout_for == self._layout_inputs(self.view.codings_version - 1,
                                                                                  growing=True):
            self._change_layouts(updated, removed)
            return
        self._layouts = None
        extents = self._extent_cache if self._extent_key == self._view_key() else {}
        for coding_id in [*removed, *(c.id for c in updated)]:
            lane = self._lanes.pop(coding_id, None)
            if lane is not None:
                old = extents.get(coding_id)
                self._update_lane(lane, old[1][0] if old is not None else 0)
        if not updated:
            return
        self._extents(list(updated))  # measured once, for this repaint and the paint that follows
        for coding in updated:
            self._update_lane(self._assign(coding), self._extent_cache[coding.id][1][0])

    def _change_layouts(self, updated: Sequence[CodingInfo], removed: Iterable[int]) -> None:
        """Lay out again only the lanes the codings left or joined, from each change down to where
        the lane falls as before, and repaint the stretches that now look different."""
        layouts = self._layouts
        assert layouts is not None
        leaving: dict[int, list[int]] = {}
        for coding_id in [*removed, *(c.id for c in updated)]:
            lane = self._lanes.pop(coding_id, None)
            if lane is not None:
                leaving.setdefault(lane, []).append(coding_id)
        joining: dict[int, list[Item]] = {}
        if updated:
            extents = self._extents(list(updated))
            first, last = self._span_in_view
            limit = self.view.viewport().height() + 10
            for coding in updated:
                lane = self._assign(coding)
                if coding.end > first and coding.start < last:  # in view, as _visible finds them
                    top, bottom = extents[coding.id][1]
                    top, bottom = max(top, -10), min(bottom, limit)
                    joining.setdefault(lane, []).append((coding, top, max(bottom - top, 6)))
        look = self._look()
        for lane in {*leaving, *joining}:
            layout = layouts.get(lane)
            if layout is None:
                layout = layouts[lane] = LaneLayout([], look)
            for top, bottom in layout.change(leaving.get(lane, ()), joining.get(lane, ()), look):
                self.update(QRect(2 + lane * LANE_WIDTH, top, LANE_WIDTH, bottom - top))
        self._layout_for = self._layout_inputs(self.view.codings_version)

    def _layout_inputs(self, version: int, growing: bool = False) -> tuple[Any, ...]:
        """What the kept layouts depend on: the view's place and size, the codings' version, the
        colours and names (``growing``: the kept ones, where only new codes were added)."""
        view = self.view
        colours = self.coder_colours if self.colour_by_coder else self.code_colours
        names = view.code_names
        if growing and len(self._layout_for) == 7:
            kept_colours, kept_names = self._layout_for[5:]
            if _grown(kept_colours, colours) and _grown(kept_names, names):
                colours, names = kept_colours, kept_names
        return (self._view_key(), view.viewport().height(), self.height(), self.font().key(), version,
                colours, names)

    def _look(self) -> Look:
        names, metrics = self.view.code_names, self.fontMetrics()
        by_coder = self.colour_by_coder
        colours = self.coder_colours if by_coder else self.code_colours
        return Look(lambda c: colours.get(c.coder_id if by_coder else c.code_id, "#777777"),
                    lambda c: names.get(c.code_id, ""),
                    lambda label, width: self.labels.elided(metrics, label, width), self.height() + 10)

    def _lane_layouts(self) -> dict[int, LaneLayout]:
        """Each lane's stripes in view, laid out afresh only when the view, codings or look changed."""
        inputs = self._layout_inputs(self.view.codings_version)
        if self._layouts is None or inputs != self._layout_for:
            by_lane: dict[int, list[Item]] = {}
            geometry = self._geometry()  # first: it may hand out lanes
            lane_of = self._lanes
            for coding, _x, top, height in geometry:
                by_lane.setdefault(lane_of[coding.id], []).append((coding, top, height))
            look = self._look()
            self._layouts = {lane: LaneLayout(items, look) for lane, items in by_lane.items()}
            self._layout_for = inputs
        return self._layouts

    def _update_lane(self, lane: int, top: int) -> None:
        """Repaint one lane's column from ``top`` (viewport y) to the bottom."""
        height = self.height()
        if top < height:
            top = max(top - 2 - LABEL_REACH, 0)  # a label above may run on into what changed
            self.update(QRect(2 + lane * LANE_WIDTH, top, LANE_WIDTH, height - top))

    def _assign(self, coding: CodingInfo) -> int:
        """The first lane that no overlapping passage holds (the last lane when all are taken)."""
        lanes = self._lanes
        taken = {lanes[c.id] for c in self.view.codings_overlapping(coding.start, coding.end)
                 if c.id in lanes and c.id != coding.id}
        lane = next((n for n in range(MAX_LANES) if n not in taken), MAX_LANES - 1)
        lanes[coding.id] = lane
        if lane >= self._lane_count:
            self._widen_later(lane + 1)
        return lane

    def _widen_later(self, lanes: int) -> None:
        """A lane beyond the column (an edit packed one more than the overlap depth): widen the
        column after this paint rather than clip the lane."""
        def widen() -> None:
            if lanes > self._lane_count:
                self._lane_count = min(lanes, MAX_LANES)
                self.view.setViewportMargins(self.width_hint(), 0, 0, 0)
                self.view.place_margin()
                self.update()
        QTimer.singleShot(0, widen)

    def width_hint(self) -> int:
        return max(self._lane_count, 1) * LANE_WIDTH + 6

    def sizeHint(self) -> QSize:
        return QSize(self.width_hint(), 0)

    def _on_update_request(self, rect: QRect, dy: int) -> None:
        if dy:
            # Not scroll(0, dy): labels of passages that began above the view stay at its top,
            # so moved pixels would disagree with what a repaint draws.
            self.update()
        else:
            if rect.height() >= self.view.viewport().height():
                self._extent_key = None  # the text may have been laid out anew: measure again
                self._lines.forget()
                self._layouts = None
            self.update(0, rect.y(), self.width(), rect.height())

    def _visible(self) -> list[CodingInfo]:
        """The passages in view, in text order, each with its lane (found again only when the
        view moved or its codings changed)."""
        view = self.view
        if not view.codings:
            return []
        view_key = self._view_key()
        key = (view_key, view.codings_version)
        if key != self._visible_key:
            span_key = (view_key, view.text)  # (the text compares by identity while it stays)
            if span_key != self._span_key:  # the text in view is found again only when the view or text moved
                viewport = view.viewport()
                first = view.python_position_at(QPoint(0, 0))
                last = view.python_position_at(QPoint(viewport.width(), viewport.height()))
                self._span_key, self._span_in_view = span_key, (first, last + 1)
            self._visible_key, self._visible_list = key, view.codings_overlapping(*self._span_in_view)
        visible = self._visible_list
        if not self._lanes:
            self._lanes = pack_lanes(visible)
            deepest = max(self._lanes.values(), default=-1) + 1
            if deepest > self._lane_count:
                self._widen_later(deepest)
        else:
            for coding in visible:
                if coding.id not in self._lanes:
                    self._assign(coding)
        return visible

    def _geometry(self, lanes: Container[int] = range(MAX_LANES)) -> list[tuple[CodingInfo, int, int, int]]:
        """``(coding, x, top, height)`` of the stripes in view whose lane is among ``lanes``, in
        text order (tops clamped to just outside the view)."""
        visible = self._visible()  # first: it may hand out lanes
        lane_of = self._lanes
        visible = [c for c in visible if lane_of[c.id] in lanes]
        limit = self.view.viewport().height() + 10
        extents = self._extents(visible)
        geometry = []
        for coding in visible:
            top, bottom = extents[coding.id][1]
            top, bottom = max(top, -10), min(bottom, limit)
            geometry.append((coding, 3 + lane_of[coding.id] * LANE_WIDTH, top, max(bottom - top, 6)))
        return geometry

    def _stripes(self) -> list[tuple[CodingInfo, QRect]]:
        """The stripes in view, in text order, with their rectangles."""
        return [(coding, QRect(x, top, LANE_WIDTH - 3, height)) for coding, x, top, height in self._geometry()]

    def _view_key(self) -> tuple[object, ...]:
        view = self.view
        return (view.firstVisibleBlock().blockNumber(), view.contentOffset().y(), view.viewport().width(),
                view.source_id)

    def _extents(self, codings: list[CodingInfo]) -> dict[int, tuple[tuple[int, int], tuple[int, int]]]:
        """``id: (span, (top, bottom))``: viewport y of each passage's first and last line,
        remembered while the view stays put (same scroll position and width), so that a new
        coding measures only itself."""
        key = self._view_key()
        if key != self._extent_key:
            self._extent_key, self._extent_cache = key, {}
        cache = self._extent_cache
        lines: LineGeometry | None = None
        to_qt = self.view.positions.to_qt
        for coding in codings:
            span = (coding.start, coding.end)
            if cache.get(coding.id, (None,))[0] != span:
                if lines is None:
                    lines = self._lines
                    lines.check()
                cache[coding.id] = (span, (lines.top(to_qt(coding.start)), lines.bottom(to_qt(coding.end))))
        return cache

    def paintEvent(self, event: QPaintEvent) -> None:
        dirty = event.rect()
        painter = QPainter(self)
        painter.fillRect(dirty, self.palette().color(self.backgroundRole()))
        painter.setPen(Qt.PenStyle.NoPen)
        metrics = painter.fontMetrics()
        labels: list[tuple[int, int, QColor, str]] = []
        memo_marks: list[tuple[int, int, QColor]] = []
        dirty_top, dirty_bottom = dirty.top(), dirty.bottom()
        width = LANE_WIDTH - 3
        fill = painter.fillRect
        for lane, layout in sorted(self._lane_layouts().items()):
            if not 2 + lane * LANE_WIDTH <= dirty.right() or not 2 + (lane + 1) * LANE_WIDTH > dirty.left():
                continue  # (lane columns as refresh repaints them)
            x = 3 + lane * LANE_WIDTH
            for stripe in layout.crossing(dirty_top, dirty_bottom):
                colour = colour_of(stripe.colour)
                fill(x, stripe.top, width, stripe.height, colour)
                if stripe.tab:  # the label runs on below the passage: on a tab
                    fill(x + 1, stripe.top + stripe.height, width - 2, stripe.tab, tab_colour(stripe.colour))
                if stripe.label is not None:
                    labels.append((x, stripe.top, colour, stripe.label))
                if stripe.memo:
                    memo_marks.append((x, stripe.top, colour))
        painter.rotate(90)  # labels run down their stripes; in rotated coordinates x is down, y is left
        # the baseline that centres the glyphs (ascent one way, descent the other) across the stripe
        shift = (metrics.ascent() - metrics.descent()) / 2 - metrics.ascent()  # (the top left of the text)
        for x, top, colour, text in labels:
            painter.setPen(readable_text_colour(colour))
            painter.drawStaticText(QPointF(top + 4, -(x + width / 2 - shift)), self.labels.static_text(text, self.font()))
        painter.resetTransform()
        for x, top, colour in memo_marks:
            painter.setPen(readable_text_colour(colour))
            painter.setBrush(self.palette().color(self.backgroundRole()))
            painter.drawRect(QRect(x + (width - MEMO_MARK) // 2, top + 1, MEMO_MARK - 1, MEMO_MARK - 1))
        painter.end()

    def memo_at(self, point: QPoint) -> CodingInfo | None:
        """The passage whose memo marker is at ``point``."""
        for coding, rect in self._stripes():
            if coding.memo and QRect(rect.left() - 1, rect.top() - 1, rect.width() + 2, MEMO_MARK + 3).contains(point):
                return coding
        return None

    def coding_at(self, point: QPoint) -> CodingInfo | None:
        for coding, rect in self._stripes():
            if rect.adjusted(-1, 0, 1, 0).contains(point):
                return coding
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        with_memo = self.memo_at(point)
        if with_memo is not None:
            self.coding_clicked.emit(with_memo.id)
            self.memo_clicked.emit(with_memo.id)
            return
        coding = self.coding_at(point)
        if coding is not None:
            self.coding_clicked.emit(coding.id)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        hovered = next(((c, r) for c, r in self._stripes() if r.adjusted(-1, 0, 1, 0).contains(point)), None)
        if hovered is None:
            self.hover_label.hide()
            self._hovered = None
            QToolTip.hideText()
            return
        coding, rect = hovered
        self._hovered = coding.id
        name = self.view.code_names.get(coding.code_id, "?")
        colours = self.coder_colours if self.colour_by_coder else self.code_colours
        colour = colour_of(colours.get(coding.coder_id if self.colour_by_coder else coding.code_id, "#777777"))
        self.hover_label.show_name(name, colour, rect.translated(self.pos()), point.y() + self.y())
        memo = f"\nMemo: {coding.memo}\n(click the square to edit it)" if coding.memo else ""
        QToolTip.showText(event.globalPosition().toPoint(), f"{name} — {coding.coder}{memo}", self)

    def leaveEvent(self, event: QEvent) -> None:
        self.hover_label.hide()
        self._hovered = None
        super().leaveEvent(event)



def _grown(kept: dict[int, str], now: dict[int, str]) -> bool:
    """Whether ``now`` holds what ``kept`` holds (and maybe more: a new code's name or colour)."""
    return now is kept or now == kept or (len(now) > len(kept) and kept.items() <= now.items())
