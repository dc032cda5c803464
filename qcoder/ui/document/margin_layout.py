"""What the coding margin paints in each lane, kept between paints and changed where a coding changed.

A lane's stripes are painted in text order; each stripe's label runs down from its top if the
label above it in the lane has ended, as far as the next stripe below it allows. So a coding
added to or taken from a lane can move the labels below it, but only until the lane's labels
fall as they fell before: :meth:`LaneLayout.change` lays the lane out again from the change
down to that point and says which stretches of the lane now look different, so that the margin
repaints those, not the lane's column to the bottom of the view. The paint then draws the kept
stripes that cross the repainted rectangle (:meth:`LaneLayout.crossing`), the same as a paint
of the whole margin draws them there.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from typing import NamedTuple

from qcoder.core.snapshots import CodingInfo

LABEL_REACH = 240
"""How far (pixels) a label may run on below its passage, on a tab of the stripe's colour."""
MEMO_MARK = 7
"""Side of the square that marks a passage memo at the top of its stripe."""
NO_LABEL_YET = -1_000_000
MAX_LANES = 8


class Stripe(NamedTuple):
    """One stripe as painted: its passage's place, colour, label and the tab the label needs."""

    coding_id: int
    top: int
    height: int
    colour: str
    memo: bool
    label: str | None
    tab: int
    """Pixels of the tab below the stripe that carries the rest of its label (0: none)."""
    bottom: int
    """Where what it paints ends (the tab, the memo marker): the stretch to repaint when it changes."""


Item = tuple[CodingInfo, int, int]
"""A passage of the lane in view: ``(coding, top, height)`` in viewport pixels."""


class Look(NamedTuple):
    """How the stripes of one paint look: colours, names and label width."""

    colour_of: Callable[[CodingInfo], str]
    name_of: Callable[[CodingInfo], str]
    elided: Callable[[str, int], tuple[str, int]]
    """A label cut to a width, and its length in pixels."""
    bottom: int
    """How far the last stripe's label may run (the margin's height)."""


