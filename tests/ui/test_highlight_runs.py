"""Overlapping codings flattened into runs: each run is a maximal stretch covered by one set of codes."""

from __future__ import annotations

import random

from qcoder.ui.document.highlight_runs import flatten_to_tuples


def _runs_character_by_character(spans: list[tuple[int, int, int]], length: int) -> list[tuple[int, int, tuple[int, ...]]]:
    runs: list[tuple[int, int, tuple[int, ...]]] = []
    for position in range(length):
        codes = tuple(sorted({code for start, end, code in spans if start <= position < end}))
        if not codes:
            continue
        if runs and runs[-1][1] == position and runs[-1][2] == codes:
            runs[-1] = (runs[-1][0], position + 1, codes)
        else:
            runs.append((position, position + 1, codes))
    return runs


def test_runs_are_the_stretches_of_one_set_of_codes_however_deep_the_overlaps():
    rng = random.Random(11)
    for _trial in range(400):
        codes = rng.choice((3, 12, 60))  # a few codes, or dozens piled up (in vivo)
        spans = []
        for _ in range(rng.randrange(0, 40)):
            start = rng.randrange(0, 80)
            spans.append((start, start + rng.randrange(-2, 40), rng.randrange(codes)))  # empty and reversed too
        assert flatten_to_tuples(spans) == _runs_character_by_character(spans, 130), spans


def test_a_code_over_itself_is_one_code_and_adjacent_stretches_of_it_one_run():
    assert flatten_to_tuples([(0, 10, 5), (5, 15, 5), (15, 20, 5), (3, 4, 2)]) == [
        (0, 3, (5,)), (3, 4, (2, 5)), (4, 20, (5,))]
