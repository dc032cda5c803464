"""Repainting only the changed region gives exactly the runs a full recomputation gives."""

from __future__ import annotations

import random

from PySide6.QtGui import QTextDocument

from qcoder.ui.document.coding_highlighter import DENSE, CodingHighlighter
from qcoder.ui.document.highlight_runs import flatten_spans


def test_update_region_matches_full_recompute(qapp):
    rng = random.Random(3)
    text = "".join(rng.choice("ab c😀\n") for _ in range(3000))
    document = QTextDocument()
    document.setPlainText(text)
    highlighter = CodingHighlighter(document)
    highlighter.set_source(text, [])
    spans: list[tuple[int, int, int]] = []
    highlighter.set_codings(spans, {})
    for step in range(300):
        if spans and rng.random() < 0.3:
            removed = spans.pop(rng.randrange(len(spans)))
            region = removed[:2]
        else:
            start = rng.randrange(0, len(text) - 50)
            span = (start, start + rng.randint(1, 400), rng.randrange(5))
            span = (span[0], min(span[1], len(text)), span[2])
            spans.append(span)
            region = span[:2]
        overlapping = [s for s in spans if s[0] < region[1] and s[1] > region[0]]
        highlighter.update_region(region[0], region[1], overlapping)
        expected = [(r.start, r.end, set(r.code_ids)) for r in flatten_spans(spans)]
        positions = highlighter.positions
        actual = [(positions.to_python(s), positions.to_python(e), set(c)) for s, e, c in highlighter._runs]
        assert _normalise(actual) == _normalise(expected), step


def _normalise(runs):
    """Adjacent runs with the same codes are one run; the region split may leave a seam."""
    merged: list[tuple[int, int, set]] = []
    for start, end, codes in runs:
        if merged and merged[-1][1] == start and merged[-1][2] == codes:
            merged[-1] = (merged[-1][0], end, codes)
        else:
            merged.append((start, end, codes))
    return merged


def test_a_kept_sum_of_colours_gives_the_tint_a_fresh_highlighter_gives(qapp):
    """Runs blended from the kept sum of the codes under them (a new code on top of old ones)
    look as a highlighter that never saw them blends them, also after a code is recoloured."""
    rng = random.Random(5)
    colours = {code: f"#{rng.randrange(1 << 24):06X}" for code in range(1, 40)}
    documents = []  # kept: a document takes its highlighter with it

    def highlighter_with(spans, colours):
        document = QTextDocument()
        documents.append(document)
        document.setPlainText("x" * 1200)
        highlighter = CodingHighlighter(document)
        highlighter.set_source("x" * 1200, [])
        highlighter.set_codings(spans, colours)
        return highlighter

    def backgrounds(highlighter):
        return [(s, e, highlighter._look(codes, 0).background.rgb()) for s, e, codes in highlighter._runs]

    spans = [(rng.randrange(0, 1100), 0, code) for code in range(1, 30)]
    spans = [(start, start + rng.randint(5, 100), code) for start, _end, code in spans]
    kept = highlighter_with(spans, colours)
    backgrounds(kept)  # every run's sum kept
    for code in range(30, 40):  # newer codes over the old ones, region by region, as codings come
        start = rng.randrange(0, 1100)
        spans.append((start, start + rng.randint(5, 100), code))
        kept.add_code_colour(code, colours[code])
        kept.update_region(start, spans[-1][1], [s for s in spans if s[0] < spans[-1][1] and s[1] > start])
        assert backgrounds(kept) == backgrounds(highlighter_with(spans, colours))
    colours[3] = "#000000"
    kept.add_code_colour(3, colours[3])
    assert backgrounds(kept) == backgrounds(highlighter_with(spans, colours))
    assert any(3 <= len(codes) < DENSE for _s, _e, codes in kept._runs), "blends of several codes were compared"
