"""Merging the notes about a study — memos, resolutions of disagreements, saved queries — once
:mod:`qcoder.core.team.merge` has mapped the other file's coders, codes, sources and cases."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.ingest.engine import Ingest
from qcoder.core.ingest.incoming import IncomingMemo, IncomingQuery, IncomingResolution
from qcoder.core.ingest.memo_ingest import MemoIngest
from qcoder.core.ingest.names import unique_name
from qcoder.core.ingest.project_ingest import IngestPolicy
from qcoder.core.store.models import Memo, Resolution, SavedQuery
from qcoder.core.team.merge_checks import GuidRegister, SkipNotes, span_problem
from qcoder.core.team.merge_report import MergeReport

_REFERENCED = {
    "coder_id": "coder", "resolved_by_id": "coder", "accepted_coder_id": "coder",
    "source_id": "source", "code_id": "code", "case_id": "case",
}
"""The kind of item each reference column of a memo or resolution names."""


class NotesMerging:
    """The part of a merge that follows the id maps; mixed into the merger, which fills them."""

    session: Session
    other: Session
    ingest: Ingest
    report: MergeReport
    coders: dict[int, int]
    codes: dict[int, int]
    sources: dict[int, int]
    cases: dict[int, int]
    their_lengths: dict[int, int]
    place: Callable[[int, int, int, Callable[[], str]], tuple[int, int] | None]
    dropped_sources: set[int]
    dropped_codes: set[int]
    guids: dict[str, str]
    notes: SkipNotes
    conflict: Callable[[str, str, str, tuple[str, ...]], None]
    new_guid: Callable[[str, str, str], bool]
    register: GuidRegister
    missing: Callable[[str, int | None, dict[int, int], set[int]], str | None]

    def _targets_problem(self, theirs: Memo | Resolution, fields: tuple[str, ...]) -> str | None:
        """Why a memo or resolution cannot be attached here: a reference to nothing."""
        for name in fields:
            value = getattr(theirs, name)
            if value is None:
                continue
            kind = _REFERENCED[name]
            mapping = {"source": self.sources, "code": self.codes, "case": self.cases, "coder": self.coders}[kind]
            dropped = {"source": self.dropped_sources, "code": self.dropped_codes}.get(kind, set())
            problem = self.missing(kind, value, mapping, dropped)
            if problem is not None:
                return problem
        return None

    def _target(self, theirs: Memo | Resolution, field_name: str, mapping: dict[int, int]) -> int | None:
        value = getattr(theirs, field_name)
        return mapping.get(value) if value is not None else None

    def merge_memos(self) -> None:
        memos = MemoIngest(self.ingest, IngestPolicy(guid_claims=self.register), by_content=True)
        for theirs in self.other.execute(select(Memo).order_by(Memo.id)).scalars():
            found = memos.find(theirs.guid)
            if found is not None:
                if found.here is not None and found.here[0] != theirs.text:
                    self.conflict("memo", theirs.guid, theirs.text[:40], ("a different text",))
                continue
            label = f"{theirs.guid} ({theirs.text[:30]!r})"
            problem = self._targets_problem(theirs, ("coder_id", "source_id", "code_id", "case_id"))
            if problem is not None:
                self.notes.skip("memo", label, problem)
                continue
            row = IncomingMemo(theirs.guid, theirs.text, self.coders[theirs.coder_id], theirs.created_at,
                               self._target(theirs, "source_id", self.sources),
                               self._target(theirs, "code_id", self.codes), self._target(theirs, "case_id", self.cases))
            if memos.find(theirs.guid, memos.content(row)) is not None:
                self.report.count_matched("memos by content")
                continue
            other = memos.claim(theirs.guid)
            if other is not None:
                self.notes.skip("memo", label, f"has the GUID of a {other} here")
                continue
            self.report.count_added("memos", memos.add_one(row))

    def merge_resolutions(self) -> None:
        guids = set(self.session.execute(select(Resolution.guid)).scalars())
        lengths = self.ingest.source_lengths()
        for theirs in self.other.execute(select(Resolution).order_by(Resolution.id)).scalars():
            if theirs.guid in guids:
                continue
            problem = self._targets_problem(theirs, ("source_id", "code_id", "resolved_by_id", "accepted_coder_id"))
            if problem is None:
                problem = span_problem(theirs.start, theirs.end, self.their_lengths.get(
                    theirs.source_id, lengths.get(self.sources[theirs.source_id])))
            if problem is not None:
                self.notes.skip("resolution", theirs.guid, problem)
                continue
            placed = self.place(theirs.source_id, theirs.start, theirs.end, lambda: "a resolution")
            if placed is None:
                continue
            if not self.new_guid("resolution", theirs.guid, theirs.guid):
                continue
            record_id = self.ingest.add_resolution(IncomingResolution(
                guid=theirs.guid, source_id=self.sources[theirs.source_id], code_id=self.codes[theirs.code_id],
                start=placed[0], end=placed[1], action=theirs.action,
                accepted_coder_id=self._target(theirs, "accepted_coder_id", self.coders),
                coders=theirs.coders, resolved_by_id=self.coders[theirs.resolved_by_id],
                created_at=theirs.created_at, note=theirs.note,
            ))
            self.report.count_added("resolutions", record_id)


    def merge_saved_queries(self) -> None:
        """Saved queries name items by GUID: those matched here under other GUIDs are renamed."""
        ours = self.session.execute(select(SavedQuery)).scalars().all()
        by_guid = {q.guid: q for q in ours}
        by_name = {q.name: q.expression for q in ours}
        for theirs in self.other.execute(select(SavedQuery).order_by(SavedQuery.id)).scalars():
            expression = theirs.expression
            for old, new in self.guids.items():
                expression = expression.replace(old, new)
            if theirs.guid in by_guid:
                mine = by_guid[theirs.guid]
                if (mine.name, mine.expression) != (theirs.name, expression):
                    self.conflict("saved query", theirs.guid, mine.name, ("a different name or condition",))
                continue
            if not self.new_guid("saved query", theirs.guid, f"'{theirs.name}' ({theirs.guid})"):
                continue
            name = theirs.name
            if name in by_name:
                if by_name[name] == expression:
                    self.report.count_matched("saved queries by name")
                    continue
                name = unique_name(theirs.name, by_name)
                self.report.skipped.append(f"saved query '{theirs.name}' was added as '{name}' (the name was taken)")
            query_id = self.ingest.add_query(IncomingQuery(
                guid=theirs.guid, name=name, expression=expression, description=theirs.description,
                coder_id=self.coders.get(theirs.coder_id) if theirs.coder_id is not None else None,
                created_at=theirs.created_at,
            ))
            by_name[name] = expression
            self.report.count_added("saved_queries", query_id)