class LaneLayout:
    """The passages of one lane in view, in text order, and their stripes."""

    def __init__(self, items: list[Item], look: Look) -> None:
        self.items = items
        self.starts = [coding.start for coding, _top, _height in items]
        self.tops = [top for _coding, top, _height in items]
        self._start_of = {coding.id: coding.start for coding, _top, _height in items}
        self.stripes: list[Stripe] = []
        self.ends: list[int] = []
        """Where the lane's labels end after each stripe (each label starts below the last)."""
        self.tallest = 0
        """No stripe paints further below its top (it may have been taller: a bound, for :meth:`crossing`)."""
        self._lay_out(0, NO_LABEL_YET, look, None)

    def crossing(self, top: int, bottom: int) -> Iterable[Stripe]:
        """The stripes that paint something between ``top`` and ``bottom`` (inclusive), in order."""
        stripes, tops = self.stripes, self.tops
        for index in range(bisect.bisect_left(tops, top - self.tallest), bisect.bisect_right(tops, bottom)):
            stripe = stripes[index]
            if stripe.bottom > top:
                yield stripe

    def change(self, removed: Iterable[int], added: Iterable[Item], look: Look) -> list[tuple[int, int]]:
        """Take passages out (by coding id) and in, lay the lane out again from the first change
        down to where it falls as before, and return the ``(top, bottom)`` stretches that changed."""
        old_stripes, old_ends = self.stripes, self.ends
        gone = sorted((self._index(coding_id) for coding_id in removed if coding_id in self._start_of), reverse=True)
        for index in gone:
            del self._start_of[self.items[index][0].id]
            del self.items[index], self.starts[index], self.tops[index]
        last_removed = gone[0] if gone else -1
        first = gone[-1] if gone else len(self.items)
        inserted: list[int] = []
        for item in added:
            index = bisect.bisect_right(self.starts, item[0].start)  # as the view keeps its codings
            self.items.insert(index, item)
            self.starts.insert(index, item[0].start)
            self.tops.insert(index, item[1])
            self._start_of[item[0].id] = item[0].start
            inserted = [i + 1 if i >= index else i for i in inserted] + [index]
            first = min(first, index)
        if not inserted and not gone:
            return []
        start = max(first - 1, 0)
        while start > 0 and self.tops[start - 1] == self.tops[start]:  # a group of one top: its first
            start -= 1
        self.stripes, self.ends = old_stripes[:start], old_ends[:start]
        resume = self._lay_out(start, old_ends[start - 1] if start else NO_LABEL_YET, look,
                               (old_stripes, old_ends, len(gone) - len(inserted), max(inserted, default=-1), last_removed))
        changed = {*old_stripes[start:resume[1]]} ^ {*self.stripes[start:]}
        if resume[0] is not None:
            self.stripes += old_stripes[resume[1]:]
            self.ends += old_ends[resume[1]:]
        return [(stripe.top, stripe.bottom) for stripe in changed]

    def _index(self, coding_id: int) -> int:
        index = bisect.bisect_left(self.starts, self._start_of[coding_id])
        while self.items[index][0].id != coding_id:  # among the passages that start there too
            index += 1
        return index

    def _lay_out(self, start: int, label_end: int, look: Look,
                 old: tuple[list[Stripe], list[int], int, int, int] | None) -> tuple[int | None, int]:
        """Lay out the stripes from ``start``; with the ``old`` layout (its stripes, labels' ends,
        how far its indices lie past the new ones beyond every change, the last index inserted and
        the last old index removed), stop where a stripe and the labels' end after it are as
        before, past every change: ``(index, old index)`` of the first stripe kept from the old
        layout (``(None, len(old))`` when laid out to the end)."""
        items, tops, stripes, ends = self.items, self.tops, self.stripes, self.ends
        for index in range(start, len(items)):
            coding, top, height = items[index]
            if index > 0 and tops[index - 1] == top:
                below = top  # as a stable sort by top leaves it: only the first of one top reaches on
            else:
                below = _next_below(tops, index, look.bottom)
            reach = max(height, min(below - top - 2, LABEL_REACH))
            label, tab = None, 0
            if reach > 22 and top >= label_end:
                name = look.name_of(coding)
                if name:
                    label, advance = look.elided(name, reach - 8)
                    tab = max(advance + 8 - height, 0)
                    label_end = top + max(advance + 8, height)
            stripe = Stripe(coding.id, top, height, look.colour_of(coding), bool(coding.memo), label, tab,
                            top + max(height + tab, MEMO_MARK + 2))
            self.tallest = max(self.tallest, stripe.bottom - top)
            if old is not None and index > old[3]:
                old_stripes, old_ends, shift, _last_inserted, last_removed = old
                was = index + shift
                if was > last_removed and old_stripes[was] == stripe and old_ends[was] == label_end:
                    return index, was
            stripes.append(stripe)
            ends.append(label_end)
        return None, len(old[0]) if old is not None else 0


def pack_lanes(codings: list[CodingInfo]) -> dict[int, int]:
    """Lane per coding id: the first lane free at its start (codings sorted by start)."""
    lane_ends: list[int] = []
    lanes: dict[int, int] = {}
    for coding in codings:
        for lane, end in enumerate(lane_ends):
            if end <= coding.start:
                lane_ends[lane] = coding.end
                lanes[coding.id] = lane
                break
        else:
            lane = min(len(lane_ends), MAX_LANES - 1)
            if lane == len(lane_ends):
                lane_ends.append(coding.end)
            else:
                lane_ends[lane] = max(lane_ends[lane], coding.end)
            lanes[coding.id] = lane
    return lanes


def _next_below(tops: list[int], index: int, bottom: int) -> int:
    """The top of the first stripe below the one at ``index`` (``bottom`` if none)."""
    after = bisect.bisect_right(tops, tops[index], index + 1)
    return tops[after] if after < len(tops) else bottom
