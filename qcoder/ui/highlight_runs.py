"""Overlapping codings flattened into runs of text that carry the same set of codes.

One sweep over the sorted span boundaries; the document view paints one format per run, and
the colour of a run shows whether one or several codes cover it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    start: int
    end: int
    code_ids: tuple[int, ...]
    """The codes covering the run, in order of first appearance (stable colours)."""


def flatten_spans(spans: Iterable[tuple[int, int, int]]) -> list[Run]:
    """Runs of ``(start, end, code_id)`` spans; runs covered by no code are left out."""
    events: list[tuple[int, int, int]] = []
    for start, end, code_id in spans:
        if start < end:
            events.append((start, 1, code_id))
            events.append((end, -1, code_id))
    events.sort(key=lambda event: (event[0], event[1]))
    runs: list[Run] = []
    active: dict[int, int] = {}
    previous: int | None = None
    index = 0
    while index < len(events):
        position = events[index][0]
        if previous is not None and active and position > previous:
            runs.append(Run(previous, position, tuple(active)))
        while index < len(events) and events[index][0] == position:
            _pos, delta, code_id = events[index]
            count = active.get(code_id, 0) + delta
            if count > 0:
                active[code_id] = count
            else:
                active.pop(code_id, None)
            index += 1
        previous = position
    return _merge_adjacent(runs)


def _merge_adjacent(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if merged and merged[-1].end == run.start and set(merged[-1].code_ids) == set(run.code_ids):
            merged[-1] = Run(merged[-1].start, run.end, merged[-1].code_ids)
        else:
            merged.append(run)
    return merged
