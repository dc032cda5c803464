"""A few coded passages read by id, as :func:`list_segments` shows them.

The retrieval pane keeps up with a coding by updating the rows of the codings that changed;
reading the whole list again (every passage of the code and the full text of every source it
is in) cost a second per coding on the reference project. This reads the named codings and
only their stretch of text, with a handful of indexed queries whatever the project's size.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from qcoder.core.snapshots import SegmentInfo
from qcoder.core.usecases.queries.code_tree import PATH_SEPARATOR
from qcoder.core.usecases.queries.codings import _after, _before

# Written once: building SQLAlchemy statements per call cost more than running them.
_PASSAGES = text(
    """
    SELECT c.id, c.guid, c.source_id, c.code_id, c.start, c."end", c.memo, c.exemplar, k.name, s.name,
           CASE WHEN c.start > :context THEN c.start - :context ELSE 0 END AS low,
           substr(t.text, CASE WHEN c.start > :context THEN c.start - :context ELSE 0 END + 1,
                  c."end" + :context - CASE WHEN c.start > :context THEN c.start - :context ELSE 0 END),
           (SELECT u.speaker FROM speaker_turns u WHERE u.source_id = c.source_id AND u.start <= c.start
            ORDER BY u.start DESC LIMIT 1)
    FROM codings c JOIN coders k ON k.id = c.coder_id JOIN sources s ON s.id = c.source_id
    JOIN source_texts t ON t.source_id = c.source_id
    WHERE c.id IN :ids
    """
).bindparams(bindparam("ids", expanding=True))
_CASES = text(
    """
    SELECT cs.source_id, cases.name FROM case_sources cs JOIN cases ON cases.id = cs.case_id
    WHERE cs.source_id IN :sources ORDER BY cases.name
    """
).bindparams(bindparam("sources", expanding=True))
_PATH = text(
    """
    WITH RECURSIVE up(id, parent_id, name, depth) AS (
        SELECT id, parent_id, name, 0 FROM codes WHERE id = :code
        UNION ALL SELECT codes.id, codes.parent_id, codes.name, up.depth + 1 FROM codes JOIN up ON codes.id = up.parent_id
    ) SELECT name FROM up ORDER BY depth DESC
    """
)


def segments_by_ids(session: Session, coding_ids: Iterable[int], *, context: int = 0) -> list[SegmentInfo]:
    """The passages of ``coding_ids`` that exist (deleted ones are absent), with up to
    ``context`` characters around each, never reaching past a paragraph break."""
    ids = list(coding_ids)
    if not ids:
        return []
    rows = session.execute(_PASSAGES, {"ids": ids, "context": context}).all()
    lineages = {code: list(session.execute(_PATH, {"code": code}).scalars()) for code in {row[3] for row in rows}}
    paths = {code: PATH_SEPARATOR.join(names) for code, names in lineages.items()}
    cases: dict[int, list[str]] = {}
    if rows:
        for source, name in session.execute(_CASES, {"sources": list({row[2] for row in rows})}):
            cases.setdefault(source, []).append(name)
    segments = []
    for coding_id, guid, source, code, start, end, memo, exemplar, coder, source_name, low, window, speaker in rows:
        window = window or ""
        segments.append(SegmentInfo(
            coding_id=coding_id, guid=guid, source=source_name, source_id=source, code=paths[code],
            code_id=code, coder=coder, start=start, end=end, text=window[start - low:end - low],
            memo=memo, exemplar=bool(exemplar), cases=tuple(cases.get(source, ())), speaker=speaker,
            before=_before(window[:start - low], start - low, context), after=_after(window, end - low, context),
            code_name=lineages[code][-1] if lineages[code] else "?",
        ))
    return segments
