"""What a coded passage's row shows besides the coding itself: its source's name, text, turns
and cases, its code's path — read once, then a just-made coding's row is built from them.

The retrieval pane keeps up with each coding by putting in its row. Reading the row back
(:func:`~qcoder.core.usecases.queries.segments.segments_by_ids`) cost three queries per coding;
a source's and a code's facts do not change while only codings do, so a view reads them once
and :func:`segment_of` builds each row exactly as ``segments_by_ids`` would read it.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from qcoder.core.errors import NotFoundError
from qcoder.core.snapshots import CodingInfo, SegmentInfo
from qcoder.core.usecases.queries.code_tree import PATH_SEPARATOR
from qcoder.core.usecases.queries.codings import _after, _before

_SOURCE = text(
    "SELECT s.name, t.text FROM sources s JOIN source_texts t ON t.source_id = s.id WHERE s.id = :source"
)
_TURNS = text("SELECT start, speaker FROM speaker_turns WHERE source_id = :source ORDER BY start, id")
_CASES = text(
    "SELECT cases.name FROM case_sources cs JOIN cases ON cases.id = cs.case_id "
    "WHERE cs.source_id = :source ORDER BY cases.name"
)
_LINEAGE = text(
    """
    WITH RECURSIVE up(id, parent_id, name, depth) AS (
        SELECT id, parent_id, name, 0 FROM codes WHERE id = :code
        UNION ALL SELECT codes.id, codes.parent_id, codes.name, up.depth + 1 FROM codes JOIN up ON codes.id = up.parent_id
    ) SELECT name FROM up ORDER BY depth DESC
    """
)


@dataclass(frozen=True)
class SourceFacts:
    id: int
    name: str
    text: str
    turn_starts: tuple[int, ...]
    speakers: tuple[str | None, ...]
    """The speaker of each turn, in the order of :attr:`turn_starts`."""
    cases: tuple[str, ...]
    """The names of the source's cases, sorted."""

    def speaker_at(self, position: int) -> str | None:
        """The speaker of the last turn starting at or before ``position`` (as retrieval shows it)."""
        index = bisect_right(self.turn_starts, position) - 1
        return self.speakers[index] if index >= 0 else None


@dataclass(frozen=True)
class CodeFacts:
    id: int
    path: str
    name: str


def source_facts(session: Session, source_id: int) -> SourceFacts:
    found = session.execute(_SOURCE, {"source": source_id}).one_or_none()
    if found is None:
        raise NotFoundError(f"no source with id {source_id}")
    turns = session.execute(_TURNS, {"source": source_id}).all()
    cases = tuple(session.execute(_CASES, {"source": source_id}).scalars())
    return SourceFacts(
        id=source_id, name=found[0], text=found[1] or "", turn_starts=tuple(t[0] for t in turns),
        speakers=tuple(t[1] for t in turns), cases=cases,
    )


def code_facts(session: Session, code_id: int) -> CodeFacts:
    names = list(session.execute(_LINEAGE, {"code": code_id}).scalars())
    if not names:
        raise NotFoundError(f"no code with id {code_id}")
    return CodeFacts(id=code_id, path=PATH_SEPARATOR.join(names), name=names[-1])


def segment_of(coding: CodingInfo, source: SourceFacts, code: CodeFacts, *, context: int = 0) -> SegmentInfo:
    """The passage of ``coding`` as :func:`segments_by_ids` reads it, with up to ``context``
    characters around it (never past a paragraph break)."""
    assert coding.source_id == source.id and coding.code_id == code.id
    whole = source.text
    return SegmentInfo(
        coding_id=coding.id, guid=coding.guid, source=source.name, source_id=source.id, code=code.path,
        code_id=code.id, coder=coding.coder, start=coding.start, end=coding.end,
        text=whole[coding.start:coding.end], memo=coding.memo, exemplar=bool(coding.exemplar),
        cases=source.cases, speaker=source.speaker_at(coding.start),
        before=_before(whole, coding.start, context), after=_after(whole, coding.end, context),
        code_name=code.name,
    )
