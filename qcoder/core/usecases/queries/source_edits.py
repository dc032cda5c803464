"""The reads about source edits, for views and exports; the edits are in
:mod:`qcoder.core.usecases.commands.source_edits`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.store.cascade import CascadeSnapshot
from qcoder.core.store.models import SourceEdit as SourceEditRow
from qcoder.core.store.search_index import is_word_char

SpanKey = tuple[str, int]


@dataclass(frozen=True)
class SpanPosition:
    table: str
    id: int
    start: int
    end: int


@dataclass(frozen=True)
class EditOrigin:
    """Who made an edit, when, under which GUID: kept when a merge brings a teammate's edit here,
    so that both copies' histories name it alike."""

    guid: str
    edited_at: datetime
    edited_by: str | None


@dataclass(frozen=True)
class SourceEdit:
    """An edit to apply: replace ``[start, end)`` of the source's text with ``new_text``; when it
    undoes an earlier edit, also put back what that one removed and where its passages were."""

    source_id: int
    start: int
    end: int
    new_text: str
    restore_rows: tuple[CascadeSnapshot, ...] = ()
    restore_positions: tuple[SpanPosition, ...] = ()
    drop_rows: tuple[SpanKey, ...] = ()
    """Rows that an earlier application restored and this one takes away again."""
    origin: EditOrigin | None = None
    """A teammate's edit brought here by a merge; ``None``: a new edit by this coder."""


@dataclass(frozen=True)
class RemovedPassage:
    """A passage an edit removed because every one of its words was deleted."""

    table: str
    id: int
    label: str
    """The code and coder of a coding, the speaker of a turn."""
    text: str


@dataclass(frozen=True)
class SourceEditResult:
    changes: Changes
    inverse: tuple[SourceEdit, ...]
    """Apply these in order (:func:`apply_source_edits`) to undo; their result's inverse redoes."""
    removed: tuple[RemovedPassage, ...] = ()
    edits: int = 0
    """How many edits changed the text (an edit that changes nothing is not recorded)."""
    history_ids: tuple[int, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class EditRecord:
    """One entry of a source's edit history, as :func:`source_edit_history` reads it."""

    id: int
    guid: str
    start: int
    end: int
    new_text: str
    characters: int
    sha256: str
    edited_by: str | None


def find_occurrences(text: str, find: str, *, whole_word: bool = False, ignore_case: bool = False) -> list[tuple[int, int]]:
    """Non-overlapping ``[start, end)`` of ``find`` in ``text``, left to right."""
    flags = re.IGNORECASE if ignore_case else 0
    hits = []
    for match in re.finditer(re.escape(find), text, flags):
        start, end = match.span()
        if whole_word and ((start > 0 and is_word_char(text[start - 1])) or (end < len(text) and is_word_char(text[end]))):
            continue
        hits.append((start, end))
    return hits


def source_edit_history(session: Session, source_id: int) -> list[EditRecord]:
    """The source's edits, oldest first."""
    rows = session.execute(
        select(SourceEditRow).where(SourceEditRow.source_id == source_id).order_by(SourceEditRow.id)
    ).scalars()
    return [EditRecord(r.id, r.guid, r.start, r.end, r.new_text, r.characters, r.sha256, r.edited_by) for r in rows]
