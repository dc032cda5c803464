"""The reads about codings, for views and exports; the edits are in
:mod:`qcoder.core.usecases.commands.codings`."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.errors import NotFoundError
from qcoder.core.snapshots import CodingInfo, SegmentInfo
from qcoder.core.store.models import Case, Coder, Coding, Source, SourceText, SpeakerTurn, case_sources
from qcoder.core.usecases.queries.code_tree import descendant_ids, list_codes


def _coding(session: Session, coding_id: int) -> Coding:
    coding = session.get(Coding, coding_id)
    if coding is None:
        raise NotFoundError(f"no coding with id {coding_id}")
    return coding


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
