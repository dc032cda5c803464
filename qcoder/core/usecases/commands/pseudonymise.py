"""Pseudonymising a project: a map of real names to pseudonyms applied everywhere in one step.

Each line of the map replaces a real name (or, flagged so, a regular expression) as a whole word
unless told otherwise, and case-aware unless told to match case: ``AMARA`` becomes ``BEATRIZ``,
``amara`` becomes ``beatriz``. Longer names go first, so ``Amara Okafor`` wins over ``Amara``.

:func:`find_hits` lists every hit in context (the preview, from which a user may untick some);
:func:`pseudonymise` applies the map — minus the hits skipped — to every source text (through
the edit use case, so codings follow their words and each source's history records the edits),
source name, speaker, case name and description, memo, coding memo, code name and description
and attribute value, in the caller's one transaction, and keeps the map in the project
(``pseudonyms``; no export writes that table). Its result carries its inverse:
:func:`revert_pseudonymise` puts everything back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, select, update
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.edits import Edit, undoable
from qcoder.core.errors import QcoderError
from qcoder.core.store.models import (
    AttributeValue,
    Case,
    Code,
    Coding,
    Memo,
    Pseudonym,
    Source,
    SpeakerTurn,
)
from qcoder.core.store.versions import claim
from qcoder.core.usecases.commands.source_edits import apply_source_edits, combine
from qcoder.core.usecases.queries.pseudonymise import FIELDS, Hit, PseudonymEntry, find_hits, pseudonym_map
from qcoder.core.usecases.queries.source_edits import SourceEdit, SourceEditResult

_VERSIONED = (Case, Code, Memo)


@dataclass(frozen=True)
class PseudonymiseResult:
    changes: Changes
    hits: tuple[Hit, ...]
    """The hits replaced."""
    text_inverse: tuple[SourceEdit, ...]
    restore_values: tuple[tuple[str, int, str, str | None], ...]
    """(table, id, column, old value) of every other value changed."""
    previous_map: tuple[PseudonymEntry, ...]


def pseudonymise(
    session: Session, entries: Sequence[PseudonymEntry], *, skip: Collection[tuple[str, int, int]] = (),
    replace_map: bool = False,
) -> PseudonymiseResult:
    """Apply the map everywhere but at the hits in ``skip``; keep the map in the project (added
    to the kept one, or in its place with ``replace_map``: the window's table is the whole map, and
    an empty one clears the kept map)."""
    skipped = set(skip)
    hits = [hit for hit in find_hits(session, entries) if hit.key not in skipped] if entries else []
    by_row: dict[tuple[str, int], list[Hit]] = defaultdict(list)
    for hit in hits:
        by_row[(hit.where, hit.row_id)].append(hit)
    text_results: list[SourceEditResult] = []
    for (where, row_id), row_hits in sorted(by_row.items()):
        if where == "source text":  # last first, so that earlier hits keep their positions
            edits = [SourceEdit(row_id, h.start, h.end, h.replacement) for h in reversed(row_hits)]
            text_results.append(apply_source_edits(session, edits))
    restore: list[tuple[str, int, str, str | None]] = []
    changes = combine(text_results).changes if text_results else Changes()
    for where, model, column, _owner in FIELDS:
        rows = {row_id: row_hits for (kind, row_id), row_hits in by_row.items() if kind == where}
        if not rows:
            continue
        attribute: Column[Any] = getattr(model, column)
        old: dict[int, Any] = dict(session.execute(select(model.id, attribute).where(model.id.in_(list(rows)))).all())
        _check_unique_case_names(session, model, column, rows, old)
        for row_id, row_hits in rows.items():
            value = old[row_id]
            for hit in reversed(row_hits):
                value = value[:hit.start] + hit.replacement + value[hit.end:]
            if model in _VERSIONED:
                claim(session, model, row_id, None)
            session.execute(update(model).where(model.id == row_id).values({column: value})
                            .execution_options(synchronize_session=False))
            restore.append((model.__tablename__, row_id, column, old[row_id]))
        changes = changes.merged(_changes_for(session, model, set(rows)))
    previous = tuple(pseudonym_map(session))
    if replace_map:
        session.execute(Pseudonym.__table__.delete())
    save_pseudonym_map(session, entries)
    session.expire_all()
    inverse = combine(text_results).inverse if text_results else ()
    return PseudonymiseResult(changes, tuple(hits), inverse, tuple(restore), previous)


def pseudonymise_step(
    session: Session, entries: Sequence[PseudonymEntry], skip: Collection[tuple[str, int, int]] = ()
) -> Changes:
    """:func:`pseudonymise` as one undoable step (undo as data, :mod:`qcoder.core.edits`); the
    table given becomes the project's whole kept table."""
    result = pseudonymise(session, entries, skip=skip, replace_map=True)
    return undoable(result.changes, Edit.of(_take_back, result, tuple(entries), tuple(skip)))


