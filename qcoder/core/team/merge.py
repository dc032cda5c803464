"""Merging another project file into this one: by GUID, then by content; idempotent.

Matching, kind by kind (the other file's rows are mapped onto this project's):

- coders by GUID, then by name; codes by GUID, then by name under the same (mapped) parent;
  sources by GUID, then by the SHA-256 of their text; cases by GUID, then name; attributes by
  GUID, then (name, applies to); codings, memos and resolutions by GUID, and a coding also by
  its content (same source, code, span and coder) so that nothing is doubled.
- What matches nothing is added with its own GUID, so merging the same file again adds nothing.

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

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.ingest.code_paths import CodePaths
from qcoder.core.ingest.engine import Ingest
from qcoder.core.ingest.incoming import IncomingRecording, IncomingSource, IncomingTurn, IncomingValue
from qcoder.core.ingest.matching import Match, Matcher
from qcoder.core.ingest.names import claim_unique_name
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
from qcoder.core.usecases.queries.code_tree import PATH_SEPARATOR

THIS_WINS = "kept this project's version"


def _differences(ours: object, theirs: object, fields: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(
        f"{name} {getattr(ours, name)!r} here, {getattr(theirs, name)!r} there"
        for name in fields if getattr(ours, name) != getattr(theirs, name)
    )


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
        self.notes = SkipNotes()

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
        ours = {c.id: c for c in self.session.execute(select(Coder)).scalars()}
        here = Matcher((c.id, c.guid, c.name) for c in ours.values())
        guids = {c.id: c.guid for c in ours.values()}
        for theirs in self.other.execute(select(Coder).order_by(Coder.id)).scalars():
            found = here.find(theirs.guid, theirs.name)
            if found is not None and found[1] is Match.GUID:
                mine = ours[found[0]]
                differences = _differences(mine, theirs, ("name",))
                if differences:
                    self.conflict("coder", theirs.guid, mine.name, differences)
            elif found is not None:
                self.report.count_matched("coders by name")
            elif not self.new_guid("coder", theirs.guid, f"'{theirs.name}' ({theirs.guid})"):
                continue
            else:
                coder_id = self.ingest.add_coder(theirs.guid, theirs.name, theirs.colour)
                found = (coder_id, Match.KEY)
                here.add_key(coder_id, theirs.name)
                guids[coder_id] = theirs.guid
                self.report.count_added("coders", coder_id)
            self.coders[theirs.id] = found[0]
            self.same_guid(theirs.guid, guids[found[0]])

    def merge_codes(self) -> None:
        ours = self.session.execute(select(Code)).scalars().all()
        by_id = {c.id: c for c in ours}
        matcher = Matcher((c.id, c.guid, (c.parent_id, c.name)) for c in ours)
        guids = {c.id: c.guid for c in ours}
        here = CodePaths((c.id, c.parent_id, c.name) for c in ours)
        children: defaultdict[int | None, int] = defaultdict(int)
        for code in ours:
            children[code.parent_id] = max(children[code.parent_id], code.position + 1)
        theirs_all = self.other.execute(select(Code).order_by(Code.position, Code.id)).scalars().all()
        kids: dict[int | None, list[Code]] = defaultdict(list)
        for code in theirs_all:
            kids[code.parent_id].append(code)
        # Their paths made of plain names: a code of theirs named 'A/B' must not take the path
        # of their own code B under A, whichever of the two comes first.
        there = CodePaths((c.id, c.parent_id, c.name) for c in theirs_all)
        plain = {there.paths[c.id] for c in theirs_all if PATH_SEPARATOR not in c.name and c.id in there.paths}
        queue = list(kids[None])
        while queue:  # parents before children
            theirs = queue.pop(0)
            parent = self.codes.get(theirs.parent_id) if theirs.parent_id is not None else None
            label = f"'{theirs.name}' ({theirs.guid})"
            problem = name_problem(theirs.name)
            found = matcher.find(theirs.guid, (parent, theirs.name)) if problem is None else None
            if found is not None and found[1] is Match.GUID:
                mine = by_id[found[0]]
                differences = _differences(mine, theirs, ("name", "colour", "description", "is_codable"))
                if mine.parent_id != parent:
                    differences += ("a different parent",)
                if differences:
                    self.conflict("code", theirs.guid, mine.name, differences)
            elif found is not None:
                self.report.count_matched("codes by path")
            else:
                path = here.path(parent, str(theirs.name))
                if problem is None and (path in here.taken or (PATH_SEPARATOR in theirs.name and path in plain)):
                    problem = f"has the path '{path}', which is another code's"
                if problem is not None or not self.new_guid("code", theirs.guid, label):
                    if problem is not None:
                        self.notes.skip("code", label, problem + self._drop_subtree(theirs.id, kids))
                    else:
                        self._drop_subtree(theirs.id, kids)
                    self.dropped_codes.add(theirs.id)
                    continue
                code_id = self.ingest.add_code(
                    theirs.guid, parent, theirs.name, theirs.colour, theirs.description, theirs.is_codable,
                    children[parent],
                )
                children[parent] += 1
                found = (code_id, Match.KEY)
                matcher.add_key(code_id, (parent, theirs.name))
                guids[code_id] = theirs.guid
                here.add(code_id, path)
                self.report.count_added("codes", code_id)
            queue.extend(kids[theirs.id])
            self.codes[theirs.id] = found[0]
            self.same_guid(theirs.guid, guids[found[0]])
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
        ours = self.session.execute(select(Source)).scalars().all()
        by_id = {s.id: s for s in ours}
        # the first source with a text matches it: the matcher keeps the last it is given
        matcher = Matcher((s.id, s.guid, s.sha256) for s in sorted(ours, key=lambda s: s.id, reverse=True))
        guids = {s.id: s.guid for s in ours}
        self.source_names = {s.name for s in ours}
        for theirs in self.other.execute(select(Source).order_by(Source.id)).scalars():
            found = matcher.find(theirs.guid, theirs.sha256)
            if found is not None and found[1] is Match.GUID:
                mine = by_id[found[0]]
                if mine.sha256 != theirs.sha256:
                    self.merge_text(mine, theirs)
                differences = _differences(mine, theirs, ("name",))
                if differences:
                    self.conflict("source", theirs.guid, mine.name, differences)
            elif found is not None:
                self.report.count_matched("sources by content hash")
            else:
                text = self.other.scalar(select(SourceText.text).where(SourceText.source_id == theirs.id))
                label = f"'{theirs.name}' ({theirs.guid})"
                problem = text_problem(text, theirs.characters, theirs.sha256)
                if problem is not None:
                    self.notes.skip("source", label, problem)
                if problem is not None or not self.new_guid("source", theirs.guid, label):
                    self.dropped_sources.add(theirs.id)
                    continue
                found = (self.copy_source(theirs, str(text)), Match.KEY)
                matcher.add_key(found[0], theirs.sha256)
                guids[found[0]] = theirs.guid
            self.sources[theirs.id] = found[0]
            self.same_guid(theirs.guid, guids[found[0]])

    def copy_source(self, theirs: Source, text: str) -> int:
        """Add the other file's source with its text, turns and recording link; its id here."""
        name = claim_unique_name(theirs.name, self.source_names)
        if name != theirs.name:
            self.report.skipped.append(f"source '{theirs.name}' was added as '{name}' (the name was taken)")
        turns = [
            IncomingTurn(t.start, t.end, t.speaker, t.time_ms)
            for t in self.other.execute(select(SpeakerTurn).where(SpeakerTurn.source_id == theirs.id)).scalars()
        ]
        kept = tuple(t for t in turns if turn_fits(t.start, t.end, len(text)))
        if len(kept) < len(turns):
            self.notes.skip("source", f"'{name}'", f"had {len(turns) - len(kept)} speaker turns outside its text "
                                                   "(the source was added without them)")
        recording = self.other.get(SourceMedia, theirs.id)
        (source_id,) = self.ingest.add_sources([IncomingSource(
            guid=theirs.guid, name=name, text=text, sha256=theirs.sha256, kind=theirs.kind,
            imported_at=theirs.imported_at,
            imported_by_id=self.coders.get(theirs.imported_by_id) if theirs.imported_by_id else None,
            original_filename=theirs.original_filename, encoding=theirs.encoding, turns=kept,
            # the link as the copy stored it: teammates share the folder's layout
            recording=None if recording is None else IncomingRecording(
                recording.guid, recording.path, recording.kind, recording.duration_ms, recording.data),
        )])
        self.copy_history(theirs.id, source_id)
        self.report.count_added("sources", source_id)
        return source_id

    def merge_cases(self) -> None:
        ours = {c.id: c for c in self.session.execute(select(Case)).scalars()}
        here = Matcher((c.id, c.guid, c.name) for c in ours.values())
        guids = {c.id: c.guid for c in ours.values()}
        for theirs in self.other.execute(select(Case).order_by(Case.id)).scalars():
            found = here.find(theirs.guid, theirs.name)
            if found is not None and found[1] is Match.GUID:
                mine = ours[found[0]]
                differences = _differences(mine, theirs, ("name", "description"))
                if differences:
                    self.conflict("case", theirs.guid, mine.name, differences)
            elif found is not None:
                self.report.count_matched("cases by name")
            elif not self.new_guid("case", theirs.guid, f"'{theirs.name}' ({theirs.guid})"):
                continue
            else:
                case_id = self.ingest.add_case(theirs.guid, theirs.name, theirs.description)
                found = (case_id, Match.KEY)
                here.add_key(case_id, theirs.name)
                guids[case_id] = theirs.guid
                self.report.count_added("cases", case_id)
            self.cases[theirs.id] = found[0]
            self.same_guid(theirs.guid, guids[found[0]])
        links = self.ingest.links()
        new: list[tuple[int, int]] = []
        for case_id, source_id in self.other.execute(select(case_sources.c.case_id, case_sources.c.source_id)):
            link = (self.cases.get(case_id), self.sources.get(source_id))
            if link[0] is None or link[1] is None:
                missing = "case" if link[0] is None else "source"
                self.notes.skip("case link", f"{case_id} → {source_id}", f"points to a missing or skipped {missing}")
                continue
            if link in links:
                continue
            links.add(link)  # type: ignore[arg-type]
            new.append(link)  # type: ignore[arg-type]
            self.report.added_links.append(link)  # type: ignore[arg-type]
            self.report.count_added("case_links")
        self.ingest.add_links(new)

    def merge_attributes(self) -> None:
        ours = {a.id: a for a in self.session.execute(select(Attribute)).scalars()}
        here = Matcher((a.id, a.guid, (a.name, a.applies_to)) for a in ours.values())
        guids = {a.id: a.guid for a in ours.values()}
        names = {a.id: a.name for a in ours.values()}
        for theirs in self.other.execute(select(Attribute).order_by(Attribute.id)).scalars():
            found = here.find(theirs.guid, (theirs.name, theirs.applies_to))
            if found is not None and found[1] is Match.GUID:
                mine = ours[found[0]]
                differences = _differences(mine, theirs, ("name", "value_type", "applies_to"))
                if differences:
                    self.conflict("attribute", theirs.guid, mine.name, differences)
            elif found is not None:
                self.report.count_matched("attributes by name")
            elif not self.new_guid("attribute", theirs.guid, f"'{theirs.name}' ({theirs.guid})"):
                continue
            else:
                attribute_id = self.ingest.add_attribute(theirs.guid, theirs.name, theirs.value_type, theirs.applies_to)
                found = (attribute_id, Match.KEY)
                here.add_key(attribute_id, (theirs.name, theirs.applies_to))
                guids[attribute_id], names[attribute_id] = theirs.guid, theirs.name
                self.report.count_added("attributes", attribute_id)
            self.attributes[theirs.id] = found[0]
            self.same_guid(theirs.guid, guids[found[0]])
        self.merge_values(names)

    def merge_values(self, names: dict[int, str]) -> None:
        """Attribute values, once attributes, cases and sources are mapped; ``names``: of the attributes."""
        values: dict[tuple[int, int | None, int | None], str] = {
            (v.attribute_id, v.case_id, v.source_id): v.value
            for v in self.session.execute(select(AttributeValue)).scalars()
        }
        for theirs in self.other.execute(select(AttributeValue).order_by(AttributeValue.id)).scalars():
            case_id = self.cases.get(theirs.case_id) if theirs.case_id is not None else None
            source_id = self.sources.get(theirs.source_id) if theirs.source_id is not None else None
            attribute_id = self.attributes.get(theirs.attribute_id)
            if attribute_id is None or (case_id is None and source_id is None):
                missing = "attribute" if attribute_id is None else "case or source"
                self.notes.skip("attribute value", repr(theirs.value)[:40], f"belongs to a missing or skipped {missing}")
                continue
            key = (attribute_id, case_id, source_id)
            mine = values.get(key)
            if mine is None:
                value_id = self.ingest.add_value(IncomingValue(attribute_id, case_id, source_id, theirs.value))
                values[key] = theirs.value
                self.report.count_added("attribute_values", value_id)
            elif mine != theirs.value:
                owner = (
                    f"case '{self.session.get(Case, case_id).name}'" if case_id is not None  # type: ignore[union-attr]  # a value's case exists (foreign key)
                    else f"source '{self.session.get(Source, source_id).name}'"  # type: ignore[union-attr]  # a value's source exists (foreign key)
                )
                self.conflict(
                    "attribute value", "", f"{names[key[0]]} of {owner}",
                    (f"{mine!r} here, {theirs.value!r} there",),
                )


def merge_into(session: Session, other: Session) -> MergeReport:
    """Add what is new in ``other`` (another project's session, only read) to ``session``."""
    return _Merger(session, other).run()
