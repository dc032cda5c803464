"""The reads about codings, for views and exports; the edits are in
:mod:`qcoder.core.usecases.commands.codings`."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from qcoder.core.errors import NotFoundError
from qcoder.core.snapshots import CodingInfo, SegmentInfo
from qcoder.core.store.models import Coder, Coding
from qcoder.core.usecases.queries.code_tree import code_paths_and_names_of, descendant_ids


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
    # Plain rows from a statement written once, not ORM entities or statements built per call:
    # building 100,000 Coding objects, or compiling the query, took most of the time. The speaker
    # by one indexed look-up per passage: reading every turn of every source (180,000 on the
    # reference project) cost more than the rest of the retrieval. Each source's text is read
    # whole, once: SQL's substr per passage re-reads the whole text for each passage (6× slower).
    where: list[str] = []
    parameters: dict[str, object] = {}
    if code_id is not None:
        where.append("c.code_id IN :ids")
        parameters["ids"] = descendant_ids(session, code_id) if include_children else [code_id]
    if coder is not None:
        where.append("k.name = :coder")
        parameters["coder"] = coder
    if source_id is not None:
        where.append("c.source_id = :source")
        parameters["source"] = source_id
    statement = text(_SEGMENTS.format(where=" AND ".join(where) or "1 = 1"))
    if code_id is not None:
        statement = statement.bindparams(bindparam("ids", expanding=True))
    rows = session.execute(statement, parameters).all()
    paths, names = code_paths_and_names_of(session, {row[3] for row in rows})
    source_ids = list({row[2] for row in rows})
    texts: dict[int, str] = {}
    cases: dict[int, list[str]] = {}
    if source_ids:
        texts = dict(session.execute(_TEXTS, {"sources": source_ids}).all())
        for source, case in session.execute(_SOURCE_CASES, {"sources": source_ids}):
            cases.setdefault(source, []).append(case)
    case_names = {source: tuple(names) for source, names in cases.items()}
    return [
        SegmentInfo(
            coding_id=coding_id, guid=guid, source=source_name, source_id=source,
            code=paths.get(code, "?"), code_id=code, coder=coder_name,
            start=start, end=end, text=texts[source][start:end],
            memo=memo, exemplar=bool(exemplar), cases=case_names.get(source, ()),
            speaker=speaker_name,
            before=_before(texts[source], start, context), after=_after(texts[source], end, context),
            code_name=names.get(code, "?"),
        )
        for coding_id, guid, source, code, start, end, memo, exemplar, coder_name, source_name, speaker_name in rows
    ]


_SEGMENTS = """
    SELECT c.id, c.guid, c.source_id, c.code_id, c.start, c."end", c.memo, c.exemplar, k.name, s.name,
           (SELECT u.speaker FROM speaker_turns u WHERE u.source_id = c.source_id AND u.start <= c.start
            ORDER BY u.start DESC LIMIT 1)
    FROM codings c JOIN coders k ON k.id = c.coder_id JOIN sources s ON s.id = c.source_id
    WHERE {where}
    ORDER BY s.name, c.source_id, c.start, c.id
"""
_TEXTS = text("SELECT source_id, text FROM source_texts WHERE source_id IN :sources").bindparams(
    bindparam("sources", expanding=True))
_SOURCE_CASES = text(
    """
    SELECT cs.source_id, cases.name FROM case_sources cs JOIN cases ON cases.id = cs.case_id
    WHERE cs.source_id IN :sources ORDER BY cases.name
    """
).bindparams(bindparam("sources", expanding=True))


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
