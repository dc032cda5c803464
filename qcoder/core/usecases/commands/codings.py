"""Codings: apply a code to a span, remove, resize, flag exemplars, memo a passage; and read them."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from sqlalchemy import Insert, Select, Update, bindparam, insert, select, update
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.edits import Edit
from qcoder.core.errors import InvalidSpanError, NotFoundError, QcoderError
from qcoder.core.row_set import RowKeys
from qcoder.core.snapshots import CodingInfo
from qcoder.core.store.models import Code, Coder, Coding, Source
from qcoder.core.team.row_security import others_row_refused
from qcoder.core.usecases.commands.row_edits import remove_rows
from qcoder.core.usecases.queries.codings import _CODING_COLUMNS, _coding


def check_bounds(source_id: int, characters: int | None, start: int, end: int) -> None:
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
    check = _apply_statements()[0]
    session.flush()  # what a composite edit added before (a code, a source) is seen by the check
    connection = session.connection()  # Core statements: the ORM's execution layer has nothing to add
    characters, codable, code_name, coder = connection.execute(
        check, {"source": source_id, "code": code_id, "coder": coder_id}
    ).one()
    check_bounds(source_id, characters, start, end)
    if code_name is None:
        raise NotFoundError(f"no code with id {code_id}")
    if not codable:
        raise QcoderError(f"'{code_name}' is a group, not a code that passages can carry")
    if coder is None:
        raise NotFoundError(f"no coder with id {coder_id}")
    return coding_stored(session, source_id, code_id, start, end, coder_id, coder, guid=guid, memo=memo,
                         exemplar=exemplar)


def coding_stored(
    session: Session, source_id: int, code_id: int, start: int, end: int, coder_id: int, coder: str, *,
    guid: str | None = None, memo: str | None = None, exemplar: bool = False,
) -> Changes:
    """Insert the coding, checked already (source, span, code, coder named ``coder``): one statement."""
    values = {"source_id": source_id, "code_id": code_id, "start": start, "end": end, "coder_id": coder_id,
              "memo": memo, "exemplar": exemplar}
    if guid:
        values["guid"] = guid
    coding_id, stored_guid, created_at = session.connection().execute(_apply_statements()[1], values).one()
    row = CodingInfo(
        id=coding_id, guid=stored_guid, source_id=source_id, code_id=code_id, start=start, end=end,
        coder_id=coder_id, coder=coder, memo=memo, exemplar=exemplar, created_at=created_at,
    )
    return Changes(
        codings=frozenset({coding_id}), codes=frozenset({code_id}),
        sources=frozenset({source_id}), created_id=coding_id, coding_rows=(row,), codings_before=(),
        undo=Edit(remove_rows, (RowKeys((("codings", ((coding_id,),)),)),)),
    )


@cache
def _resize_statements() -> tuple[Select, Update]:
    read = (select(*_CODING_COLUMNS, Source.characters).join(Coder, Coder.id == Coding.coder_id)
            .join(Source, Source.id == Coding.source_id).where(Coding.id == bindparam("coding")))
    table = Coding.__table__
    move = (update(table).where(table.c.id == bindparam("coding"))
            .values(start=bindparam("new_start"), end=bindparam("new_end")))
    return read, move


def resize_coding(session: Session, coding_id: int, start: int, end: int) -> Changes:
    """Move a passage's edges; the coding as it was and as it now is go with the change.

    One query reads the coding with its coder and its source's length, one statement moves it
    (grow and shrink are keys a researcher presses again and again)."""
    read, move = _resize_statements()
    session.flush()  # what a composite edit changed before is seen here
    connection = session.connection()
    found = connection.execute(read, {"coding": coding_id}).one_or_none()
    if found is None:
        raise NotFoundError(f"no coding with id {coding_id}")
    before = CodingInfo(*found[:-1])
    check_bounds(before.source_id, found[-1], start, end)
    moved = connection.execute(move, {"coding": coding_id, "new_start": start, "new_end": end}).rowcount
    if not moved:  # row security on a team server skipped another coder's coding
        raise others_row_refused(session, "codings", before.coder_id)
    session.expire_all()  # a Coding loaded before in this session holds the old edges
    inverse = Edit.of(resize_coding, coding_id, before.start, before.end)
    return Changes(codings=frozenset({coding_id}), sources=frozenset({before.source_id}), undo=inverse,
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
