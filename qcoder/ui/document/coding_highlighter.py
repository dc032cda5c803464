"""Codings, speaker names and timestamps shown on the document without touching its text.

Speaker names (bold) and timestamps (small, grey) change the font, so they are character
formats, set by a ``QSyntaxHighlighter`` one block (paragraph) at a time when the text is shown.
Codings change only colours, so they are never formats of the text: :meth:`CodingHighlighter.ranges`
hands the paint the coloured ranges of one paragraph, drawn over its laid-out lines the way Qt
draws a selection. A coding therefore costs no layout of the text, only a repaint of its lines.
Positions here are Qt's (UTF-16); :class:`PositionMap` converts from the project's code points.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from qcoder.core.snapshots import TurnInfo
from qcoder.ui.colours import readable_text_colour, tint_strength
from qcoder.ui.document.block_paint_cache import BlockPaintCache, has_right_to_left
from qcoder.ui.document.coded_text_paint import Look
from qcoder.ui.document.highlight_runs import flatten_to_tuples
from qcoder.ui.document.text_positions import PositionMap

_TIMESTAMP = re.compile(r"\\?\[\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\\?\]|\(\d{1,2}:\d{2}(?::\d{2})?\)")
_LABEL_END = re.compile(r"[:\]]\**")

SPEAKER, TIMESTAMP = 1, 2
_GREY = (0.6, 0.6, 0.6)
DENSE = 6
"""From this many codes under a character its tint is one "densely coded" grey, not their blend:
six colours and more average to a grey that tells no code from another (the margin's stripes
name them), and one tint lets the paint draw the stretch whole rather than piece by piece."""
_DENSE_STRENGTH = 0.25
"""How far the densely coded tint goes from the background towards the text's colour."""
_TIMESTAMP_GREY = "#8A8F98"


class CodingHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.positions = PositionMap("")
        self.right_to_left = False
        self.code_colours: dict[int, QColor] = {}
        self.base = QColor("#FFFFFF")
        self._runs: list[tuple[int, int, tuple[int, ...]]] = []
        self._run_starts: list[int] = []
        self._marks: list[tuple[int, int, int]] = []  # (qt start, qt end, SPEAKER|TIMESTAMP)
        self._mark_starts: list[int] = []
        self.text_colour = QColor("#000000")
        self._looks: dict[tuple[tuple[int, ...], int] | int, Look] = {}
        """Looks by the codes and style of a piece; by the style alone where it is densely coded."""
        self._sums: dict[tuple[int, ...], tuple[float, float, float]] = {}
        """The summed colours of the sets of codes blended so far (forgotten with the looks)."""
        self._by_colour: dict[tuple[object, bool, bool], Look] = {}
        self._mark_formats: dict[int, QTextCharFormat] = {}
        self._code_rgb: dict[int, tuple[float, float, float]] = {}
        self._base_rgb = (1.0, 1.0, 1.0)
        self.depth = 0
        self.paint_cache = BlockPaintCache()
        """The painted blocks' coded stretches, forgotten here where their codings or colours change,
        and when the text or its formats change (which moves its lines)."""
        document.contentsChange.connect(self._forget_painted)

    def _forget_painted(self, _position: int, _removed: int, _added: int) -> None:
        self.paint_cache.clear()

    def set_source(self, text: str, turns: Sequence[TurnInfo]) -> None:
        """Take a new text's positions and its speaker labels and timestamps (no repaint yet)."""
        self.positions = PositionMap(text)
        self.right_to_left = has_right_to_left(text)
        marks: list[tuple[int, int, int]] = []
        for turn in turns:
            head = text[turn.start : min(turn.end, turn.start + 120)]
            label = _LABEL_END.search(head)
            if label is not None and head[: label.start()].strip():
                marks.append((turn.start, turn.start + label.end(), SPEAKER))
        for match in _TIMESTAMP.finditer(text):
            marks.append((match.start(), match.end(), TIMESTAMP))
        marks.sort()
        to_qt = self.positions.to_qt
        self._marks = [(to_qt(s), to_qt(e), kind) for s, e, kind in marks]
        self._mark_starts = [m[0] for m in self._marks]
        self.paint_cache.clear()

    def set_codings(self, spans: Iterable[tuple[int, int, int]], colours: dict[int, str]) -> None:
        """Take the codings as ``(start, end, code_id)`` in code points, and the codes' colours."""
        self.code_colours = {code_id: QColor(colour) for code_id, colour in colours.items()}
        self._code_rgb = {code_id: (c.redF(), c.greenF(), c.blueF()) for code_id, c in self.code_colours.items()}
        to_qt = self.positions.to_qt
        self._runs = [(to_qt(start), to_qt(end), codes) for start, end, codes in flatten_to_tuples(spans)]
        self._run_starts = [run[0] for run in self._runs]
        self.depth = max((len(run[2]) for run in self._runs), default=0)
        """The most codes covering one character: how many stripe lanes the margin needs."""
        self._looks.clear()
        self._sums.clear()
        self.paint_cache.clear()

    def add_code_colour(self, code_id: int, colour: str) -> None:
        qcolour = QColor(colour)
        if code_id in self.code_colours and self.code_colours[code_id].rgba() != qcolour.rgba():
            self._looks.clear()
            self._sums.clear()
            self.paint_cache.clear()
        self.code_colours[code_id] = qcolour
        self._code_rgb[code_id] = (qcolour.redF(), qcolour.greenF(), qcolour.blueF())

    def update_region(self, start: int, end: int, spans: Iterable[tuple[int, int, int]]) -> None:
        """Recompute the runs of ``[start, end)`` (code points) from the codings that overlap it:
        a new coding costs the same in a bare document and in one with thousands of codings.
        The caller repaints the lines of the region."""
        qt_start, qt_end = self.positions.span_to_qt(start, end)
        clipped = ((max(s, start), min(e, end), code) for s, e, code in spans if s < end and e > start)
        to_qt = self.positions.to_qt
        fresh = [(to_qt(start), to_qt(end), codes) for start, end, codes in flatten_to_tuples(clipped)]
        first = max(bisect.bisect_right(self._run_starts, qt_start) - 1, 0)
        last = bisect.bisect_left(self._run_starts, qt_end)
        head: list[tuple[int, int, tuple[int, ...]]] = []
        tail: list[tuple[int, int, tuple[int, ...]]] = []
        for run_start, run_end, codes in self._runs[first:last]:
            if run_start < qt_start:
                head.append((run_start, min(run_end, qt_start), codes))
            if run_end > qt_end:
                tail.append((max(run_start, qt_end), run_end, codes))
        middle = head + fresh + tail
        self._runs[first:last] = middle  # in place: no pass over the whole document's runs
        self._run_starts[first:last] = [run[0] for run in middle]
        self.depth = max(self.depth, max((len(run[2]) for run in fresh), default=0))
        self.paint_cache.forget(self.document(), qt_start, qt_end)

    def shift(self, qt_position: int, removed: int, added: int) -> None:
        """Move the runs with an edit of the text (``removed`` units at ``qt_position`` replaced
        by ``added``), so that they stay on their words until the project's codings are taken."""
        edit_end, delta = qt_position + removed, added - removed

        def moved(position: int) -> int:
            if position <= qt_position:
                return position
            return max(position + delta, qt_position + added) if position < edit_end else position + delta

        runs = ((moved(start), moved(end), codes) for start, end, codes in self._runs)
        self._runs = [run for run in runs if run[0] < run[1]]
        self._run_starts = [run[0] for run in self._runs]
        self.paint_cache.clear()

    def set_base_colour(self, colour: QColor, text: QColor) -> None:
        """The view's background and text colours, which the codings' tints are laid over."""
        self.base, self.text_colour = colour, text
        self._base_rgb = (colour.redF(), colour.greenF(), colour.blueF())
        self._looks.clear()
        self._by_colour.clear()
        self.paint_cache.clear()

    # -- QSyntaxHighlighter -------------------------------------------------------------

    def highlightBlock(self, text: str) -> None:
        """The block's speaker name and timestamps (codings are not formats: see :meth:`pieces`)."""
        block_start = self.currentBlock().position()
        marks = self._overlapping(self._marks, self._mark_starts, block_start, block_start + len(text))
        for start, end, kind in marks:
            start, end = max(start, block_start), min(end, block_start + len(text))
            self.setFormat(start - block_start, end - start, self._mark_format(kind))

    # -- the codings' colours, painted over the laid-out text ---------------------------

    def pieces(self, block_start: int, start: int, end: int) -> list[tuple[int, int, Look]]:
        """The coded pieces of the text ``[start, end)`` (Qt positions) in the block that starts
        at ``block_start``, as ``(start, end, look)`` relative to the block: what the paint colours.
        Touching runs that look the same are one piece (densely coded text, mostly)."""
        look_of = self._look
        found: list[tuple[int, int, Look]] = []
        for piece_start, piece_end, codes, style in self._pieces(start, end):
            if not codes or piece_start >= piece_end:
                continue
            look = look_of(codes, style)
            piece_start, piece_end = piece_start - block_start, piece_end - block_start
            if found and found[-1][2] is look and found[-1][1] == piece_start:
                found[-1] = (found[-1][0], piece_end, look)
            else:
                found.append((piece_start, piece_end, look))
        return found

    def has_codings(self) -> bool:
        return bool(self._runs)

    def _pieces(self, block_start: int, block_end: int) -> list[tuple[int, int, tuple[int, ...], int]]:
        """``(start, end, codes, style)`` pieces of the block: its runs, split where a speaker
        label or timestamp begins or ends, plus the marks' uncoded stretches."""
        runs = self._overlapping(self._runs, self._run_starts, block_start, block_end)
        pieces = [(max(s, block_start), min(e, block_end), codes, 0) for s, e, codes in runs]
        for mark_start, mark_end, kind in self._overlapping(self._marks, self._mark_starts, block_start, block_end):
            pieces = _with_mark(pieces, max(mark_start, block_start), min(mark_end, block_end), kind)
        return pieces

    @staticmethod
    def _overlapping(items: list[tuple], starts: list[int], block_start: int, block_end: int) -> list[tuple]:
        """The sorted, non-nested items (``(start, end, ...)``) that overlap the block."""
        index = max(bisect.bisect_right(starts, block_start) - 1, 0)
        found = []
        while index < len(items) and items[index][0] < block_end:
            if items[index][1] > block_start:
                found.append(items[index])
            index += 1
        return found

    def _look(self, codes: tuple[int, ...], style: int) -> Look:
        dense = len(codes) >= DENSE
        key = style if dense else (codes, style)
        cached = self._looks.get(key)
        if cached is None:
            background = self._dense_tint() if dense else self._blend(codes)
            cached = self._looks[key] = self._look_for_colour(background, len(codes) > 1, style == TIMESTAMP)
        return cached

    def _dense_tint(self) -> tuple[int, int, int]:
        """The background of densely coded text (:data:`DENSE`): a grey between the view's
        background and its text colour, so it is a step darker on light themes and lighter on dark."""
        text = (self.text_colour.redF(), self.text_colour.greenF(), self.text_colour.blueF())
        return tuple(_step(base + (ink - base) * _DENSE_STRENGTH)  # type: ignore[return-value]
                     for base, ink in zip(self._base_rgb, text))

    def _blend(self, codes: tuple[int, ...]) -> tuple[int, int, int] | None:
        """The background of text under ``codes``, as 8-bit RGB (plain floats: this runs per run)."""
        if not codes:
            return None
        red, green, blue = self._sum(codes)
        count = len(codes)
        strength = tint_strength(count) / count
        base_r, base_g, base_b = self._base_rgb
        return (  # to steps of 3 of 255, finer than the eye can tell: deep overlaps share formats
            _step(base_r + (red - base_r * count) * strength),
            _step(base_g + (green - base_g * count) * strength),
            _step(base_b + (blue - base_b * count) * strength),
        )

    def _sum(self, codes: tuple[int, ...]) -> tuple[float, float, float]:
        """The sum of the colours of ``codes``, kept per set of codes. A new coding's runs are the
        runs it lies over plus its code, mostly the newest (the highest id, last in the set): their
        sum is the kept one plus one colour, not a pass over every code there (dozens deep where
        in-vivo codes pile up)."""
        rgb, sums = self._code_rgb, self._sums
        head = sums.get(codes[:-1]) if len(codes) > 1 else (0.0, 0.0, 0.0)
        if head is None:
            red = green = blue = 0.0
            for code in codes:
                r, g, b = rgb.get(code, _GREY)
                red, green, blue = red + r, green + g, blue + b
        else:
            r, g, b = rgb.get(codes[-1], _GREY)
            red, green, blue = head[0] + r, head[1] + g, head[2] + b
        found = sums[codes] = (red, green, blue)
        return found

    def _look_for_colour(self, background: tuple[int, int, int] | None, overlap: bool, timestamp: bool) -> Look:
        """A coded piece's colours (its font is the text's own): readable text on the tint,
        underlined where codes overlap, a timestamp's grey kept. Shared by colour, so dense
        overlaps create a few hundred, not thousands."""
        key = (background, overlap, timestamp)
        look = self._by_colour.get(key)
        if look is None:
            colour = QColor(*background) if background is not None else QColor(self.base)
            text = readable_text_colour(colour)
            own = QColor(_TIMESTAMP_GREY) if timestamp else self.text_colour  # the colour its glyphs have
            look = self._by_colour[key] = Look.of(colour, own if timestamp else text, text if overlap else None, own)
        return look

    def _mark_format(self, kind: int) -> QTextCharFormat:
        """The character format of a speaker name (bold) or a timestamp (small, grey)."""
        fmt = self._mark_formats.get(kind)
        if fmt is None:
            fmt = self._mark_formats[kind] = QTextCharFormat()
            if kind == SPEAKER:
                fmt.setFontWeight(QFont.Weight.Bold)
            else:
                fmt.setForeground(QColor(_TIMESTAMP_GREY))
                fmt.setFontPointSize(max(self.document().defaultFont().pointSizeF() * 0.85, 6.0))
        return fmt


