"""Merging a source whose text differs in the two copies: the rule, through the edit histories.

Each copy keeps its source's edits in order, each with a GUID (``source_edits``). The two copies
parted where their histories stop sharing edits. Then, for a source matched by GUID:

- **the other copy lacks some of this copy's edits** (it has none since they parted): this
  text stays; the other copy's passages are mapped through the edits it lacks;
- **this copy lacks some of the other copy's edits**: this text is brought up to the other
  copy's edits, applied here as edits (same GUIDs, authors and times) that re-anchor this
  copy's passages as any edit does; the other copy's passages then need no mapping. So merging
  an edited copy into an unedited one, or the other way round, gives the same project;
- **both edited since they parted, in places apart** (no edit of one touches one of the other):
  the edits are combined — the other copy's are applied here after this copy's (rewritten to
  their new positions, under new GUIDs) and its passages follow this copy's edits, so both
  copies' corrections are kept;
- **both edited the same words**, or the difference is not what the histories say (a text
  changed outside qcoder, a REFI-QDA re-import without history): this text stays (this project
  wins, as for every conflict) and the other copy's passages are placed by aligning the two
  texts (:class:`qcoder.core.text_alignment.DiffMap`); the report names it as a conflict.

Either way a passage none of whose words are in this text is not merged and is listed in the
report (``words gone``), never moved elsewhere; so is a passage of this copy that the other
copy's edit removed. The replays are checked: a history applied to the older text must give the
newer text exactly, or the texts are aligned instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from qcoder.core.reanchoring import TextEdit
from qcoder.core.store.guids import new_guid
from qcoder.core.store.models import Source, SourceText
from qcoder.core.store.models import SourceEdit as SourceEditRow
from qcoder.core.team.merge_report import MergeConflict, MergeReport
from qcoder.core.text_alignment import DiffMap, HistoryMap, rebase, replay, shared_prefix
from qcoder.core.usecases.commands.source_edits import apply_source_edits
from qcoder.core.usecases.queries.source_edits import EditOrigin, SourceEdit
from qcoder.core.wording import counted


class SpanMap(Protocol):
    def span(self, start: int, end: int) -> tuple[int, int] | None: ...


@dataclass(frozen=True)
class _Step:
    origin: EditOrigin
    edit: TextEdit


def _history(session: Session, source_id: int) -> list[_Step]:
    rows = session.execute(
        select(SourceEditRow).where(SourceEditRow.source_id == source_id).order_by(SourceEditRow.id)
    ).scalars()
    return [_Step(EditOrigin(r.guid, r.edited_at, r.edited_by), TextEdit(r.start, r.end, r.new_text)) for r in rows]


def _text(session: Session, source_id: int) -> str:
    return str(session.scalar(select(SourceText.text).where(SourceText.source_id == source_id)) or "")


def _quoted(words: str) -> str:
    words = " ".join(words.split())
    return f"“{words if len(words) <= 50 else words[:47] + '…'}”"


class TextsMerging:
    """The text part of a merge; mixed into the merger."""

    session: Session
    other: Session
    report: MergeReport

    span_maps: dict[int, SpanMap]
    """The other file's source id → where its passages lie in this copy's text (only for sources
    whose texts differ and were not brought up to date)."""
    their_texts: dict[int, str]
    their_lengths: dict[int, int]
    """The other file's source id → its text's length, for the sources in :attr:`span_maps`."""
    source_labels: dict[int, str]

    def merge_text(self, mine: Source, theirs: Source) -> None:
        """Reconcile the texts of a source matched by GUID whose texts differ (module's rule)."""
        ours_steps, their_steps = _history(self.session, mine.id), _history(self.other, theirs.id)
        shared = shared_prefix([s.origin.guid for s in ours_steps], [s.origin.guid for s in their_steps])
        ours_new, theirs_new = ours_steps[shared:], their_steps[shared:]
        our_text, their_text = _text(self.session, mine.id), _text(self.other, theirs.id)
        self.source_labels[theirs.id] = mine.name
        if ours_new and not theirs_new and replay(their_text, [s.edit for s in ours_new]) == our_text:
            self._map_from(theirs.id, their_text, HistoryMap([s.edit for s in ours_new]))
            self.report.texts.append(
                f"'{mine.name}': the other copy's passages placed through this copy's {counted(len(ours_new), 'edit')}")
            return
        if theirs_new and not ours_new and replay(our_text, [s.edit for s in theirs_new]) == their_text:
            self._bring_up_to_date(mine, theirs_new)
            return
        if ours_new and theirs_new and self._combine(mine, theirs, ours_new, theirs_new, our_text, their_text):
            return
        self._map_from(theirs.id, their_text, DiffMap(their_text, our_text))
        why = ("both copies edited the same words since they parted" if ours_new and theirs_new
               else "no shared edit history explains the difference")
        self.report.conflicts.append(MergeConflict(
            "source", theirs.guid, mine.name, (f"a different text ({why})",),
            "kept this project's text; the other file's passages were placed by aligning the two texts",
        ))

    def _combine(self, mine: Source, theirs: Source, ours_new: list[_Step], theirs_new: list[_Step],
                 our_text: str, their_text: str) -> bool:
        """Both copies edited since they parted, in places apart: apply the other copy's edits
        here after this copy's, and map its passages through this copy's edits rewritten to
        apply after its own. Whether it could be done (both ways give the same text)."""
        rebased = rebase([s.edit for s in theirs_new], [s.edit for s in ours_new])
        if rebased is None:
            return False
        theirs_after, ours_after = rebased
        combined = replay(our_text, theirs_after)
        if combined is None or combined != replay(their_text, ours_after):
            return False
        # New GUIDs: these are the other copy's edits at other positions, not the same edits.
        steps = [_Step(EditOrigin(new_guid(), s.origin.edited_at, s.origin.edited_by), edit)
                 for s, edit in zip(theirs_new, theirs_after, strict=True)]
        self._bring_up_to_date(mine, steps, f"combined with the other copy's {counted(len(steps), 'edit')}")
        self._map_from(theirs.id, their_text, HistoryMap(ours_after))
        return True

    def _map_from(self, their_source_id: int, their_text: str, span_map: SpanMap) -> None:
        self.span_maps[their_source_id] = span_map
        self.their_texts[their_source_id] = their_text
        self.their_lengths[their_source_id] = len(their_text)

    def _bring_up_to_date(self, mine: Source, steps: list[_Step], how: str = "") -> None:
        result = apply_source_edits(self.session, [
            SourceEdit(mine.id, s.edit.start, s.edit.end, s.edit.text, origin=s.origin) for s in steps])
        self.report.text_undo = result.inverse + self.report.text_undo
        self.report.text_changes = self.report.text_changes.merged(result.changes)
        how = how or f"brought up to the other copy's {counted(len(steps), 'edit')}"
        self.report.texts.append(f"'{mine.name}': {how}")
        self.report.unplaced += [
            f"'{mine.name}': {message} by the other copy's edit" for message in result.changes.messages]

    def copy_history(self, their_source_id: int, source_id: int) -> None:
        """Give a source the merge added the other copy's edit history, so that a later merge
        with a copy that edited it further follows those edits too."""
        rows = self.other.execute(
            select(SourceEditRow).where(SourceEditRow.source_id == their_source_id).order_by(SourceEditRow.id)
        ).scalars().all()
        taken = set(self.session.execute(
            select(SourceEditRow.guid).where(SourceEditRow.guid.in_([r.guid for r in rows]))).scalars()) if rows else set()
        if rows and not taken:  # a history is whole or absent: a gap would misstate the text's past
            self.session.execute(insert(SourceEditRow), [
                {"guid": r.guid, "source_id": source_id, "start": r.start, "end": r.end, "new_text": r.new_text,
                 "characters": r.characters, "sha256": r.sha256, "edited_at": r.edited_at, "edited_by": r.edited_by}
                for r in rows
            ])

    def place(self, their_source_id: int, start: int, end: int, label: Callable[[], str]) -> tuple[int, int] | None:
        """Where the other file's passage ``[start, end)`` of its source lies here; ``None``, with
        a line in the report, when none of its words are in this text."""
        span_map = self.span_maps.get(their_source_id)
        if span_map is None:
            return start, end
        placed = span_map.span(start, end)
        if placed is None:
            words = _quoted(self.their_texts[their_source_id][start:end])
            self.report.unplaced.append(
                f"'{self.source_labels[their_source_id]}': {label()} on {words} was not merged: "
                "its words are not in this copy's text")
        return placed
