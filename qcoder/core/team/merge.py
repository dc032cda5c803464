"""Merging another project file into this one: by GUID, then by content; idempotent.

Matching, kind by kind (the other file's rows are mapped onto this project's):

- coders by GUID, then by name; codes by GUID, then by name under the same (mapped) parent;
  sources by GUID, then by the SHA-256 of their text; cases by GUID, then name; attributes by
  GUID, then (name, applies to); codings, memos and resolutions by GUID, and a coding also by
  its content (same source, code, span and coder) so that nothing is doubled.
- What matches nothing is added with its own GUID, so merging the same file again adds nothing.

Coders, codes, cases, attributes and sources are matched or added by the loop a REFI-QDA import
shares (:class:`qcoder.core.ingest.project_ingest.ProjectIngest`, with a merge's policy; codings
by :class:`qcoder.core.ingest.coding_ingest.CodingIngest`); this module reads the other file's
rows into its values and words the outcomes.

**Conflicts** (same GUID, different content; or one attribute of one owner with two values) are
reported and resolved by one rule: **this project wins** — its names, colours, descriptions,
texts and values stay as they are. Codings are never in conflict by owner: they belong to their
coders, so every coder's codings are kept. A source whose GUID matches but whose text differs
was edited in one copy or both: :mod:`qcoder.core.team.merge_texts` maps the other file's
passages through the edits (or brings this text up to the other copy's edits), and lists those
whose words are gone.

Each incoming item is checked first (:mod:`qcoder.core.team.merge_checks`): one this project could not
hold — a span outside its text, a reference to nothing, a GUID that another kind of item has, a
code whose path reads as another code's, a source text unlike its record — is skipped with a
line in the report, and so are the items that depend on it.

The rows go in through the ingest engine (:mod:`qcoder.core.ingest`), the same one a REFI-QDA
import uses. The merge adds rows (and may edit texts, as recorded edits), so its undo
(:func:`qcoder.core.team.merge_changes.merge_changes`) removes exactly what :attr:`MergeReport.added_rows` names
(:func:`qcoder.core.ingest.added.undo_ingest`) and then plays the inverse of its text edits.
A preview is the same merge in a transaction that is rolled back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.ingest.engine import Ingest
from qcoder.core.ingest.incoming import IncomingRecording, IncomingSource, IncomingTurn, IncomingValue
from qcoder.core.ingest.project_ingest import (
    Difference,
    DropReason,
    Ingested,
    IngestPolicy,
    Outcome,
    ProjectIngest,
    Refusal,
)
from qcoder.core.ingest.project_value import (
    IncomingAttribute,
    IncomingCase,
    IncomingCode,
    IncomingCoder,
    IncomingText,
)
from qcoder.core.store.models import (
    Attribute,
    AttributeValue,
    Case,
    Code,
    Coder,
    Source,
    SourceMedia,
    SourceText,
    SpeakerTurn,
    case_sources,
)
from qcoder.core.team.merge_checks import GuidRegister, SkipNotes, name_problem, text_problem, turn_fits
from qcoder.core.team.merge_codings import CodingsMerging
from qcoder.core.team.merge_notes import NotesMerging
from qcoder.core.team.merge_report import MergeConflict, MergeReport
from qcoder.core.team.merge_texts import SpanMap, TextsMerging

THIS_WINS = "kept this project's version"


def _wording(difference: Difference) -> str:
    if difference.field == "parent":
        return "a different parent"
    return f"{difference.field} {difference.here!r} here, {difference.there!r} there"


class _Named(Protocol):
    """A row of the other file as the report names it."""

    id: int
    guid: str
    name: str


class _Merger(CodingsMerging, NotesMerging, TextsMerging):
    """One merge of ``other`` into ``session``; holds the id maps from the other file to this one."""

    def __init__(self, session: Session, other: Session) -> None:
        self.session = session
        self.other = other
        self.ingest = Ingest(session)
        self.report = MergeReport()
        self.coders: dict[int, int] = {}
        self.codes: dict[int, int] = {}
        self.sources: dict[int, int] = {}
        self.cases: dict[int, int] = {}
        self.attributes: dict[int, int] = {}
        self.span_maps: dict[int, SpanMap] = {}
        self.their_texts: dict[int, str] = {}
        self.their_lengths: dict[int, int] = {}
        self.source_labels: dict[int, str] = {}
        self.dropped_sources: set[int] = set()
        """The other file's sources skipped as unsound (no text, a text unlike its record, …)."""
        self.dropped_codes: set[int] = set()
        self.guids: dict[str, str] = {}
        """The other file's GUIDs of items matched here under another GUID (by name, path or text)."""
        self.register = GuidRegister(session)
        self.matching = ProjectIngest(self.ingest, IngestPolicy(guid_claims=self.register, distinct_code_paths=True))
        """Coders, codes, cases and attributes: the match-or-add loop a REFI-QDA import shares."""
        self.notes = SkipNotes()
        self._kids: dict[int | None, list[Code]] = {}
        self._dropped_turns: dict[str, int] = {}
        """The other file's source GUID → how many of its speaker turns lie outside its text."""

    def same_guid(self, theirs: str, mine: str) -> None:
        if theirs != mine:
            self.guids[theirs] = mine
        """The other file's sources whose GUID matched a different text here."""

    def new_guid(self, kind: str, guid: str, label: str) -> bool:
        """Whether an item of ``kind`` may be added with ``guid``: not if another kind of item
        carries it here (REFI-QDA needs GUIDs unique across a project). Claims it if so."""
        other = self.register.clash(guid, kind)
        if other is not None:
            self.notes.skip(kind, label, f"has the GUID of a {other} here")
            return False
        self.register.claim(guid, kind)
        return True

    @staticmethod
    def missing(kind: str, their_id: int | None, mapping: dict[int, int], dropped: set[int]) -> str | None:
        """Why a reference of the other file to ``kind`` ``their_id`` has nothing here, if so."""
        if their_id in mapping:
            return None
        return f"belongs to a skipped {kind}" if their_id in dropped else f"points to a missing {kind}"

    def conflict(self, kind: str, guid: str, name: str, differences: tuple[str, ...], rule: str = THIS_WINS) -> None:
        self.report.conflicts.append(MergeConflict(kind, guid, name, differences, rule))

    def run(self) -> MergeReport:
        with self.ingest.bulk_cache():
            self.merge_coders()
            self.merge_codes()
            self.merge_sources()
            self.merge_cases()
            self.merge_attributes()
            self.merge_codings()
            self.merge_memos()
            self.merge_resolutions()
            self.merge_saved_queries()
            self.session.flush()
        self.report.skipped.extend(self.notes.lines())
        self.report.added_rows = self.ingest.added()
        return self.report

    def merge_coders(self) -> None:
        theirs = self.other.execute(select(Coder).order_by(Coder.id)).scalars().all()
        outcomes = self.matching.coders([IncomingCoder(c.guid, c.name, c.colour) for c in theirs])
        self._word("coder", "coders", "coders by name", theirs, outcomes, self.coders)

    def _word(self, kind: str, plural: str, matched: str, theirs: Sequence[_Named],
              outcomes: Sequence[Ingested[Any]], mapping: dict[int, int]) -> None:
        """One kind's outcomes as a merge words them: a GUID match whose fields differ is a conflict
        this project wins; a match by key is counted; a dropped item is a skip note."""
        for item, done in zip(theirs, outcomes, strict=True):
            if done.here is None:
                self._dropped(kind, item, done)
                continue
            if done.outcome is Outcome.MATCHED_BY_GUID and done.differences:
                self.conflict(kind, item.guid, done.here.name, tuple(_wording(d) for d in done.differences))
            elif done.outcome is Outcome.MATCHED_BY_KEY:
                self.report.count_matched(matched)
            elif done.outcome is Outcome.ADDED:
                self.report.count_added(plural, done.here.id)
            mapping[item.id] = done.here.id
            self.same_guid(item.guid, done.here.guid)

    def _dropped(self, kind: str, item: _Named, done: Ingested[Any]) -> None:
        label = f"'{item.name}' ({item.guid})"
        if kind == "code":
            self.dropped_codes.add(item.id)
        if done.reason is DropReason.GUID_CLAIMED:
            self.notes.skip(kind, label, f"has the GUID of a {done.detail} here")
            if kind == "code":
                self._drop_subtree(item.id, self._kids)
        elif done.reason is DropReason.UNFIT:
            self.notes.skip(kind, label, done.detail + self._drop_subtree(item.id, self._kids))
        elif done.reason is DropReason.PATH_TAKEN:
            self.notes.skip(kind, label, f"has the path '{done.detail}', which is another code's"
                            + self._drop_subtree(item.id, self._kids))

    def merge_codes(self) -> None:
        theirs_all = self.other.execute(select(Code).order_by(Code.position, Code.id)).scalars().all()
        kids: dict[int | None, list[Code]] = defaultdict(list)
        for code in theirs_all:
            kids[code.parent_id].append(code)
        self._kids = kids
        guids = {code.id: code.guid for code in theirs_all}
        ordered: list[Code] = []
        queue = list(kids[None])
        while queue:  # parents before children
            code = queue.pop(0)
            ordered.append(code)
            queue.extend(kids[code.id])
        outcomes = self.matching.codes([
            IncomingCode(code.guid, code.name, guids.get(code.parent_id) if code.parent_id is not None else None,
                         code.colour, code.description, code.is_codable, name_problem(code.name))
            for code in ordered
        ])
        self._word("code", "codes", "codes by path", ordered, outcomes, self.codes)
        for theirs in theirs_all:
            if theirs.id not in self.codes and theirs.id not in self.dropped_codes:
                self.dropped_codes.add(theirs.id)
                self.notes.skip("code", f"'{theirs.name}' ({theirs.guid})", "has a missing parent")

    def _drop_subtree(self, code_id: int, kids: dict[int | None, list[Code]]) -> str:
        """Mark the codes below a skipped code skipped too; say how many there were."""
        below = list(kids[code_id])
        count = 0
        while below:
            code = below.pop()
            if code.id not in self.dropped_codes:
                self.dropped_codes.add(code.id)
                count += 1
                below.extend(kids[code.id])
        return f" (with its {count} sub-code{'' if count == 1 else 's'})" if count else ""

    def merge_sources(self) -> None:
        """By GUID, then by the hash of the text (the engine's loop); a GUID match whose text
        differs has its texts merged; new sources are added in one go, then worded in order."""
        theirs_all = self.other.execute(select(Source).order_by(Source.id)).scalars().all()
        texts: dict[str, str | None] = {}

        def refuse_new(item: IncomingText) -> Refusal | None:
            theirs = by_guid[item.guid]
            texts[item.guid] = text = self.other.scalar(select(SourceText.text).where(SourceText.source_id == theirs.id))
            problem = text_problem(text, theirs.characters, theirs.sha256)
            return None if problem is None else (DropReason.UNFIT, problem)

        by_guid = {theirs.guid: theirs for theirs in theirs_all}
        batch = self.matching.sources([IncomingText(s.guid, s.name, s.sha256) for s in theirs_all],
                                      by_text=True, refuse_new=refuse_new)
        batch.add([self.source_row(by_guid[n.guid], n.name, str(texts[n.guid])) for n in batch.new])
        for theirs, done in zip(theirs_all, batch.outcomes, strict=True):
            if done.source_id is None:
                label = f"'{theirs.name}' ({theirs.guid})"
                what = done.detail if done.reason is DropReason.UNFIT else f"has the GUID of a {done.detail} here"
                self.notes.skip("source", label, what)
                self.dropped_sources.add(theirs.id)
                continue
            if done.outcome is Outcome.MATCHED_BY_GUID:
                if not done.same_text:
                    self.merge_text(self.session.get_one(Source, done.source_id), theirs)
                if done.differences:
                    self.conflict("source", theirs.guid, done.name, tuple(_wording(d) for d in done.differences))
            elif done.outcome is Outcome.MATCHED_BY_KEY:
                self.report.count_matched("sources by content hash")
            else:
                self.word_added_source(theirs, done.name, done.source_id, self._dropped_turns.get(theirs.guid, 0))
            self.sources[theirs.id] = done.source_id
            self.same_guid(theirs.guid, done.here_guid)

    def source_row(self, theirs: Source, name: str, text: str) -> IncomingSource:
        """The other file's source as the engine adds it: its text, turns and recording link."""
        turns = [
            IncomingTurn(t.start, t.end, t.speaker, t.time_ms)
            for t in self.other.execute(select(SpeakerTurn).where(SpeakerTurn.source_id == theirs.id)).scalars()
        ]
        kept = tuple(t for t in turns if turn_fits(t.start, t.end, len(text)))
        self._dropped_turns[theirs.guid] = len(turns) - len(kept)
        recording = self.other.get(SourceMedia, theirs.id)
        return IncomingSource(
            guid=theirs.guid, name=name, text=text, sha256=theirs.sha256, kind=theirs.kind,
            imported_at=theirs.imported_at,
            imported_by_id=self.coders.get(theirs.imported_by_id) if theirs.imported_by_id else None,
            original_filename=theirs.original_filename, encoding=theirs.encoding, turns=kept,
            # the link as the copy stored it: teammates share the folder's layout
            recording=None if recording is None else IncomingRecording(
                recording.guid, recording.path, recording.kind, recording.duration_ms, recording.data),
        )

    def word_added_source(self, theirs: Source, name: str, source_id: int, dropped_turns: int) -> None:
        if name != theirs.name:
            self.report.skipped.append(f"source '{theirs.name}' was added as '{name}' (the name was taken)")
        if dropped_turns:
            self.notes.skip("source", f"'{name}'", f"had {dropped_turns} speaker turns outside its text "
                                                   "(the source was added without them)")
        self.copy_history(theirs.id, source_id)
        self.report.count_added("sources", source_id)

    def merge_cases(self) -> None:
        theirs = self.other.execute(select(Case).order_by(Case.id)).scalars().all()
        outcomes = self.matching.cases([IncomingCase(c.guid, c.name, c.description) for c in theirs])
        self._word("case", "cases", "cases by name", theirs, outcomes, self.cases)
        links: list[tuple[int, int]] = []
        for case_id, source_id in self.other.execute(select(case_sources.c.case_id, case_sources.c.source_id)):
            case, source = self.cases.get(case_id), self.sources.get(source_id)
            if case is None or source is None:
                missing = "case" if case is None else "source"
                self.notes.skip("case link", f"{case_id} → {source_id}", f"points to a missing or skipped {missing}")
                continue
            links.append((case, source))
        for link in self.matching.links(links):
            self.report.added_links.append(link)
            self.report.count_added("case_links")

    def merge_attributes(self) -> None:
        theirs = self.other.execute(select(Attribute).order_by(Attribute.id)).scalars().all()
        outcomes = self.matching.attributes(
            [IncomingAttribute(a.guid, a.name, a.value_type, a.applies_to) for a in theirs])
        self._word("attribute", "attributes", "attributes by name", theirs, outcomes, self.attributes)
        names = {done.here.id: done.here.name for done in outcomes if done.here is not None}
        self.merge_values(names)

    def merge_values(self, names: dict[int, str]) -> None:
        """Attribute values, once attributes, cases and sources are mapped; ``names``: of the attributes."""
        rows: list[IncomingValue] = []
        for theirs in self.other.execute(select(AttributeValue).order_by(AttributeValue.id)).scalars():
            case_id = self.cases.get(theirs.case_id) if theirs.case_id is not None else None
            source_id = self.sources.get(theirs.source_id) if theirs.source_id is not None else None
            attribute_id = self.attributes.get(theirs.attribute_id)
            if attribute_id is None or (case_id is None and source_id is None):
                missing = "attribute" if attribute_id is None else "case or source"
                self.notes.skip("attribute value", repr(theirs.value)[:40], f"belongs to a missing or skipped {missing}")
                continue
            rows.append(IncomingValue(attribute_id, case_id, source_id, theirs.value))
        outcomes = self.matching.values(rows, one_by_one=True)
        for row, done in zip(rows, outcomes, strict=True):
            if done.outcome is Outcome.ADDED:
                self.report.count_added("attribute_values", done.value_id)
            elif done.here != row.value:
                owner = (
                    f"case '{self.session.get(Case, row.case_id).name}'" if row.case_id is not None  # type: ignore[union-attr]  # a value's case exists (foreign key)
                    else f"source '{self.session.get(Source, row.source_id).name}'"  # type: ignore[union-attr]  # a value's source exists (foreign key)
                )
                self.conflict(
                    "attribute value", "", f"{names[row.attribute_id]} of {owner}",
                    (f"{done.here!r} here, {row.value!r} there",),
                )


def merge_into(session: Session, other: Session) -> MergeReport:
    """Add what is new in ``other`` (another project's session, only read) to ``session``."""
    return _Merger(session, other).run()
