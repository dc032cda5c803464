"""Where a passage of one version of a text lies in another version: pure, no database.

A merge meets a source whose text differs between the two copies. Two ways to map a teammate's
positions onto this copy's text:

- **through the edit history** (:class:`HistoryMap`): the edits one copy made since the two
  parted, applied in order with the re-anchoring rules of :mod:`qcoder.core.reanchoring` — the
  same rules an edit applies to this copy's own passages, so a passage lands on the words it
  would cover had it been coded here before the edit;
- **by aligning the two texts** (:class:`DiffMap`) when no history explains the difference (a
  text changed outside qcoder, a REFI-QDA re-import): the common beginning and end are trimmed,
  the middle is aligned by :class:`difflib.SequenceMatcher` (per character when small enough,
  else per line and then per character inside changed lines, so a long transcript stays quick),
  and the stretches between aligned blocks are read as edits that a passage follows by the same
  rules — if at least half of its characters survive: scattered letters that two rewritten
  sentences happen to share are no place for a passage.

When both copies edited the text since they parted, their edits are combined if none touches
another (:func:`rebase`); the other copy's passages then follow this copy's edits rewritten to
apply after the other's.

Either map answers ``None`` for a passage none of whose characters survive: its words were
deleted, and the merge lists it instead of moving it anywhere.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import pairwise

from qcoder.core.reanchoring import SpanFate, TextEdit, apply_edit, map_span

CHARACTER_DIFF_LIMIT = 4_000_000
"""The largest product of the two differing parts' lengths aligned character by character;
beyond it the texts are aligned by lines first."""


class HistoryMap:
    """Positions of the text before ``edits`` mapped to the text after them."""

    def __init__(self, edits: Sequence[TextEdit]) -> None:
        self.edits = tuple(edits)

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        for edit in self.edits:
            mapped = map_span(start, end, edit)
            if mapped.fate is SpanFate.REMOVED:
                return None
            assert mapped.start is not None and mapped.end is not None
            start, end = mapped.start, mapped.end
        return start, end


def replay(text: str, edits: Sequence[TextEdit]) -> str | None:
    """``text`` with ``edits`` applied in order; ``None`` if one does not fit the text."""
    for edit in edits:
        try:
            text = apply_edit(text, edit)
        except ValueError:
            return None
    return text


def shared_prefix(ours: Sequence[str], theirs: Sequence[str]) -> int:
    """How many edits (by GUID) two histories share from their beginning."""
    count = 0
    for mine, other in zip(ours, theirs, strict=False):
        if mine != other:
            break
        count += 1
    return count


def _shifted(edit: TextEdit, by: int) -> TextEdit:
    return TextEdit(edit.start + by, edit.end + by, edit.text)


def rebase(theirs: Sequence[TextEdit], ours: Sequence[TextEdit]) -> tuple[list[TextEdit], list[TextEdit]] | None:
    """Two lists of edits made to the same text, each rewritten to apply after the other:
    ``(theirs after ours, ours after theirs)``, so that both give the same text. ``None`` when
    an edit of one list touches or overlaps one of the other (who wins would be a guess)."""
    ours_after = list(ours)
    theirs_after: list[TextEdit] = []
    for edit in theirs:
        for index, mine in enumerate(ours_after):
            if edit.end < mine.start:
                ours_after[index] = _shifted(mine, edit.delta)
            elif mine.end < edit.start:
                edit = _shifted(edit, mine.delta)
            else:
                return None
        theirs_after.append(edit)
    return theirs_after, ours_after


@dataclass(frozen=True)
class Block:
    """``size`` characters equal in both texts: ``old[old_start:…]`` is ``new[new_start:…]``."""

    old_start: int
    new_start: int
    size: int


class DiffMap:
    """Positions of ``old`` mapped onto ``new`` through their aligned characters: each stretch
    between two aligned blocks is read as an edit, and a passage follows these edits by the
    re-anchoring rules (last first, so that each is in the coordinates of ``old``)."""

    def __init__(self, old: str, new: str) -> None:
        self.blocks = align(old, new)
        self._starts = [block.old_start for block in self.blocks]
        edges = [Block(0, 0, 0), *self.blocks, Block(len(old), len(new), 0)]
        gaps = [
            TextEdit(before.old_start + before.size, after.old_start, new[before.new_start + before.size:after.new_start])
            for before, after in pairwise(edges)
        ]
        self.edits = HistoryMap([gap for gap in reversed(gaps) if gap.start < gap.end or gap.text])

    def surviving(self, start: int, end: int) -> int:
        """How many characters of ``old[start:end]`` are aligned with characters of ``new``."""
        index = max(bisect.bisect_right(self._starts, start) - 1, 0)
        count = 0
        for block in self.blocks[index:]:
            if block.old_start >= end:
                break
            count += max(min(end, block.old_start + block.size) - max(start, block.old_start), 0)
        return count

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        if start == end or self.surviving(start, end) * 2 < end - start:
            return None
        return self.edits.span(start, end)


def align(old: str, new: str) -> list[Block]:
    """The blocks of characters ``old`` and ``new`` share, in order, neither overlapping."""
    head = 0
    limit = min(len(old), len(new))
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]:
        tail += 1
    blocks = [Block(0, 0, head)] if head else []
    blocks += _align_middle(old[head:len(old) - tail], new[head:len(new) - tail], head, head)
    if tail:
        blocks.append(Block(len(old) - tail, len(new) - tail, tail))
    return blocks


def _align_middle(old: str, new: str, old_at: int, new_at: int) -> list[Block]:
    if not old or not new:
        return []
    if len(old) * len(new) <= CHARACTER_DIFF_LIMIT:
        return _matched(SequenceMatcher(None, old, new, autojunk=False), old_at, new_at)
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    old_offsets, new_offsets = _offsets(old_lines), _offsets(new_lines)
    blocks: list[Block] = []
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        a1, a2, b1, b2 = old_offsets[i1], old_offsets[i2], new_offsets[j1], new_offsets[j2]
        if tag == "equal":
            blocks.append(Block(old_at + a1, new_at + b1, a2 - a1))
        elif tag == "replace" and (a2 - a1) * (b2 - b1) <= CHARACTER_DIFF_LIMIT:
            blocks += _matched(SequenceMatcher(None, old[a1:a2], new[b1:b2], autojunk=False), old_at + a1, new_at + b1)
    return blocks


def _matched(matcher: SequenceMatcher[str], old_at: int, new_at: int) -> list[Block]:
    return [Block(old_at + a, new_at + b, size) for a, b, size in matcher.get_matching_blocks() if size]


def _offsets(lines: list[str]) -> list[int]:
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    return offsets
