"""Overlapping codings flattened into runs of text that carry the same set of codes.

One sweep over the sorted span boundaries; the document view paints one format per run, and
the colour of a run shows whether one or several codes cover it.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    start: int
    end: int
    code_ids: tuple[int, ...]
    """The codes covering the run, in ascending order: one set, one key (formats are cached by it)."""


def flatten_spans(spans: Iterable[tuple[int, int, int]]) -> list[Run]:
    """Runs of ``(start, end, code_id)`` spans; runs covered by no code are left out."""
    return [Run(start, end, codes) for start, end, codes in flatten_to_tuples(spans)]


def flatten_to_tuples(spans: Iterable[tuple[int, int, int]]) -> list[tuple[int, int, tuple[int, ...]]]:
    """:func:`flatten_spans` as plain ``(start, end, code_ids)`` tuples (it runs on every coding).

    The codes covering the sweep are kept sorted as they come and go (one insertion or removal
    in a short list), not sorted again at every boundary: where dozens of codes overlap (in-vivo
    codes pile up) that sort was most of a coding's sweep."""
    events: list[tuple[int, int, int]] = []
    for start, end, code_id in spans:
        if start < end:
            events.append((start, 1, code_id))
            events.append((end, -1, code_id))
    events.sort()  # by position, ends (-1) before starts (+1)
    runs: list[tuple[int, int, tuple[int, ...]]] = []
    active: dict[int, int] = {}  # code -> how many of its spans cover the sweep
    covering: list[int] = []  # the codes of ``active``, in ascending order
    codes: tuple[int, ...] = ()
    previous = 0
    index, count = 0, len(events)
    while index < count:
        position = events[index][0]
        if active and position > previous:
            if runs and runs[-1][1] == previous and runs[-1][2] == codes:
                runs[-1] = (runs[-1][0], position, codes)  # the same codes go on: one run
            else:
                runs.append((previous, position, codes))
        changed = False
        while index < count and events[index][0] == position:
            _position, delta, code_id = events[index]
            left = active.get(code_id, 0) + delta
            if left > 0:
                if code_id not in active:
                    insort(covering, code_id)
                    changed = True
                active[code_id] = left
            else:
                del active[code_id]
                del covering[bisect_left(covering, code_id)]
                changed = True
            index += 1
        if changed:
            codes = tuple(covering)
        previous = position
    return runs
