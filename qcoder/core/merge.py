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
cannot carry the other file's codings (their positions refer to another text): they are skipped
and reported.

The merge only adds rows, so :func:`qcoder.core.merge_undo.undo_merge` removes exactly what
:attr:`MergeReport.added_ids` lists. A preview is the same merge in a transaction that is rolled
back.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from qcoder.core.merge_notes import NotesMerging
from qcoder.core.merge_report import MergeConflict, MergeReport
from qcoder.core.models import (
    Attribute, AttributeValue, Case, Code, Coder, Coding, Source, SourceText,
    SourceMedia, SpeakerTurn, case_sources,
)
from qcoder.core.usecases.sources import unique_source_name
from qcoder.core.wording import counted

THIS_WINS = "kept this project's version"


def _differences(ours: object, theirs: object, fields: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(
        f"{name} {getattr(ours, name)!r} here, {getattr(theirs, name)!r} there"
        for name in fields if getattr(ours, name) != getattr(theirs, name)
    )


class _Merger(NotesMerging):
    """One merge of ``other`` into ``session``; holds the id maps from the other file to this one."""

    def __init__(self, session: Session, other: Session) -> None:
        self.session = session
        self.other = other
        self.report = MergeReport()
        self.coders: dict[int, int] = {}
        self.codes: dict[int, int] = {}
        self.sources: dict[int, int] = {}
        self.cases: dict[int, int] = {}
        self.attributes: dict[int, int] = {}
        self.blocked_sources: set[int] = set()
        self.guids: dict[str, str] = {}
        """The other file's GUIDs of items matched here under another GUID (by name, path or text)."""

    def same_guid(self, theirs: str, mine: str) -> None:
        if theirs != mine:
            self.guids[theirs] = mine
        """The other file's sources whose GUID matched a different text here."""

    def conflict(self, kind: str, guid: str, name: str, differences: tuple[str, ...], rule: str = THIS_WINS) -> None:
        self.report.conflicts.append(MergeConflict(kind, guid, name, differences, rule))

    def run(self) -> MergeReport:
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
        return self.report

    def merge_coders(self) -> None:
        ours = self.session.execute(select(Coder)).scalars().all()
        by_guid = {c.guid: c for c in ours}
        by_name = {c.name: c for c in ours}
        for theirs in self.other.execute(select(Coder).order_by(Coder.id)).scalars():
            if theirs.guid in by_guid:
                mine = by_guid[theirs.guid]
                differences = _differences(mine, theirs, ("name",))
                if differences:
                    self.conflict("coder", theirs.guid, mine.name, differences)
            elif theirs.name in by_name:
                mine = by_name[theirs.name]
                self.report.count_matched("coders by name")
            else:
                mine = Coder(guid=theirs.guid, name=theirs.name, colour=theirs.colour)
                self.session.add(mine)
                self.session.flush()
                by_name[mine.name] = mine
                self.report.count_added("coders", mine.id)
            self.coders[theirs.id] = mine.id
            self.same_guid(theirs.guid, mine.guid)

    def merge_codes(self) -> None:
        ours = self.session.execute(select(Code)).scalars().all()
        by_guid = {c.guid: c for c in ours}
        by_place = {(c.parent_id, c.name): c for c in ours}
        children = defaultdict(int)
        for code in ours:
            children[code.parent_id] = max(children[code.parent_id], code.position + 1)
        theirs_all = self.other.execute(select(Code).order_by(Code.position, Code.id)).scalars().all()
        kids: dict[int | None, list[Code]] = defaultdict(list)
        for code in theirs_all:
            kids[code.parent_id].append(code)
        queue = list(kids[None])
        while queue:  # parents before children
            theirs = queue.pop(0)
            queue.extend(kids[theirs.id])
            parent = self.codes.get(theirs.parent_id) if theirs.parent_id is not None else None
            if theirs.guid in by_guid:
                mine = by_guid[theirs.guid]
                differences = _differences(mine, theirs, ("name", "colour", "description", "is_codable"))
                if mine.parent_id != parent:
                    differences += ("a different parent",)
                if differences:
                    self.conflict("code", theirs.guid, mine.name, differences)
            elif (parent, theirs.name) in by_place:
                mine = by_place[(parent, theirs.name)]
                self.report.count_matched("codes by path")
            else:
                mine = Code(
                    guid=theirs.guid, parent_id=parent, name=theirs.name, colour=theirs.colour,
                    description=theirs.description, is_codable=theirs.is_codable, position=children[parent],
                )
                children[parent] += 1
                self.session.add(mine)
                self.session.flush()
                by_place[(parent, mine.name)] = mine
                self.report.count_added("codes", mine.id)
            self.codes[theirs.id] = mine.id
            self.same_guid(theirs.guid, mine.guid)

    def merge_sources(self) -> None:
        ours = self.session.execute(select(Source)).scalars().all()
        by_guid = {s.guid: s for s in ours}
        by_hash: dict[str, Source] = {}
        for source in sorted(ours, key=lambda s: s.id):
            by_hash.setdefault(source.sha256, source)
        for theirs in self.other.execute(select(Source).order_by(Source.id)).scalars():
            if theirs.guid in by_guid:
                mine = by_guid[theirs.guid]
                if mine.sha256 != theirs.sha256:
                    self.blocked_sources.add(theirs.id)
                    self.conflict(
                        "source", theirs.guid, mine.name, ("a different text",),
                        "kept this project's text; the other file's codings of it were skipped",
                    )
                    continue
                differences = _differences(mine, theirs, ("name",))
                if differences:
                    self.conflict("source", theirs.guid, mine.name, differences)
            elif theirs.sha256 in by_hash:
                mine = by_hash[theirs.sha256]
                self.report.count_matched("sources by content hash")
            else:
                mine = self.copy_source(theirs)
                by_hash[mine.sha256] = mine
            self.sources[theirs.id] = mine.id
            self.same_guid(theirs.guid, mine.guid)

    def copy_source(self, theirs: Source) -> Source:
        text = self.other.scalar(select(SourceText.text).where(SourceText.source_id == theirs.id)) or ""
        name = unique_source_name(self.session, theirs.name)
        if name != theirs.name:
            self.report.skipped.append(f"source '{theirs.name}' was added as '{name}' (the name was taken)")
        mine = Source(
            guid=theirs.guid, name=name, kind=theirs.kind, imported_at=theirs.imported_at,
            imported_by_id=self.coders.get(theirs.imported_by_id) if theirs.imported_by_id else None,
            original_filename=theirs.original_filename, sha256=theirs.sha256, characters=theirs.characters,
            encoding=theirs.encoding,
        )
        self.session.add(mine)
        self.session.flush()
        self.session.add(SourceText(source_id=mine.id, text=text))
        turns = [
            {"source_id": mine.id, "start": t.start, "end": t.end, "speaker": t.speaker, "time_ms": t.time_ms}
            for t in self.other.execute(select(SpeakerTurn).where(SpeakerTurn.source_id == theirs.id)).scalars()
        ]
        if turns:
            self.session.execute(insert(SpeakerTurn), turns)
        recording = self.other.get(SourceMedia, theirs.id)
        if recording is not None:  # the link as the copy stored it: teammates share the folder's layout
            self.session.add(SourceMedia(source_id=mine.id, guid=recording.guid, path=recording.path,
                                         kind=recording.kind, duration_ms=recording.duration_ms,
                                         data=recording.data))
        self.session.flush()
        self.report.count_added("sources", mine.id)
        return mine

    def merge_cases(self) -> None:
        ours = self.session.execute(select(Case)).scalars().all()
        by_guid = {c.guid: c for c in ours}
        by_name = {c.name: c for c in ours}
        for theirs in self.other.execute(select(Case).order_by(Case.id)).scalars():
            if theirs.guid in by_guid:
                mine = by_guid[theirs.guid]
                differences = _differences(mine, theirs, ("name", "description"))
                if differences:
                    self.conflict("case", theirs.guid, mine.name, differences)
            elif theirs.name in by_name:
                mine = by_name[theirs.name]
                self.report.count_matched("cases by name")
            else:
                mine = Case(guid=theirs.guid, name=theirs.name, description=theirs.description)
                self.session.add(mine)
                self.session.flush()
                by_name[mine.name] = mine
                self.report.count_added("cases", mine.id)
            self.cases[theirs.id] = mine.id
            self.same_guid(theirs.guid, mine.guid)
        links = {tuple(row) for row in self.session.execute(select(case_sources.c.case_id, case_sources.c.source_id))}
        for case_id, source_id in self.other.execute(select(case_sources.c.case_id, case_sources.c.source_id)):
            link = (self.cases[case_id], self.sources.get(source_id))
            if link[1] is None or link in links:
                continue
            self.session.execute(insert(case_sources).values(case_id=link[0], source_id=link[1]))
            links.add(link)
            self.report.added_links.append(link)  # type: ignore[arg-type]
            self.report.count_added("case_links")

    def merge_attributes(self) -> None:
        ours = self.session.execute(select(Attribute)).scalars().all()
        by_guid = {a.guid: a for a in ours}
        by_key = {(a.name, a.applies_to): a for a in ours}
        for theirs in self.other.execute(select(Attribute).order_by(Attribute.id)).scalars():
            if theirs.guid in by_guid:
                mine = by_guid[theirs.guid]
                differences = _differences(mine, theirs, ("name", "value_type", "applies_to"))
                if differences:
                    self.conflict("attribute", theirs.guid, mine.name, differences)
            elif (theirs.name, theirs.applies_to) in by_key:
                mine = by_key[(theirs.name, theirs.applies_to)]
                self.report.count_matched("attributes by name")
            else:
                mine = Attribute(
                    guid=theirs.guid, name=theirs.name, value_type=theirs.value_type, applies_to=theirs.applies_to
                )
                self.session.add(mine)
                self.session.flush()
                by_key[(mine.name, mine.applies_to)] = mine
                self.report.count_added("attributes", mine.id)
            self.attributes[theirs.id] = mine.id
            self.same_guid(theirs.guid, mine.guid)
        values = {
            (v.attribute_id, v.case_id, v.source_id): v
            for v in self.session.execute(select(AttributeValue)).scalars()
        }
        names = {a.id: a.name for a in self.session.execute(select(Attribute)).scalars()}
        for theirs in self.other.execute(select(AttributeValue).order_by(AttributeValue.id)).scalars():
            case_id = self.cases.get(theirs.case_id) if theirs.case_id is not None else None
            source_id = self.sources.get(theirs.source_id) if theirs.source_id is not None else None
            if case_id is None and source_id is None:
                continue
            key = (self.attributes[theirs.attribute_id], case_id, source_id)
            mine = values.get(key)
            if mine is None:
                mine = AttributeValue(attribute_id=key[0], case_id=case_id, source_id=source_id, value=theirs.value)
                self.session.add(mine)
                self.session.flush()
                values[key] = mine
                self.report.count_added("attribute_values", mine.id)
            elif mine.value != theirs.value:
                owner = (
                    f"case '{self.session.get(Case, case_id).name}'" if case_id is not None  # type: ignore[union-attr]
                    else f"source '{self.session.get(Source, source_id).name}'"  # type: ignore[union-attr]
                )
                self.conflict(
                    "attribute value", "", f"{names[key[0]]} of {owner}",
                    (f"{mine.value!r} here, {theirs.value!r} there",),
                )

    def merge_codings(self) -> None:
        by_guid: dict[str, tuple[int, int, int, int, int]] = {
            guid: (source_id, code_id, start, end, coder_id)
            for guid, source_id, code_id, start, end, coder_id in self.session.connection().execute(
                select(Coding.guid, Coding.source_id, Coding.code_id, Coding.start, Coding.end, Coding.coder_id)
            )
        }
        keys = set(by_guid.values())
        lengths = dict(self.session.execute(select(Source.id, Source.characters)).all())
        rows: list[dict[str, object]] = []
        blocked = 0
        columns = (Coding.guid, Coding.source_id, Coding.code_id, Coding.start, Coding.end, Coding.coder_id,
                   Coding.created_at, Coding.memo, Coding.exemplar)
        for guid, source_id, code_id, start, end, coder_id, created_at, memo, exemplar in (
            self.other.connection().execute(select(*columns).order_by(Coding.id))
        ):
            if source_id in self.blocked_sources:
                blocked += 1
                continue
            if code_id not in self.codes:
                self.report.skipped.append(f"coding {guid} of a code outside the code tree")
                continue
            key = (self.sources[source_id], self.codes[code_id], start, end, self.coders[coder_id])
            if guid in by_guid:
                if by_guid[guid] != key:
                    self.conflict("coding", guid, f"[{start}, {end})", ("a different source, code, span or coder",))
                continue
            if key in keys:
                self.report.count_matched("codings by content")
                continue
            if end > lengths.get(key[0], 0):
                self.report.skipped.append(f"coding {guid} lies outside its source's text")
                continue
            keys.add(key)
            rows.append({
                "guid": guid, "source_id": key[0], "code_id": key[1], "start": start, "end": end,
                "coder_id": key[4], "created_at": created_at, "memo": memo, "exemplar": exemplar,
            })
        if blocked:
            self.report.skipped.append(f"{counted(blocked, 'coding')} of sources whose text differs here")
        if not rows:
            return
        # A plain executemany is several times faster than ORM inserts with RETURNING; the new
        # rows are those above the largest id before (this transaction holds the write lock).
        before = self.session.scalar(select(func.max(Coding.id))) or 0
        self.session.execute(Coding.__table__.insert(), rows)
        for row_id in self.session.execute(select(Coding.id).where(Coding.id > before).order_by(Coding.id)).scalars():
            self.report.count_added("codings", row_id)


def merge_into(session: Session, other: Session) -> MergeReport:
    """Add what is new in ``other`` (another project's session, only read) to ``session``."""
    return _Merger(session, other).run()
