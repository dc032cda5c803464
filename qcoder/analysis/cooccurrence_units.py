"""What "coded together" means for the map views: overlapping spans, the same turn, the same source.

:func:`codes_together` walks the spans of each source once (they are sorted by start) and gives,
for every *anchor* coding (one whose code is among ``anchor_codes``), the set of codes that other
codings carry together with it in the chosen unit:

- ``overlap`` (the default): codings whose spans intersect the anchor's (half-open spans, so
  ``[0, 5)`` and ``[5, 9)`` do not overlap);
- ``turn``: codings that share a speaker turn with the anchor (text before the first turn counts
  as one turn of its own);
- ``source``: any other coding in the same source.

Codings are together only when the same coder made them (``same_coder``, the default): a
passage that Alex coded with a stage and Sam with an on-ramp is a statement of neither.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Collection, Iterator, Mapping

from qcoder.analysis.map_inputs import CODE, CODER, END, START, Span
from qcoder.core.errors import QcoderError

UNITS = ("overlap", "turn", "source")


def check_unit(unit: str) -> str:
    if unit not in UNITS:
        raise QcoderError(f"unknown unit '{unit}'; use one of: {', '.join(UNITS)}")
    return unit


def codes_together(
    spans: Mapping[int, list[Span]],
    anchor_codes: Collection[int],
    unit: str = "overlap",
    turns: Mapping[int, list[tuple[int, int]]] | None = None,
    partner_codes: Collection[int] | None = None,
    same_coder: bool = True,
) -> Iterator[tuple[int, Span, set[int]]]:
    """(source id, anchor span, codes coded together with it) for every anchor, source by source.

    With ``partner_codes``, only those codes are looked for among the codings around an anchor
    (the rest cannot change the answer), which keeps the sweep short.
    """
    check_unit(unit)
    anchor_codes = anchor_codes if isinstance(anchor_codes, (set, frozenset)) else set(anchor_codes)
    partners = None if partner_codes is None else set(partner_codes)
    for source_id, source_spans in spans.items():
        if not any(s[CODE] in anchor_codes for s in source_spans):
            continue
        if same_coder and len({s[CODER] for s in source_spans}) > 1:
            by_coder: dict[int, list[Span]] = {}
            for s in source_spans:
                by_coder.setdefault(s[CODER], []).append(s)
            for coder_spans in by_coder.values():
                yield from codes_together(
                    {source_id: coder_spans}, anchor_codes, unit, turns, partner_codes, same_coder=False
                )
            continue
        if unit == "overlap":
            yield from ((source_id, a, c) for a, c in _overlapping(source_spans, anchor_codes, partners))
            continue
        if partners is not None:
            source_spans = [s for s in source_spans if s[CODE] in anchor_codes or s[CODE] in partners]
        if unit == "source":
            counts = Counter(s[CODE] for s in source_spans)
            found = [(span, _others(counts, span[CODE])) for span in source_spans if span[CODE] in anchor_codes]
        else:
            found = _same_turn(source_spans, anchor_codes, (turns or {}).get(source_id, []))
        for span, together in found:
            yield source_id, span, together if partners is None else together & partners


def _others(counts: Counter[int], own_code: int) -> set[int]:
    return {code for code, n in counts.items() if n > (1 if code == own_code else 0)}


def _overlapping(
    spans: list[Span], anchor_codes: Collection[int], partners: set[int] | None = None
) -> list[tuple[Span, set[int]]]:
    """One sweep by start: a partner span joins every anchor still open; an anchor starts with
    the partner spans still open (``active``, pruned lazily)."""
    result: list[tuple[Span, set[int]]] = []
    open_anchors: list[tuple[Span, set[int]]] = []
    active: list[Span] = []
    for span in spans:
        code = span[CODE]
        partner = partners is None or code in partners
        anchor = code in anchor_codes
        if not (partner or anchor):
            continue
        start = span[START]
        if partner:
            if open_anchors:
                still = []
                for pair in open_anchors:
                    if pair[0][END] > start:
                        pair[1].add(code)
                        still.append(pair)
                open_anchors = still
            active.append(span)
        if anchor:
            active = [a for a in active if a[END] > start]
            pair = (span, {a[CODE] for a in active if a is not span})
            result.append(pair)
            open_anchors.append(pair)
    return result


def _same_turn(
    spans: list[Span], anchor_codes: Collection[int], turns: list[tuple[int, int]]
) -> list[tuple[Span, set[int]]]:
    starts = [start for start, _ in turns]

    def turn_range(span: Span) -> range:
        first = bisect.bisect_right(starts, span[START]) - 1
        last = bisect.bisect_left(starts, span[END]) - 1
        return range(first, max(first, last) + 1)

    per_turn: dict[int, Counter[int]] = {}
    ranges = []
    for span in spans:
        covered = turn_range(span)
        ranges.append(covered)
        for index in covered:
            per_turn.setdefault(index, Counter())[span[CODE]] += 1
    result = []
    for span, covered in zip(spans, ranges):
        if span[CODE] in anchor_codes:
            together: set[int] = set()
            for index in covered:
                together |= _others(per_turn[index], span[CODE])
            result.append((span, together))
    return result
