"""The re-anchoring rules, pure: random edits against random overlapping spans.

The property (issue 22): every span's text after an edit equals its original text with the
same edit applied to it — the edit *restricted* to the span (``restricted_edit``: the part of the
replaced range inside the span deleted, the replacement added only when the span contains the
whole edit); a span left without text is removed. And positions, not only texts: a span before
the edit keeps its start, one after it moves by the change in length, order is kept.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qcoder.core.reanchoring import (
    SpanFate,
    TextEdit,
    apply_edit,
    check_edit,
    inverse_edit,
    map_span,
    restricted_edit,
)

ALPHABET = "ab \n😀é\u0301你"  # emoji, combining accent, Chinese: positions are code points


@st.composite
def text_edit_spans(draw: st.DrawFn) -> tuple[str, TextEdit, list[tuple[int, int]]]:
    text = draw(st.text(alphabet=ALPHABET, max_size=40))
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    replacement = draw(st.text(alphabet=ALPHABET, max_size=8))
    spans = []
    for _ in range(draw(st.integers(0, 8))):
        a = draw(st.integers(0, len(text)))
        spans.append((a, draw(st.integers(a, len(text)))))
    return text, TextEdit(start, end, replacement), spans


def _apply_restricted(text: str, a: int, b: int, edit: TextEdit) -> str:
    local = restricted_edit(a, b, edit)
    own = text[a:b]
    return own if local is None else apply_edit(own, local)


@settings(max_examples=600, deadline=None)
@given(text_edit_spans())
def test_every_span_keeps_its_words_with_the_edit_applied_to_them(case):
    text, edit, spans = case
    new_text = apply_edit(text, edit)
    for a, b in spans:
        mapped = map_span(a, b, edit)
        expected = _apply_restricted(text, a, b, edit)
        if mapped.fate is SpanFate.REMOVED:
            assert a < b and expected == "", (a, b)
            continue
        assert mapped.start is not None and mapped.end is not None
        assert 0 <= mapped.start <= mapped.end <= len(new_text)
        if a < b:
            assert mapped.start < mapped.end, "a kept passage is never empty"
            assert new_text[mapped.start:mapped.end] == expected
        if b <= edit.start or (a == b and a <= edit.start):
            assert (mapped.start, mapped.end) == (a, b), "before the edit nothing moves"
        if a >= edit.end and (a < b or a > edit.start):  # an empty span at the edit stays before it
            assert mapped.start == a + edit.delta, "after the edit a passage moves by the change"


@settings(max_examples=300, deadline=None)
@given(text_edit_spans())
def test_spans_keep_their_order(case):
    _text, edit, spans = case
    kept = [(a, map_span(a, b, edit)) for a, b in spans]
    starts = sorted((a, m.start) for a, m in kept if m.start is not None)
    assert [m for _a, m in starts] == sorted(m for _a, m in starts)


@settings(max_examples=300, deadline=None)
@given(text_edit_spans())
def test_the_inverse_edit_restores_the_text_and_every_span_it_did_not_touch(case):
    """(A span the edit resized or trimmed is put back from its recorded position by undo.)"""
    text, edit, spans = case
    new_text = apply_edit(text, edit)
    back = inverse_edit(text, edit)
    assert apply_edit(new_text, back) == text
    for a, b in spans:
        mapped = map_span(a, b, edit)
        if mapped.fate in (SpanFate.UNCHANGED, SpanFate.SHIFTED) and a < b:
            again = map_span(mapped.start, mapped.end, back)  # type: ignore[arg-type]
            assert (again.start, again.end) == (a, b)


@pytest.mark.parametrize(("span", "edit", "after"), [
    ((4, 9), TextEdit(6, 7, "XYZ"), (4, 11)),        # a word fixed inside a passage: it grows
    ((4, 9), TextEdit(4, 9, "P1"), (4, 6)),          # its exact words replaced: it follows them
    ((4, 9), TextEdit(4, 9, ""), None),              # its words deleted: removed
    ((4, 9), TextEdit(2, 11, "x"), None),            # swallowed by a larger edit: removed
    ((4, 9), TextEdit(7, 12, "--"), (4, 7)),         # its end deleted: its first words survive
    ((4, 9), TextEdit(1, 6, "--"), (3, 6)),          # its start deleted: its last words survive
    ((4, 9), TextEdit(9, 9, "more"), (4, 9)),        # typing right after it does not join it
    ((4, 9), TextEdit(4, 4, "pre "), (8, 13)),       # nor typing right before it
    ((4, 9), TextEdit(0, 2, ""), (2, 7)),            # an edit before it moves it
    ((4, 9), TextEdit(12, 13, ""), (4, 9)),          # one after it does not
])
def test_the_rules_by_example(span, edit, after):
    mapped = map_span(*span, edit)
    assert (None if mapped.start is None else (mapped.start, mapped.end)) == after


def test_an_edit_outside_the_text_is_refused():
    with pytest.raises(ValueError, match="does not lie within"):
        check_edit(5, TextEdit(3, 6, "x"))
    with pytest.raises(ValueError, match="does not lie within"):
        check_edit(5, TextEdit(4, 3, "x"))
