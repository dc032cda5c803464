"""Where a passage lies after its text is edited: the re-anchoring rules, pure (no database).

An edit replaces the old text's half-open range ``[start, end)`` with ``text``; positions are
code points, as everywhere in a project. A span ``[a, b)`` (a coding, a resolution, a speaker
turn) is mapped by these rules, in this order:

- **before** the edit (``b <= start``; for an insertion also ``b == start``): unchanged;
- **after** it (``a >= end``; an insertion at ``a`` does not join the span): shifted by the
  change in length;
- **contains** it (``a <= start`` and ``end <= b``, with an insertion strictly inside): grows or
  shrinks with it, ``[a, b + delta)``. Replacing exactly a passage's words keeps the passage
  on the new words;
- **deleted**: every character of the span lies in the replaced range (and the span does not
  contain it): the span is removed, since the words it marked are gone;
- **partial overlap**: the edit covers one end of the span; the surviving words stay marked
  and the replacement, which lies outside the span's remaining words, is not added to it.

Equivalently (this is what the property tests check): the span's new text is its old text with
the edit *restricted to it* applied — the part of the replaced range that falls inside the span
deleted, and the replacement added only when the span contains the whole range
(:func:`restricted_edit`). A span whose restricted edit leaves no text is removed. Empty spans
(a speaker turn may be empty) are points: they are never removed and move like a position.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True)
class TextEdit:
    """Replace ``[start, end)`` of a text with ``text``."""

    start: int
    end: int
    text: str

    @property
    def delta(self) -> int:
        """How much longer the text gets."""
        return len(self.text) - (self.end - self.start)

    @property
    def is_insertion(self) -> bool:
        return self.start == self.end


class SpanFate(Enum):
    UNCHANGED = "unchanged"
    SHIFTED = "shifted"
    RESIZED = "resized"
    TRIMMED = "trimmed"
    REMOVED = "removed"


@dataclass(frozen=True)
class MappedSpan:
    """Where a span lies after the edit (``None`` positions when it was removed)."""

    fate: SpanFate
    start: int | None
    end: int | None


def check_edit(text_length: int, edit: TextEdit) -> None:
    """A :class:`ValueError` naming the problem unless ``edit`` fits a text of this length."""
    if edit.start < 0 or edit.end < edit.start or edit.end > text_length:
        raise ValueError(
            f"the range {edit.start}–{edit.end} does not lie within the text (0–{text_length}, start ≤ end)"
        )


def apply_edit(text: str, edit: TextEdit) -> str:
    check_edit(len(text), edit)
    return text[:edit.start] + edit.text + text[edit.end:]


def inverse_edit(text: str, edit: TextEdit) -> TextEdit:
    """The edit that turns ``apply_edit(text, edit)`` back into ``text``."""
    return TextEdit(edit.start, edit.start + len(edit.text), text[edit.start:edit.end])


def contains(a: int, b: int, edit: TextEdit) -> bool:
    """Whether the span ``[a, b)`` contains the edit (an insertion only strictly inside)."""
    if edit.is_insertion:
        return a < edit.start < b
    return a <= edit.start and edit.end <= b


def map_position(position: int, edit: TextEdit) -> int:
    """A point: unchanged before the edit, shifted after it, at the end of the replacement inside."""
    if position <= edit.start:
        return position
    if position >= edit.end:
        return position + edit.delta
    return edit.start + len(edit.text)


def map_span(a: int, b: int, edit: TextEdit) -> MappedSpan:
    """Where the span ``[a, b)`` lies after ``edit`` (see the module's rules)."""
    if a == b:
        moved = map_position(a, edit)
        return MappedSpan(SpanFate.UNCHANGED if moved == a else SpanFate.SHIFTED, moved, moved)
    if b <= edit.start:
        return MappedSpan(SpanFate.UNCHANGED, a, b)
    if a >= edit.end:
        if edit.delta == 0:
            return MappedSpan(SpanFate.UNCHANGED, a, b)
        return MappedSpan(SpanFate.SHIFTED, a + edit.delta, b + edit.delta)
    if contains(a, b, edit):
        if b + edit.delta == a:  # exactly its words, replaced by nothing
            return MappedSpan(SpanFate.REMOVED, None, None)
        return MappedSpan(SpanFate.RESIZED, a, b + edit.delta)
    if edit.start <= a and b <= edit.end:
        return MappedSpan(SpanFate.REMOVED, None, None)
    if a < edit.start:  # the edit covers the span's end: its first words survive
        return MappedSpan(SpanFate.TRIMMED, a, edit.start)
    return MappedSpan(SpanFate.TRIMMED, edit.start + len(edit.text), b + edit.delta)


def restricted_edit(a: int, b: int, edit: TextEdit) -> TextEdit | None:
    """The edit as it applies to the span's own text (positions relative to ``a``), or ``None``
    when it does not touch the span: the replaced range clipped to the span, replaced by the new
    text only when the span contains the whole edit."""
    low, high = max(a, edit.start), min(b, edit.end)
    if contains(a, b, edit):
        return TextEdit(edit.start - a, edit.end - a, edit.text)
    if low < high:
        return TextEdit(low - a, high - a, "")
    return None
