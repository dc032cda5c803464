"""Merging the other file's codings, once :mod:`qcoder.core.team.merge` has mapped its sources,
codes and coders: by GUID, then by content (same source, code, span and coder), in one
``executemany`` (the engine's :class:`~qcoder.core.ingest.coding_ingest.CodingIngest`, which a
REFI-QDA import shares); each coding that could not be a passage here is skipped with a reason,
and one whose passage is in an edited text is placed through the edits first."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.ingest.coding_ingest import CodingIngest
from qcoder.core.ingest.engine import Ingest
from qcoder.core.ingest.incoming import IncomingCoding
from qcoder.core.ingest.project_ingest import IngestPolicy, Outcome
from qcoder.core.store.models import Code, Coder, Coding
from qcoder.core.team.merge_checks import GuidRegister, SkipNotes, span_problem
from qcoder.core.team.merge_report import MergeReport
from qcoder.core.team.merge_texts import SpanMap


class CodingsMerging:
    """The codings part of a merge; mixed into the merger, which fills the id maps."""

    session: Session
    other: Session
    ingest: Ingest
    report: MergeReport
    coders: dict[int, int]
    codes: dict[int, int]
    sources: dict[int, int]
    span_maps: dict[int, SpanMap]
    their_lengths: dict[int, int]
    place: Callable[[int, int, int, Callable[[], str]], tuple[int, int] | None]
    dropped_sources: set[int]
    dropped_codes: set[int]
    notes: SkipNotes
    conflict: Callable[[str, str, str, tuple[str, ...]], None]
    register: GuidRegister
    missing: Callable[[str, int | None, dict[int, int], set[int]], str | None]

    def merge_codings(self) -> None:
        codings = CodingIngest(self.ingest, IngestPolicy(guid_claims=self.register), by_content=True)
        lengths = self.ingest.source_lengths()
        codable = self.ingest.code_kinds()
        columns = (Coding.guid, Coding.source_id, Coding.code_id, Coding.start, Coding.end, Coding.coder_id,
                   Coding.created_at, Coding.memo, Coding.exemplar)
        for guid, source_id, code_id, start, end, coder_id, created_at, memo, exemplar in (
            self.other.connection().execute(select(*columns).order_by(Coding.id))
        ):
            source, code, coder = self.sources.get(source_id), self.codes.get(code_id), self.coders.get(coder_id)
            problem = (
                self.missing("source", source_id, self.sources, self.dropped_sources)
                or self.missing("code", code_id, self.codes, self.dropped_codes)
                or self.missing("coder", coder_id, self.coders, set())
                or span_problem(start, end, self.their_lengths.get(source_id, None if source is None else lengths.get(source)))
            )
            if problem is not None:
                self.notes.skip("coding", guid, problem)
                continue
            assert source is not None and code is not None and coder is not None  # else a problem above
            if source_id in self.span_maps:
                placed = self.place(source_id, start, end, partial(self.coding_label, code_id, coder_id)) \
                    if not codings.has_guid(guid) else self.span_maps[source_id].span(start, end)
                if placed is None:
                    continue
                start, end = placed
            found = codings.find(guid, (source, code, start, end, coder))
            if found is not None and found.outcome is Outcome.MATCHED_BY_GUID:
                if not found.same_content:
                    self.conflict("coding", guid, f"[{start}, {end})", ("a different source, code, span or coder",))
                continue
            if found is not None:
                self.report.count_matched("codings by content")
                continue
            if not codable.get(code, True):
                self.notes.skip("coding", guid, "is of a code that is a group here, not codable")
                continue
            other = codings.claim(guid)
            if other is not None:
                self.notes.skip("coding", guid, f"has the GUID of a {other} here")
                continue
            codings.add(IncomingCoding(guid, source, code, start, end, coder, created_at, memo, exemplar))
        # A plain executemany is several times faster than ORM inserts with RETURNING.
        for row_id in codings.add_all(want_ids=True):
            self.report.count_added("codings", row_id)

    def coding_label(self, code_id: int, coder_id: int) -> str:
        """The other file's coding named for a person: its code and coder."""
        code, coder = self.other.get(Code, code_id), self.other.get(Coder, coder_id)
        return f"the coding '{code.name if code else '?'}' by {coder.name if coder else '?'}"
