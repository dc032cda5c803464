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
from contextlib import nullcontext
from dataclasses import replace
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.edits import Edit, undoable
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
from qcoder.core.store.search_index import index_once
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

INDEX_ONCE_FROM = 4
"""From this many edits of one text in a run, the full-text index is updated once, after them."""

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
    return apply_source_edits(session, [SourceEdit(source_id, start, end, replacement) for start, end in reversed(chosen)])


def apply_source_edits(session: Session, edits: Sequence[SourceEdit]) -> SourceEditResult:
    """Apply the edits in order (an undo applies a result's ``inverse``); one combined result.
    Consecutive edits of one source are applied as one run (:func:`_apply`)."""
    return combine([_apply(session, run) for run in _runs(edits)])


def play_source_edits(session: Session, edits: Sequence[SourceEdit]) -> Changes:
    """The edits as one undoable step (undo as data, :mod:`qcoder.core.edits`): the answer's
    ``undo`` plays their inverse, whose answer's ``undo`` plays them again."""
    result = apply_source_edits(session, edits)
    return undoable(result.changes, Edit.of(play_source_edits, result.inverse))


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


def _runs(edits: Sequence[SourceEdit]) -> list[list[SourceEdit]]:
    """Consecutive edits of one source, each run ended by an edit that puts rows back or takes
    them away (an undo's last step), so that a run is read, re-anchored and written once."""
    runs: list[list[SourceEdit]] = []
    for edit in edits:
        last = runs[-1][-1] if runs else None
        if last is not None and last.source_id == edit.source_id and not (last.restore_rows or last.drop_rows):
            runs[-1].append(edit)
        else:
            runs.append([edit])
    return runs


def _restores(edit: SourceEdit) -> bool:
    return bool(edit.restore_rows or edit.restore_positions or edit.drop_rows)


def _apply(session: Session, run: Sequence[SourceEdit]) -> SourceEditResult:
    """Apply a run of edits of one source: as if one after the other, but the passages are read,
    mapped in memory and written once (a pseudonymised source with hundreds of hits stays fast)."""
    source_id = run[0].source_id
    source = session.get(Source, source_id)
    if source is None:
        raise NotFoundError(f"no source with id {source_id}")
    text = session.execute(select(SourceText.text).where(SourceText.source_id == source_id)).scalar_one()
    spans = _spans(session, source_id)
    current = dict(spans)
    touched: set[SpanKey] = set()
    removed: list[tuple[SpanKey, str]] = []
    changes: list[tuple[str, TextEdit, EditOrigin | None]] = []
    for edit in run:
        change = TextEdit(edit.start, edit.end, edit.new_text)
        try:
            check_edit(len(text), change)
        except ValueError as error:
            raise InvalidSpanError(f"'{source.name}': {error}") from None
        if "\r" in edit.new_text or "\x00" in edit.new_text:
            raise QcoderError("an edit's text must have LF line endings and no NUL characters")
        new_text = apply_edit(text, change)
        if new_text != text:
            check_canonical_text(new_text)
            changes.append((text, change, edit.origin))
            low, high, delta = change.start, change.end, change.delta
            for key, (start, end) in list(current.items()):
                if end <= low:  # before the edit (map_span's first rule, inlined: hundreds of hits)
                    continue
                if start >= high:  # after it
                    if delta:
                        current[key] = (start + delta, end + delta)
                    continue
                mapped = map_span(start, end, change)
                if mapped.fate is SpanFate.REMOVED:
                    removed.append((key, text[start:end]))
                    del current[key]
                elif mapped.fate is not SpanFate.UNCHANGED:
                    assert mapped.start is not None and mapped.end is not None
                    current[key] = (mapped.start, mapped.end)
                    if mapped.fate in (SpanFate.RESIZED, SpanFate.TRIMMED):
                        touched.add(key)
            text = new_text
        for position in edit.restore_positions:  # an undo: passages go back where they were
            key = (position.table, position.id)
            if key in current:
                current[key] = (position.start, position.end)
                touched.add(key)
    last = run[-1]
    if not changes and not _restores(last):
        return SourceEditResult(Changes(), ())
    history_ids = _record(session, source, changes, text)
    removed_keys = [key for key, _words in removed]
    labels = _labels(session, removed_keys)
    passages = tuple(RemovedPassage(table, row_id, labels.get((table, row_id), ""), words)
                     for (table, row_id), words in removed)
    dropped = [key for key in last.drop_rows if key in current]
    snapshots = _delete(session, [*removed_keys, *dropped])
    _move(session, {key: value for key, value in current.items() if key not in dropped and spans[key] != value})
    restored: list[SpanKey] = []
    for snapshot in last.restore_rows:
        snapshot.restore(session)
        restored += [(table, row["id"]) for table, rows in snapshot.rows if table in SPAN_TABLES
                     for row in (dict(r) for r in rows)]
    session.expire_all()
    inverse = [SourceEdit(source_id, *_astuple(inverse_edit(before, change))) for before, change, _origin in reversed(changes)]
    if not inverse:
        inverse = [SourceEdit(source_id, 0, 0, "")]
    kept = sorted(key for key in touched if key in spans and key in current and key not in dropped)
    inverse[-1] = replace(
        inverse[-1], restore_rows=tuple(snapshots), drop_rows=tuple(restored),
        restore_positions=tuple(SpanPosition(t, i, *spans[(t, i)]) for t, i in kept),
    )
    moved = [key for key, value in current.items() if spans.get(key) != value]
    codings = {row_id for table, row_id in [*moved, *removed_keys, *dropped, *restored] if table == "codings"}
    result_changes = Changes(
        sources=frozenset({source_id}),
        texts=frozenset({source_id}) if changes else frozenset(),
        codings=frozenset(codings),
        codes=frozenset(_code_ids(session, codings) | {row["code_id"] for s in snapshots for row in s.table_rows("codings")}),
        messages=tuple(_removal_message(passage) for passage in passages),
    )
    return SourceEditResult(result_changes, tuple(inverse), passages, len(history_ids), history_ids)


