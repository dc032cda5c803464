"""The passages behind a number: coded segments (with text, speaker, cases) for a set of coding ids.

Reads only the sources those codings are in, so listing a cell of a large study stays quick.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.snapshots import SegmentInfo
from qcoder.core.store.models import Coding
from qcoder.core.usecases.queries.codings import list_segments

PER_SOURCE_LIMIT = 20


def segments_for(session: Session, coding_ids: Collection[int]) -> list[SegmentInfo]:
    """The segments of ``coding_ids``, by source name and position."""
    wanted = set(coding_ids)
    if not wanted:
        return []
    ids = sorted(wanted)
    sources: set[int] = set()
    for chunk in range(0, len(ids), 500):
        sources.update(session.execute(select(Coding.source_id).where(Coding.id.in_(ids[chunk:chunk + 500]))).scalars())
    if len(sources) > PER_SOURCE_LIMIT:  # most of the study: one pass over it all is quicker
        found = [segment for segment in list_segments(session) if segment.coding_id in wanted]
    else:
        found = [
            segment
            for source_id in sorted(sources)
            for segment in list_segments(session, source_id=source_id)
            if segment.coding_id in wanted
        ]
    found.sort(key=lambda s: (s.source, s.source_id, s.start, s.coding_id))
    return found
