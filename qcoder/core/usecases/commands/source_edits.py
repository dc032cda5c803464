"""Editing a source's text without losing a coding: the edit, its history, and its undo.

:func:`edit_source_text` replaces ``[start, end)`` of a source's text (code points) with new
words in one step: the edit is added to the source's history (``source_edits``), the text and
its length and hash change (the only way the database allows: :mod:`qcoder.core.store.immutability`),
and every coding, resolution and speaker turn of the source is re-anchored by the rules of
:mod:`qcoder.core.reanchoring` — a turn keeps its timestamp. Passages whose words were deleted
are removed and named in the result.

The result carries its inverse as plain values (:class:`SourceEdit`): the edit that restores the
text, the rows it removed (same ids and GUIDs) and the positions of the passages it resized or
trimmed. :func:`apply_source_edits` applies a sequence of them — an undo — and returns a result
whose inverse redoes it. The history is append-only: an undo is an edit too, so a merge can map
a teammate's positions through every step.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.errors import InvalidSpanError, NotFoundError, QcoderError
from qcoder.core.reanchoring import (
    SpanFate,
    TextEdit,
    apply_edit,
    check_edit,
    inverse_edit,
    map_span,
)
from qcoder.core.store.cascade import CascadeSnapshot, delete_with_snapshot
from qcoder.core.store.models import (
    Code,
    Coder,
    Coding,
    Resolution,
    Source,
    SourceText,
    SpeakerTurn,
)
from qcoder.core.store.models import SourceEdit as SourceEditRow
from qcoder.core.store.versions import CODER_KEY
from qcoder.core.usecases.queries.source_edits import (
    EditOrigin,
    RemovedPassage,
    SourceEdit,
    SourceEditResult,
    SpanKey,
    SpanPosition,
    find_occurrences,
)
from qcoder.core.usecases.queries.sources import check_canonical_text, text_sha256

SPAN_TABLES: dict[str, Any] = {"codings": Coding, "resolutions": Resolution, "speaker_turns": SpeakerTurn}
"""The tables whose rows are spans of a text (each has id, source_id, start and end)."""


def edit_source_text(session: Session, source_id: int, start: int, end: int, new_text: str) -> SourceEditResult:
    """Replace ``[start, end)`` of the source's text with ``new_text``, re-anchoring its passages."""
    return apply_source_edits(session, [SourceEdit(source_id, start, end, new_text)])


def replace_in_source(
    session: Session, source_id: int, find: str, replacement: str, *,
    whole_word: bool = False, replace_all: bool = False, ignore_case: bool = False,
) -> SourceEditResult:
    """Replace the first occurrence of ``find`` (every one with ``replace_all``), each as one
    recorded edit; ``whole_word`` skips occurrences inside a longer word. Nothing found is an
    error naming the source."""
    if not find:
        raise QcoderError("say what to find (an empty text occurs everywhere)")
    text = session.execute(select(SourceText.text).where(SourceText.source_id == source_id)).scalar_one_or_none()
    if text is None:
        raise NotFoundError(f"no source with id {source_id}")
    hits = find_occurrences(text, find, whole_word=whole_word, ignore_case=ignore_case)
    if not hits:
        name = session.execute(select(Source.name).where(Source.id == source_id)).scalar_one()
        raise NotFoundError(f"'{find}' does not occur in '{name}'" + (" as a whole word" if whole_word else ""))
    chosen = hits if replace_all else hits[:1]
    # Last first: an edit never moves the occurrences still to be replaced.
    return combine([_apply(session, SourceEdit(source_id, start, end, replacement)) for start, end in reversed(chosen)])


def apply_source_edits(session: Session, edits: Sequence[SourceEdit]) -> SourceEditResult:
    """Apply the edits in order (an undo applies a result's ``inverse``); one combined result."""
    return combine([_apply(session, edit) for edit in edits])


