"""Codings: apply a code to a span, remove, resize, flag exemplars, memo a passage; and read them."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from sqlalchemy import Insert, Select, bindparam, insert, select
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.edits import Edit, undoable
from qcoder.core.errors import InvalidSpanError, NotFoundError, QcoderError
from qcoder.core.row_set import RowKeys, RowSet
from qcoder.core.snapshots import CodingInfo
from qcoder.core.store.models import Code, Coder, Coding, Source
from qcoder.core.usecases.commands.row_edits import remove_rows, removed_rows, restore_rows
from qcoder.core.usecases.queries.codings import _coding, coding_info


def _check_span(session: Session, source_id: int, start: int, end: int) -> None:
    characters = session.scalar(select(Source.characters).where(Source.id == source_id))
    _check_bounds(source_id, characters, start, end)


def _check_bounds(source_id: int, characters: int | None, start: int, end: int) -> None:
    if characters is None:
        raise NotFoundError(f"no source with id {source_id}")
    if not 0 <= start < end <= characters:
        raise InvalidSpanError(
            f"span [{start}, {end}) is not inside the source (0–{characters} characters, "
            "start before end)"
        )


@cache
def _apply_statements() -> tuple[Select, Insert]:
    """Built once: constructing SQLAlchemy statements costs more than running these two."""
    check = select(
        select(Source.characters).where(Source.id == bindparam("source")).scalar_subquery(),
        select(Code.is_codable).where(Code.id == bindparam("code")).scalar_subquery(),
        select(Code.name).where(Code.id == bindparam("code")).scalar_subquery(),
        select(Coder.name).where(Coder.id == bindparam("coder")).scalar_subquery(),
    )
    table = Coding.__table__
    store = insert(table).returning(table.c.id, table.c.guid, table.c.created_at)
    return check, store


def apply_coding(
    session: Session,
    source_id: int,
    code_id: int,
    start: int,
    end: int,
    coder_id: int,
    *,
    guid: str | None = None,
    memo: str | None = None,
    exemplar: bool = False,
) -> Changes:
    """Code ``[start, end)`` of a source with a code; ``created_id`` is the new coding's id and
    ``coding_rows`` holds it as stored.

    One query checks the source, span, code and coder, one statement inserts and returns what
    the database filled in: this is the operation researchers repeat all day.
    """
    check, store = _apply_statements()
    session.flush()  # what a composite edit added before (a code, a source) is seen by the check
    connection = session.connection()  # Core statements: the ORM's execution layer has nothing to add
    characters, codable, code_name, coder = connection.execute(
        check, {"source": source_id, "code": code_id, "coder": coder_id}
    ).one()
    _check_bounds(source_id, characters, start, end)
    if code_name is None:
        raise NotFoundError(f"no code with id {code_id}")
    if not codable:
        raise QcoderError(f"'{code_name}' is a group, not a code that passages can carry")
    if coder is None:
        raise NotFoundError(f"no coder with id {coder_id}")
    values = {"source_id": source_id, "code_id": code_id, "start": start, "end": end, "coder_id": coder_id,
              "memo": memo, "exemplar": exemplar}
    if guid:
        values["guid"] = guid
    coding_id, stored_guid, created_at = connection.execute(store, values).one()
    row = CodingInfo(
        id=coding_id, guid=stored_guid, source_id=source_id, code_id=code_id, start=start, end=end,
        coder_id=coder_id, coder=coder, memo=memo, exemplar=exemplar, created_at=created_at,
    )
    return Changes(
        codings=frozenset({coding_id}), codes=frozenset({code_id}),
        sources=frozenset({source_id}), created_id=coding_id, coding_rows=(row,), codings_before=(),
        undo=Edit(remove_rows, (RowKeys((("codings", ((coding_id,),)),)),)),
    )


def remove_coding(session: Session, coding_id: int) -> tuple[Changes, RowSet]:
    """Remove a coding; return the removed rows, which :func:`restore_codings` brings back unchanged."""
    _coding(session, coding_id)
    removed = removed_rows(session, RowKeys.ids("codings", [coding_id]))
    return undoable(removed.changes(), Edit.of(restore_rows, removed)), removed


def restore_codings(session: Session, snapshot: RowSet) -> Changes:
    return restore_rows(session, snapshot)


def resize_coding(session: Session, coding_id: int, start: int, end: int) -> Changes:
    """Move a passage's edges; the coding as it was and as it now is go with the change."""
    before = coding_info(session, coding_id)
    _check_span(session, before.source_id, start, end)
    coding = _coding(session, coding_id)
    inverse = Edit.of(resize_coding, coding_id, coding.start, coding.end)
    coding.start, coding.end = start, end
    return Changes(codings=frozenset({coding_id}), sources=frozenset({coding.source_id}), undo=inverse,
                   coding_rows=(replace(before, start=start, end=end),), codings_before=(before,))


def set_exemplar(session: Session, coding_id: int, exemplar: bool) -> Changes:
    coding = _coding(session, coding_id)
    inverse = Edit.of(set_exemplar, coding_id, coding.exemplar)
    coding.exemplar = exemplar
    return Changes(codings=frozenset({coding_id}), undo=inverse)


def set_coding_memo(session: Session, coding_id: int, memo: str | None) -> Changes:
    coding = _coding(session, coding_id)
    inverse = Edit.of(set_coding_memo, coding_id, coding.memo)
    coding.memo = memo or None
    return Changes(codings=frozenset({coding_id}), undo=inverse)