def _with_mark(
    pieces: list[tuple[int, int, tuple[int, ...], int]], mark_start: int, mark_end: int, kind: int
) -> list[tuple[int, int, tuple[int, ...], int]]:
    """Sorted, non-overlapping ``pieces`` with ``[mark_start, mark_end)`` styled ``kind``: pieces
    it crosses are split, and its stretches under no piece become pieces of their own."""
    out: list[tuple[int, int, tuple[int, ...], int]] = []
    position = mark_start  # where the part of the mark not yet placed begins
    for start, end, codes, style in pieces:
        if end <= mark_start or start >= mark_end:
            if start >= mark_end and position < mark_end:
                out.append((position, mark_end, (), kind))
                position = mark_end
            out.append((start, end, codes, style))
            continue
        if start < mark_start:
            out.append((start, mark_start, codes, style))
        low, high = max(start, mark_start), min(end, mark_end)
        if position < low:
            out.append((position, low, (), kind))
        out.append((low, high, codes, kind))
        position = high
        if end > mark_end:
            out.append((mark_end, end, codes, style))
    if position < mark_end:
        out.append((position, mark_end, (), kind))
    return out


def _step(channel: float) -> int:
    """A colour channel (0–1) as 8 bits, rounded to a multiple of 3."""
    return min(round(channel * 85) * 3, 255)