def combine(results: Sequence[SourceEditResult]) -> SourceEditResult:
    """Results applied in this order as one: the inverse undoes the last first."""
    changes = Changes()
    for result in results:
        changes = changes.merged(result.changes)
    return SourceEditResult(
        changes=changes,
        inverse=tuple(edit for result in reversed(results) for edit in result.inverse),
        removed=tuple(passage for result in results for passage in result.removed),
        edits=sum(result.edits for result in results),
        history_ids=tuple(i for result in results for i in result.history_ids),
    )


def _apply(session: Session, edit: SourceEdit) -> SourceEditResult:
    source = session.get(Source, edit.source_id)
    if source is None:
        raise NotFoundError(f"no source with id {edit.source_id}")
    text = session.execute(select(SourceText.text).where(SourceText.source_id == edit.source_id)).scalar_one()
    change = TextEdit(edit.start, edit.end, edit.new_text)
    try:
        check_edit(len(text), change)
    except ValueError as error:
        raise InvalidSpanError(f"'{source.name}': {error}") from None
    new_text = apply_edit(text, change)
    if "\r" in edit.new_text or "\x00" in edit.new_text:
        raise QcoderError("an edit's text must have LF line endings and no NUL characters")
    check_canonical_text(new_text)
    if new_text == text and not (edit.restore_rows or edit.restore_positions or edit.drop_rows):
        return SourceEditResult(Changes(), ())
    history_ids: tuple[int, ...] = ()
    if new_text != text:
        history_ids = (_record(session, source, change, new_text, edit.origin),)
    spans = _spans(session, edit.source_id)
    moved, touched, removed_keys = _reanchor(spans, change)
    labels = _labels(session, removed_keys)
    removed = tuple(
        RemovedPassage(table, row_id, labels.get((table, row_id), ""), text[slice(*spans[(table, row_id)])])
        for table, row_id in removed_keys
    )
    snapshots = _delete(session, [*removed_keys, *(key for key in edit.drop_rows if key in spans)])
    for position in edit.restore_positions:  # an undo: passages go back where they were
        key = (position.table, position.id)
        if key in spans:
            moved[key] = (position.start, position.end)
            touched.add(key)
    _move(session, {key: value for key, value in moved.items() if key not in removed_keys and spans.get(key) != value})
    restored: list[SpanKey] = []
    for snapshot in edit.restore_rows:
        snapshot.restore(session)
        restored += [(table, row["id"]) for table, rows in snapshot.rows if table in SPAN_TABLES
                     for row in (dict(r) for r in rows)]
    session.expire_all()
    inverse = inverse_edit(text, change)
    undo = SourceEdit(
        edit.source_id, inverse.start, inverse.end, inverse.text,
        restore_rows=tuple(snapshots),
        restore_positions=tuple(SpanPosition(t, i, *spans[(t, i)]) for t, i in sorted(touched - set(removed_keys))),
        drop_rows=tuple(restored),
    )
    codings = {row_id for table, row_id in [*moved, *removed_keys, *restored] if table == "codings"}
    changes = Changes(
        sources=frozenset({edit.source_id}),
        texts=frozenset({edit.source_id}) if new_text != text else frozenset(),
        codings=frozenset(codings),
        codes=frozenset(_code_ids(session, codings) | {row["code_id"] for s in snapshots for row in s.table_rows("codings")}),
        messages=tuple(_removal_message(passage) for passage in removed),
    )
    return SourceEditResult(changes, (undo,), removed, len(history_ids), history_ids)


def _record(session: Session, source: Source, change: TextEdit, new_text: str, origin: EditOrigin | None) -> int:
    """Add the edit to the history, then change the text and its facts (the triggers' order)."""
    row = SourceEditRow(
        source_id=source.id, start=change.start, end=change.end, new_text=change.text,
        characters=len(new_text), sha256=text_sha256(new_text), edited_by=session.info.get(CODER_KEY),
    )
    if origin is not None:
        row.guid, row.edited_at, row.edited_by = origin.guid, origin.edited_at, origin.edited_by
    session.add(row)
    session.flush()
    session.execute(update(SourceText).where(SourceText.source_id == source.id).values(text=new_text)
                    .execution_options(synchronize_session=False))
    session.execute(update(Source).where(Source.id == source.id)
                    .values(characters=row.characters, sha256=row.sha256)
                    .execution_options(synchronize_session=False))
    return row.id


