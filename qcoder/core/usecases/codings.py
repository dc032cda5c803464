"""Codings: apply a code to a span, remove, resize, flag exemplars, memo a passage; and read them."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from sqlalchemy import Insert, Select, bindparam, insert, select
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.errors import InvalidSpanError, NotFoundError, QcoderError
from qcoder.core.models import Code, Coder, Coding, Source, SourceText, SpeakerTurn, case_sources
from qcoder.core.models import Case
from qcoder.core.edits import Edit, undoable
from qcoder.core.row_set import RowKeys, RowSet
from qcoder.core.snapshots import CodingInfo, SegmentInfo
from qcoder.core.usecases.row_edits import remove_rows, removed_rows, restore_rows
from qcoder.core.usecases.code_tree import descendant_ids, list_codes


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


def _coding(session: Session, coding_id: int) -> Coding:
    coding = session.get(Coding, coding_id)
    if coding is None:
        raise NotFoundError(f"no coding with id {coding_id}")
    return coding


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
    characters, codable, code_name, coder = session.execute(
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
    coding_id, stored_guid, created_at = session.execute(store, values).one()
    row = CodingInfo(
        id=coding_id, guid=stored_guid, source_id=source_id, code_id=code_id, start=start, end=end,
        coder_id=coder_id, coder=coder, memo=memo, exemplar=exemplar, created_at=created_at,
    )
    return Changes(
        codings=frozenset({coding_id}), codes=frozenset({code_id}),
        sources=frozenset({source_id}), created_id=coding_id, coding_rows=(row,),
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
    coding = _coding(session, coding_id)
    _check_span(session, coding.source_id, start, end)
    inverse = Edit.of(resize_coding, coding_id, coding.start, coding.end)
    coding.start, coding.end = start, end
    return Changes(codings=frozenset({coding_id}), sources=frozenset({coding.source_id}), undo=inverse)


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


def _info(coding: Coding, coder: str) -> CodingInfo:
    return CodingInfo(
        id=coding.id, guid=coding.guid, source_id=coding.source_id, code_id=coding.code_id,
        start=coding.start, end=coding.end, coder_id=coding.coder_id, coder=coder,
        memo=coding.memo, exemplar=coding.exemplar, created_at=coding.created_at,
    )


def coding_info(session: Session, coding_id: int) -> CodingInfo:
    coding = _coding(session, coding_id)
    return _info(coding, session.get(Coder, coding.coder_id).name)  # type: ignore[union-attr]  # a coding's coder exists (foreign key)


_CODING_COLUMNS = (
    Coding.id, Coding.guid, Coding.source_id, Coding.code_id, Coding.start, Coding.end,
    Coding.coder_id, Coder.name, Coding.memo, Coding.exemplar, Coding.created_at,
)


def _coding_rows(session: Session, condition) -> list[CodingInfo]:
    """Codings as snapshots straight from rows (no ORM objects: ten times faster in bulk)."""
    rows = session.execute(
        select(*_CODING_COLUMNS).join(Coder, Coder.id == Coding.coder_id).where(condition)
        .order_by(Coding.start, Coding.end, Coding.id)
    )
    return [CodingInfo(*row) for row in rows]


def codings_in_source(session: Session, source_id: int) -> list[CodingInfo]:
    """The codings of one source ordered by start (uses the (source, start) index)."""
    return _coding_rows(session, Coding.source_id == source_id)


def codings_by_ids(session: Session, coding_ids: Iterable[int]) -> list[CodingInfo]:
    """The codings among ``coding_ids`` that exist (deleted ones are simply absent)."""
    ids = list(coding_ids)
    return _coding_rows(session, Coding.id.in_(ids)) if ids else []


def list_segments(
    session: Session,
    *,
    code_id: int | None = None,
    include_children: bool = False,
    coder: str | None = None,
    source_id: int | None = None,
    context: int = 0,
) -> list[SegmentInfo]:
    """Coded passages with their text, code path, coder, cases and speaker, in source order.

    ``context`` > 0 adds up to that many characters before and after each passage, never
    reaching past a paragraph break.
    """
    # Plain columns, not ORM entities: building 100,000 Coding objects took most of the time.
    # The speaker by one indexed look-up per passage: reading every turn of every source
    # (180,000 on the reference project) cost more than the rest of the retrieval.
    speaker = (
        select(SpeakerTurn.speaker)
        .where(SpeakerTurn.source_id == Coding.source_id, SpeakerTurn.start <= Coding.start)
        .order_by(SpeakerTurn.start.desc()).limit(1).correlate(Coding).scalar_subquery()
    )
    query = (
        select(
            Coding.id, Coding.guid, Coding.source_id, Coding.code_id, Coding.start, Coding.end,
            Coding.memo, Coding.exemplar, Coder.name, Source.name, speaker,
        )
        .join(Coder, Coder.id == Coding.coder_id)
        .join(Source, Source.id == Coding.source_id)
    )
    if code_id is not None:
        ids = descendant_ids(session, code_id) if include_children else [code_id]
        query = query.where(Coding.code_id.in_(ids))
    if coder is not None:
        query = query.where(Coder.name == coder)
    if source_id is not None:
        query = query.where(Coding.source_id == source_id)
    rows = session.execute(query.order_by(Source.name, Coding.source_id, Coding.start, Coding.id)).all()
    codes = list_codes(session, counts=False)
    paths = {c.id: c.path for c in codes}
    names = {c.id: c.name for c in codes}
    source_ids = {row[2] for row in rows}
    texts = dict(
        session.execute(
            select(SourceText.source_id, SourceText.text).where(SourceText.source_id.in_(source_ids))
        ).all()
    )
    cases: dict[int, list[str]] = {}
    for source, case in session.execute(
        select(case_sources.c.source_id, Case.name).join(Case, Case.id == case_sources.c.case_id)
        .where(case_sources.c.source_id.in_(source_ids)).order_by(Case.name)
    ):
        cases.setdefault(source, []).append(case)
    case_names = {source: tuple(names) for source, names in cases.items()}
    return [
        SegmentInfo(
            coding_id=coding_id, guid=guid, source=source_name, source_id=source,
            code=paths.get(code, "?"), code_id=code, coder=coder_name,
            start=start, end=end, text=texts[source][start:end],
            memo=memo, exemplar=exemplar, cases=case_names.get(source, ()),
            speaker=speaker_name,
            before=_before(texts[source], start, context), after=_after(texts[source], end, context),
            code_name=names.get(code, "?"),
        )
        for coding_id, guid, source, code, start, end, memo, exemplar, coder_name, source_name, speaker_name in rows
    ]


def _before(text: str, start: int, context: int) -> str:
    if context <= 0:
        return ""
    window = text[max(0, start - context):start]
    return window[window.rfind("\n\n") + 2:] if "\n\n" in window else window


def _after(text: str, end: int, context: int) -> str:
    if context <= 0:
        return ""
    window = text[end:end + context]
    return window[:window.find("\n\n")] if "\n\n" in window else window