def _take_back(session: Session, result: PseudonymiseResult, entries: tuple[PseudonymEntry, ...],
               skip: tuple[tuple[str, int, int], ...]) -> Changes:
    return undoable(revert_pseudonymise(session, result), Edit.of(pseudonymise_step, entries, skip))


def revert_pseudonymise(session: Session, result: PseudonymiseResult) -> Changes:
    """Undo :func:`pseudonymise`: texts, names and the map as they were."""
    changes = apply_source_edits(session, result.text_inverse).changes if result.text_inverse else Changes()
    tables = {model.__tablename__: model for _where, model, _column, _owner in FIELDS}
    for table, row_id, column, value in reversed(result.restore_values):
        model = tables[table]
        session.execute(update(model).where(model.id == row_id).values({column: value})
                        .execution_options(synchronize_session=False))
        changes = changes.merged(_changes_for(session, model, {row_id}))
    session.execute(Pseudonym.__table__.delete())
    save_pseudonym_map(session, result.previous_map)
    session.expire_all()
    return changes


def save_pseudonym_map(session: Session, entries: Sequence[PseudonymEntry]) -> None:
    """Add the lines to the project's map; a name already there takes the new pseudonym."""
    existing = {(p.real, p.regex): p for p in session.execute(select(Pseudonym)).scalars()}
    for entry in entries:
        row = existing.get((entry.real, entry.regex))
        if row is None:
            session.add(Pseudonym(real=entry.real, pseudonym=entry.pseudonym, regex=entry.regex,
                                  whole_word=entry.whole_word, case_sensitive=entry.case_sensitive))
        else:
            row.pseudonym, row.whole_word, row.case_sensitive = entry.pseudonym, entry.whole_word, entry.case_sensitive
    session.flush()


def _check_unique_case_names(session: Session, model: Any, column: str, rows: dict[int, list[Hit]],
                             old: dict[int, str]) -> None:
    if model is not Case or column != "name":
        return
    names = dict(session.execute(select(Case.id, Case.name)).all())
    for row_id, row_hits in rows.items():
        value = old[row_id]
        for hit in reversed(row_hits):
            value = value[:hit.start] + hit.replacement + value[hit.end:]
        names[row_id] = value
    seen: dict[str, int] = {}
    for row_id, name in names.items():
        if name in seen:
            raise QcoderError(f"pseudonymised, two cases would both be called '{name}'; change the map")
        seen[name] = row_id


def _changes_for(session: Session, model: Any, ids: set[int]) -> Changes:
    if model is SpeakerTurn:
        return Changes(sources=frozenset(session.execute(
            select(SpeakerTurn.source_id).where(SpeakerTurn.id.in_(sorted(ids)))).scalars()))
    if model is AttributeValue:
        return Changes(attributes=frozenset(session.execute(
            select(AttributeValue.attribute_id).where(AttributeValue.id.in_(sorted(ids)))).scalars()))
    if model is Coding:
        return Changes(codings=frozenset(ids))
    kind = {Source: "sources", Case: "cases", Memo: "memos", Code: "codes"}[model]
    fields: dict[str, Any] = {kind: frozenset(ids), "code_tree": model is Code}
    return Changes(**fields)