def _spans(session: Session, source_id: int) -> dict[SpanKey, tuple[int, int]]:
    spans: dict[SpanKey, tuple[int, int]] = {}
    for table, model in SPAN_TABLES.items():
        for row_id, start, end in session.execute(
            select(model.id, model.start, model.end).where(model.source_id == source_id)
        ):
            spans[(table, row_id)] = (start, end)
    return spans


def _reanchor(
    spans: dict[SpanKey, tuple[int, int]], change: TextEdit
) -> tuple[dict[SpanKey, tuple[int, int]], set[SpanKey], list[SpanKey]]:
    """New positions of the spans that move, those resized or trimmed, and those removed."""
    moved: dict[SpanKey, tuple[int, int]] = {}
    touched: set[SpanKey] = set()
    removed: list[SpanKey] = []
    for key, (start, end) in spans.items():
        mapped = map_span(start, end, change)
        if mapped.fate is SpanFate.REMOVED:
            removed.append(key)
            continue
        if mapped.fate is SpanFate.UNCHANGED:
            continue
        assert mapped.start is not None and mapped.end is not None
        moved[key] = (mapped.start, mapped.end)
        if mapped.fate in (SpanFate.RESIZED, SpanFate.TRIMMED):
            touched.add(key)
    return moved, touched, sorted(removed)


def _delete(session: Session, keys: Iterable[SpanKey]) -> list[CascadeSnapshot]:
    by_table: dict[str, list[tuple[int]]] = {}
    for table, row_id in keys:
        by_table.setdefault(table, []).append((row_id,))
    return [delete_with_snapshot(session, SPAN_TABLES[table].__table__, ids) for table, ids in sorted(by_table.items())]


def _move(session: Session, positions: dict[SpanKey, tuple[int, int]]) -> None:
    for table, model in SPAN_TABLES.items():
        rows = [{"row_id": row_id, "new_start": start, "new_end": end}
                for (name, row_id), (start, end) in positions.items() if name == table]
        if rows:
            columns = model.__table__.c
            session.execute(
                model.__table__.update().where(columns.id == bindparam("row_id"))
                .values(start=bindparam("new_start"), end=bindparam("new_end")),
                rows,
            )


def _labels(session: Session, keys: Iterable[SpanKey]) -> dict[SpanKey, str]:
    keys = list(keys)
    labels: dict[SpanKey, str] = {}
    codings = [row_id for table, row_id in keys if table == "codings"]
    if codings:
        for row_id, code, coder in session.execute(
            select(Coding.id, Code.name, Coder.name).join(Code, Code.id == Coding.code_id)
            .join(Coder, Coder.id == Coding.coder_id).where(Coding.id.in_(codings))
        ):
            labels[("codings", row_id)] = f"{code} by {coder}"
    turns = [row_id for table, row_id in keys if table == "speaker_turns"]
    if turns:
        for row_id, speaker in session.execute(select(SpeakerTurn.id, SpeakerTurn.speaker).where(SpeakerTurn.id.in_(turns))):
            labels[("speaker_turns", row_id)] = speaker
    resolutions = [row_id for table, row_id in keys if table == "resolutions"]
    if resolutions:
        for row_id, code in session.execute(
            select(Resolution.id, Code.name).join(Code, Code.id == Resolution.code_id).where(Resolution.id.in_(resolutions))
        ):
            labels[("resolutions", row_id)] = code
    return labels


def _code_ids(session: Session, coding_ids: set[int]) -> set[int]:
    if not coding_ids:
        return set()
    return set(session.execute(select(Coding.code_id).where(Coding.id.in_(sorted(coding_ids)))).scalars())


def _removal_message(passage: RemovedPassage) -> str:
    what = {"codings": "the coding", "speaker_turns": "the turn of", "resolutions": "the resolution of"}[passage.table]
    words = " ".join(passage.text.split())
    shown = words if len(words) <= 50 else words[:47] + "…"
    return f"removed {what} {passage.label} on “{shown}”: its words were deleted"
