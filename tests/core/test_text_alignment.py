"""Mapping a passage from one version of a text to another: through an edit history, or by
aligning the two texts when no history explains the difference (pure, no database)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qcoder.core import text_alignment
from qcoder.core.reanchoring import TextEdit, apply_edit, map_span, restricted_edit
from qcoder.core.text_alignment import DiffMap, HistoryMap, align, rebase, replay, shared_prefix

OLD = "Ann: We shared compute with the lab in Zurik.\nBo: Yes, the lab helped a lot.\n"
FIX = TextEdit(OLD.index("Zurik"), OLD.index("Zurik") + 5, "Zurich")
NEW = apply_edit(OLD, FIX)


def words(text: str, span: tuple[int, int] | None) -> str | None:
    return None if span is None else text[span[0]:span[1]]


def test_a_passage_containing_a_fixed_word_covers_the_fixed_word_through_history_and_by_diff():
    start, end = OLD.index("We"), OLD.index(".\n")
    for mapping in (HistoryMap([FIX]), DiffMap(OLD, NEW)):
        assert words(NEW, mapping.span(start, end)) == "We shared compute with the lab in Zurich"
        later = OLD.index("Yes, the lab")
        assert words(NEW, mapping.span(later, later + 12)) == "Yes, the lab"


def test_a_passage_whose_words_were_deleted_is_not_placed():
    deletion = TextEdit(OLD.index(" in Zurik"), OLD.index(".\n"), "")
    edited = apply_edit(OLD, deletion)
    zurik = OLD.index("Zurik")
    assert HistoryMap([deletion]).span(zurik, zurik + 5) is None
    assert DiffMap(OLD, edited).span(zurik, zurik + 5) is None


def test_a_passage_of_a_rewritten_sentence_is_not_placed_on_letters_the_two_share():
    old, new = "one text", "another text"
    assert DiffMap(new, old).span(0, 7) is None
    assert words(old, DiffMap(new, old).span(8, 12)) == "text"


def test_shared_prefix_and_replay():
    assert shared_prefix(["a", "b", "c"], ["a", "b", "d", "e"]) == 2
    assert shared_prefix([], ["a"]) == 0
    assert replay(OLD, [FIX]) == NEW
    assert replay("short", [FIX]) is None  # the edit does not fit: no history explains it


def test_long_texts_are_aligned_by_lines_first(monkeypatch):
    monkeypatch.setattr(text_alignment, "CHARACTER_DIFF_LIMIT", 3000)
    lines = [f"Line {n}: speaker {n % 3} says something about item {n}.\n" for n in range(200)]
    old = "".join(lines)
    lines[50] = lines[50].replace("something", "anything")
    lines[150] = lines[150].replace("item", "thing")
    new = "".join(lines)
    mapping = DiffMap(old, new)
    assert len(mapping.blocks) >= 3
    start = old.index("Line 100:")
    assert words(new, mapping.span(start, start + 40)) == old[start:start + 40]
    start = old.index("Line 50:")
    assert words(new, mapping.span(start, old.index("Line 51:"))) == lines[50]


ALPHABET = "ab \n😀é你"


@st.composite
def history_cases(draw: st.DrawFn) -> tuple[str, list[TextEdit], list[tuple[int, int]]]:
    text = draw(st.text(alphabet=ALPHABET, min_size=1, max_size=40))
    spans = []
    for _ in range(draw(st.integers(1, 6))):
        a = draw(st.integers(0, len(text) - 1))
        spans.append((a, draw(st.integers(a + 1, len(text)))))
    edits, current = [], text
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(current)))
        end = draw(st.integers(start, len(current)))
        edit = TextEdit(start, end, draw(st.text(alphabet=ALPHABET, max_size=6)))
        edits.append(edit)
        current = apply_edit(current, edit)
    return text, edits, spans


@settings(max_examples=400, deadline=None)
@given(history_cases())
def test_through_a_history_every_passage_covers_its_words_with_each_edit_applied_to_them(case):
    text, edits, spans = case
    final = replay(text, edits)
    assert final is not None
    for a, b in spans:
        own, span = text[a:b], (a, b)
        for edit in edits:  # the passage's own words, edited as the edits touch them
            local = restricted_edit(span[0], span[1], edit)
            own = own if local is None else apply_edit(own, local)
            mapped = map_span(span[0], span[1], edit)
            if mapped.start is None or mapped.end is None:
                break
            span = (mapped.start, mapped.end)
        placed = HistoryMap(edits).span(a, b)
        if placed is None:
            assert own == "" or mapped.start is None
        else:
            assert final[placed[0]:placed[1]] == own


@settings(max_examples=400, deadline=None)
@given(history_cases())
def test_by_diff_a_passage_away_from_the_changed_part_keeps_its_words(case):
    text, edits, spans = case
    final = replay(text, edits[:1])
    assert final is not None
    blocks = align(text, final)
    assert all(text[b.old_start:b.old_start + b.size] == final[b.new_start:b.new_start + b.size] for b in blocks)
    head = blocks[0].size if blocks and blocks[0].old_start == 0 else 0
    tail = blocks[-1].size if blocks and blocks[-1].old_start + blocks[-1].size == len(text) else 0
    mapping = DiffMap(text, final)
    for a, b in spans:
        if b <= head or a >= len(text) - tail:  # wholly in the unchanged beginning or end
            assert words(final, mapping.span(a, b)) == text[a:b]
        placed = mapping.span(a, b)
        if placed is not None:
            assert 0 <= placed[0] < placed[1] <= len(final)


@st.composite
def parted_cases(draw: st.DrawFn) -> tuple[str, list[TextEdit], list[TextEdit]]:
    text = draw(st.text(alphabet=ALPHABET, min_size=1, max_size=40))

    def edits() -> list[TextEdit]:
        result, current = [], text
        for _ in range(draw(st.integers(1, 3))):
            start = draw(st.integers(0, len(current)))
            edit = TextEdit(start, draw(st.integers(start, min(len(current), start + 5))),
                            draw(st.text(alphabet=ALPHABET, max_size=4)))
            result.append(edit)
            current = apply_edit(current, edit)
        return result

    return text, edits(), edits()


@settings(max_examples=500, deadline=None)
@given(parted_cases())
def test_rebased_edits_give_the_same_text_whichever_copy_went_first(case):
    text, ours, theirs = case
    rebased = rebase(theirs, ours)
    if rebased is None:
        return
    theirs_after, ours_after = rebased
    ours_text, theirs_text = replay(text, ours), replay(text, theirs)
    assert ours_text is not None and theirs_text is not None
    combined = replay(ours_text, theirs_after)
    assert combined is not None and combined == replay(theirs_text, ours_after)
    assert rebase(ours, theirs) == (ours_after, theirs_after)  # the same either way round