def _astuple(edit: TextEdit) -> tuple[int, int, str]:
    return edit.start, edit.end, edit.text


def _record(
    session: Session, source: Source, changes: Sequence[tuple[str, TextEdit, EditOrigin | None]], final_text: str,
) -> tuple[int, ...]:
    """Add each edit to the history and change the text with it (the triggers' order), then the
    source's length and hash once. A teammate's edit (``origin``) keeps its GUID, time and author."""
    if not changes:
        return ()
    ids: list[int] = []
    history = SourceEditRow.__table__
    add_row = insert(history).values(
        source_id=source.id, start=bindparam("e_start"), end=bindparam("e_end"), new_text=bindparam("e_text"),
        characters=bindparam("e_characters"), sha256=bindparam("e_sha256"), edited_by=session.info.get(CODER_KEY),
    ).returning(history.c.id)
    texts = SourceText.__table__
    set_text = update(texts).where(texts.c.source_id == source.id).values(text=bindparam("e_after"))
    connection = session.connection()  # Core statements, without the ORM's work per statement
    many = len(changes) >= INDEX_ONCE_FROM
    with index_once(connection, source.id, changes[0][0], final_text) if many else nullcontext():
        for before, change, origin in changes:
            after = apply_edit(before, change)
            statement = add_row if origin is None else add_row.values(
                guid=origin.guid, edited_at=origin.edited_at, edited_by=origin.edited_by)
            ids.append(connection.execute(statement, {
                "e_start": change.start, "e_end": change.end, "e_text": change.text,
                "e_characters": len(after), "e_sha256": text_sha256(after),
            }).scalar_one())
            connection.execute(set_text, {"e_after": after})
    session.execute(update(Source).where(Source.id == source.id)
                    .values(characters=len(final_text), sha256=text_sha256(final_text))
                    .execution_options(synchronize_session=False))
    return tuple(ids)


def _spans(session: Session, source_id: int) -> dict[SpanKey, tuple[int, int]]:
    spans: dict[SpanKey, tuple[int, int]] = {}
    for table, model in SPAN_TABLES.items():
        for row_id, start, end in session.execute(
            select(model.id, model.start, model.end).where(model.source_id == source_id)
        ):
            spans[(table, row_id)] = (start, end)
    return spans


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
