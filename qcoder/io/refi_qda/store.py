"""Writing a parsed REFI-QDA project into the project file, matching what is already there.

Matching is by GUID first (so importing the same file twice adds nothing); a code with the name
of an existing sibling, a case, coder or attribute with an existing name is matched by name and
reported as re-mapped. Codings, texts, turns, values and links go in as bulk inserts.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from datetime import date, datetime, timezone

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from qcoder.core.colours import palette_colour
from qcoder.core.models import (
    Attribute, AttributeValue, Case, Code, Coder, Source, SourceMedia, SourceText, SpeakerTurn, case_sources,
)
from qcoder.core.media_paths import stored_media_path
from qcoder.core.usecases.coders import ensure_coder
from qcoder.core.usecases.sources import text_sha256
from qcoder.io.refi_qda.descriptions import unfold_descriptions
from qcoder.io.refi_qda.model import RefiProject, RefiSelection, RefiSource, RefiValue
from qcoder.io.refi_qda.report import ImportReport
from qcoder.io.refi_qda.sloppy import parse_bool
from qcoder.io.refi_qda.texts import SourceText as ResolvedText
from qcoder.io.speakers import detect_turns

_TYPES = {"text": "text", "boolean": "boolean", "integer": "number", "float": "number", "date": "date", "datetime": "date"}
BULK_CACHE_KIB = 65536
_OWNER_NAMESPACE = uuid.UUID("6f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c")


class ProjectStore:
    """Stores one :class:`RefiProject` in ``session``; every choice it makes goes into ``report``."""

    def __init__(self, session: Session, report: ImportReport, *, coder_name: str,
                 project_file: Path | None = None, recording_files: dict[str, Path] | None = None) -> None:
        self.session = session
        self.project_file = project_file
        self.recording_files = {guid.lower(): path for guid, path in (recording_files or {}).items()}
        """source GUID → where its recording is now (extracted from the archive, or found on disk)"""
        self.report = report
        self.coder_name = coder_name
        self._default_coder_id: int | None = None
        self.now = datetime.now(timezone.utc)
        self.coders: dict[str, int] = {}
        self.codes: dict[str, int] = {}
        self.codable: dict[int, bool] = {}
        self.new_codes: set[int] = set()
        self.cases: dict[str, int] = {}
        self.attributes: dict[tuple[str, str], tuple[int, str]] = {}
        self.sources: dict[str, tuple[int, ResolvedText]] = {}
        self.links: set[tuple[int, int]] = set()
        self.used_notes: set[str] = set()
        self.annotations: list[tuple[int, int, int, RefiSelection, str]] = []
        self._unknown_users: set[str] = set()
        self._note_texts: dict[str, str] = {}

    def store(self, parsed: RefiProject, texts: dict[str, ResolvedText], notes: dict[str, str]) -> None:
        self._note_texts = {guid.lower(): text for guid, text in notes.items()}
        unfold_descriptions(parsed, self._note_texts)
        self._texts = texts
        if self.session.get_bind().dialect.name != "sqlite":
            self._store(parsed, notes)
            return
        # 100,000 GUIDs go into a unique index in random order: give SQLite pages to work in.
        dbapi = self.session.connection().connection.dbapi_connection
        previous = dbapi.execute("PRAGMA cache_size").fetchone()[0]  # type: ignore[union-attr]  # sqlite3's execute, not the DBAPI protocol's Optional one
        dbapi.execute(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")  # type: ignore[union-attr]  # sqlite3's execute, not the DBAPI protocol's Optional one
        try:
            self._store(parsed, notes)
        finally:
            dbapi.execute(f"PRAGMA cache_size={int(previous)}")  # type: ignore[union-attr]  # sqlite3's execute, not the DBAPI protocol's Optional one

    def _store(self, parsed: RefiProject, notes: dict[str, str]) -> None:
        self._coders(parsed)
        self._codes(parsed)
        self._attributes(parsed)
        self._cases(parsed)
        self._sources(parsed, self._texts)
        self._codings(parsed)
        self._case_links(parsed)
        self._values(parsed)
        self._memos(parsed, notes)

    # -- people, codes, variables, cases -------------------------------------------------

    @property
    def default_coder_id(self) -> int:
        """The importing coder, created only when something needs crediting to them (after the
        file's own users, so that a user of the same name keeps the file's GUID)."""
        if self._default_coder_id is None:
            self._default_coder_id = ensure_coder(self.session, self.coder_name)
        return self._default_coder_id

    def coder_for(self, guid: str | None) -> int:
        if guid is None:
            return self.default_coder_id
        found = self.coders.get(guid.lower())
        if found is None:
            if guid not in self._unknown_users:
                self._unknown_users.add(guid)
                self.report.remapped(f"user {guid} is not among the file's users; their work is credited to you")
            return self.default_coder_id
        return found

    def _coders(self, parsed: RefiProject) -> None:
        by_guid = {g.lower(): i for i, g in self.session.execute(select(Coder.id, Coder.guid))}
        by_name = {n: i for i, n in self.session.execute(select(Coder.id, Coder.name))}
        count = len(by_name)
        for user in parsed.users:
            key = user.guid.lower()
            name = user.name or f"user {user.guid[:8]}"
            if key in by_guid:
                self.coders[key] = by_guid[key]
                self.report.existing["coders"] += 1
            elif name in by_name:
                self.coders[key] = by_name[name]
                self.report.remapped(f"user '{name}' ({user.guid}) matched to the coder of that name")
            else:
                coder = Coder(guid=user.guid, name=name, colour=palette_colour(count))
                self.session.add(coder)
                self.session.flush()
                count += 1
                self.coders[key] = by_guid[key] = by_name[name] = coder.id
                self.report.added["coders"] += 1
                self.report.record("coders", [user.guid])

    def _codes(self, parsed: RefiProject) -> None:
        by_guid = {g.lower(): (i, c) for i, g, c in self.session.execute(select(Code.id, Code.guid, Code.is_codable))}
        by_place = {(p, n): i for i, p, n in self.session.execute(select(Code.id, Code.parent_id, Code.name))}
        positions = dict(self.session.execute(select(Code.parent_id, func.max(Code.position) + 1).group_by(Code.parent_id)).all())
        total = len(by_guid)
        for code in parsed.codes:
            key = code.guid.lower()
            parent_id = self.codes.get(code.parent_guid.lower()) if code.parent_guid else None
            name = code.name or "(unnamed code)"
            if not code.name:
                self.report.remapped(f"a code without a name ({code.guid}) was called '{name}'")
            if key in by_guid:
                self.codes[key], self.codable[by_guid[key][0]] = by_guid[key]
                self.report.existing["codes"] += 1
                continue
            if (parent_id, name) in by_place:
                self.codes[key] = by_place[(parent_id, name)]
                self.codable.setdefault(self.codes[key], True)
                self.report.remapped(f"code '{name}' ({code.guid}) matched to the existing code of that name there")
                continue
            position = positions.get(parent_id, 0)
            positions[parent_id] = position + 1
            row = Code(
                guid=code.guid, parent_id=parent_id, name=name, colour=code.colour or palette_colour(total),
                description=code.description, is_codable=code.codable, position=position,
            )
            self.session.add(row)
            self.session.flush()
            total += 1
            self.codes[key] = by_place[(parent_id, name)] = row.id
            self.codable[row.id] = code.codable
            self.new_codes.add(row.id)
            self.report.added["codes"] += 1
            self.report.record("codes", [code.guid])

    def _attributes(self, parsed: RefiProject) -> None:
        uses: dict[str, list[str]] = {}
        for owner, holders in (("case", parsed.cases), ("source", parsed.sources)):
            for holder in holders:
                for value in holder.values:
                    kinds = uses.setdefault(value.variable_guid.lower(), [])
                    if owner not in kinds:
                        kinds.append(owner)
        by_guid = {g.lower(): (i, t) for i, g, t in self.session.execute(select(Attribute.id, Attribute.guid, Attribute.value_type))}
        by_name = {(n, a): (i, t) for i, n, a, t in self.session.execute(
            select(Attribute.id, Attribute.name, Attribute.applies_to, Attribute.value_type))}
        for variable in parsed.variables:
            name = variable.name or f"Variable {variable.guid[:8]}"
            value_type = _TYPES.get(variable.type_name.strip().lower(), "text")
            for index, owner in enumerate(uses.get(variable.guid.lower(), ["case"])):
                guid = variable.guid if index == 0 else str(uuid.uuid5(_OWNER_NAMESPACE, f"{owner}:{variable.guid.lower()}"))
                if guid.lower() in by_guid:
                    found = by_guid[guid.lower()]
                    self.report.existing["attributes"] += 1
                elif (name, owner) in by_name:
                    found = by_name[(name, owner)]
                    self.report.remapped(f"variable '{name}' matched to the existing {owner} attribute of that name")
                else:
                    row = Attribute(guid=guid, name=name, value_type=value_type, applies_to=owner)
                    self.session.add(row)
                    self.session.flush()
                    found = by_guid[guid.lower()] = by_name[(name, owner)] = (row.id, value_type)
                    self.report.added["attributes"] += 1
                    self.report.record("attributes", [guid])
                self.attributes[(variable.guid.lower(), owner)] = found

    def _cases(self, parsed: RefiProject) -> None:
        by_guid = {g.lower(): i for i, g in self.session.execute(select(Case.id, Case.guid))}
        by_name = {n: i for i, n in self.session.execute(select(Case.id, Case.name))}
        for case in parsed.cases:
            key = case.guid.lower()
            name = case.name or f"Case {case.guid[:8]}"
            if key in by_guid:
                self.cases[key] = by_guid[key]
                self.report.existing["cases"] += 1
            elif name in by_name:
                self.cases[key] = by_name[name]
                self.report.remapped(f"case '{name}' ({case.guid}) matched to the existing case of that name")
            else:
                row = Case(guid=case.guid, name=name, description=case.description)
                self.session.add(row)
                self.session.flush()
                self.cases[key] = by_guid[key] = by_name[name] = row.id
                self.report.added["cases"] += 1
                self.report.record("cases", [case.guid])

    # -- sources and codings ----------------------------------------------------------------

    def _sources(self, parsed: RefiProject, texts: dict[str, ResolvedText]) -> None:
        existing = {g.lower(): (i, h) for i, g, h in self.session.execute(select(Source.id, Source.guid, Source.sha256))}
        taken = set(self.session.execute(select(Source.name)).scalars())
        new: list[tuple[Source, RefiSource, ResolvedText]] = []
        for source in parsed.sources:
            resolved = texts.get(source.guid)
            if resolved is None:
                continue
            key, digest = source.guid.lower(), text_sha256(resolved.text)
            label = source.name or source.guid
            if key in existing:
                source_id, stored = existing[key]
                if stored != digest:
                    self.report.dropped(f"source '{label}': the project has it with a different text; its codings were not imported")
                    continue
                self.sources[key] = (source_id, resolved)
                self.report.existing["sources"] += 1
                continue
            name = _unique(source.name or f"Source {source.guid[:8]}", taken)
            if source.name and name != source.name:
                self.report.remapped(f"source '{source.name}' was renamed '{name}' (the name was taken)")
            row = Source(
                guid=source.guid, name=name, kind="text", original_filename=self.report.file,
                imported_by_id=self.coder_for(source.user) if source.user else None, imported_at=source.created or self.now,
                sha256=digest, characters=len(resolved.text),
            )
            self.session.add(row)
            new.append((row, source, resolved))
            existing[key] = (0, digest)
        if not new:
            return
        self.session.flush()
        self.session.execute(insert(SourceText), [{"source_id": row.id, "text": r.text} for row, _, r in new])
        turns = [
            {"source_id": row.id, "start": t.start, "end": t.end, "speaker": t.speaker, "time_ms": t.time_ms}
            for row, _, resolved in new for t in detect_turns(resolved.text)
        ]
        self._recordings(new, turns)
        if turns:
            self.session.execute(insert(SpeakerTurn), turns)
        for row, source, resolved in new:
            self.sources[source.guid.lower()] = (row.id, resolved)
            if not resolved.text.strip():
                self.report.note(f"source '{row.name}' has no text")
        self.report.added["sources"] += len(new)
        self.report.record("sources", [row.guid for row, _, _ in new])
        self.report.added["speaker turns"] += len(turns)

    def _recordings(self, new: list[tuple[Source, RefiSource, ResolvedText]], turns: list[dict[str, object]]) -> None:
        """Link each new transcript to its recording (where it was found) and time its turns (the
        rows about to be inserted) by the transcript's timed sync points: a turn takes the time of
        a point within its first line."""
        links, timed = [], 0
        by_source: dict[int, list[dict[str, object]]] = {}
        for turn in turns:
            by_source.setdefault(turn["source_id"], []).append(turn)
        for row, source, resolved in new:
            recording = source.recording
            if recording is None:
                continue
            found = self.recording_files.get(source.guid.lower())
            if found is None:
                self.report.dropped(f"the recording of '{row.name}' ({recording.path or 'no path'}): not found")
            else:
                links.append({"source_id": row.id, "guid": recording.guid, "kind": recording.kind,
                              "path": stored_media_path(self.project_file, found), "duration_ms": None})
            for position, time_ms in recording.times:
                at = resolved.position(position)
                for turn in by_source.get(row.id, []):
                    line_end = resolved.text.find("\n", turn["start"])
                    if turn["start"] <= at <= (line_end if line_end >= 0 else turn["end"]) and turn["time_ms"] is None:  # type: ignore[operator]  # turn rows hold ints here
                        turn["time_ms"] = time_ms
                        timed += 1
                        break
        if links:
            self.session.execute(insert(SourceMedia), links)
            self.report.added["recordings"] += len(links)
        if timed:
            self.report.note(f"{timed} speaker turns timed by the transcripts' sync points")

    def _codings(self, parsed: RefiProject) -> None:
        from qcoder.io.refi_qda.coding_rows import CodingRows

        CodingRows(self).insert_all(parsed)

    # -- links, values, memos -------------------------------------------------------------

    def _case_links(self, parsed: RefiProject) -> None:
        selection_sources = {  # only when a case names selections: there may be 100,000 of them
            sel.guid.lower(): self.sources[src.guid.lower()][0]
            for src in parsed.sources if src.guid.lower() in self.sources for sel in src.selections
        } if any(case.selection_guids for case in parsed.cases) else {}
        for case in parsed.cases:
            case_id = self.cases[case.guid.lower()]
            for guid in case.source_guids:
                if guid.lower() in self.sources:
                    self.links.add((case_id, self.sources[guid.lower()][0]))
            for guid in case.selection_guids:
                if guid.lower() in selection_sources:
                    self.links.add((case_id, selection_sources[guid.lower()]))
                    self.report.remapped(f"case '{case.name}': a selection of it links its whole source to the case")
            if case.code_guids:
                self.report.dropped(f"case '{case.name}': {len(case.code_guids)} codes on the case as a whole")
        existing = set(self.session.execute(select(case_sources.c.case_id, case_sources.c.source_id)))
        new = sorted(self.links - existing)
        if new:
            self.session.execute(case_sources.insert(), [{"case_id": c, "source_id": s} for c, s in new])
        self.report.added["case links"] += len(new)
        self.report.added_links.extend(new)

    def _values(self, parsed: RefiProject) -> None:
        existing = set(self.session.execute(select(AttributeValue.attribute_id, AttributeValue.case_id, AttributeValue.source_id)))
        rows: list[dict[str, object]] = []
        owners = [("case", self.cases.get(c.guid.lower()), c.values) for c in parsed.cases]
        owners += [("source", self.sources[s.guid.lower()][0], s.values) for s in parsed.sources if s.guid.lower() in self.sources]
        for owner, owner_id, values in owners:
            for value in values:
                self._add_value(rows, existing, owner, owner_id, value)
        if rows:
            self.session.execute(insert(AttributeValue), rows)
        self.report.added["attribute values"] += len(rows)
        self.report.added_values.extend((r["attribute_id"], r["case_id"], r["source_id"]) for r in rows)  # type: ignore[misc]  # row values are typed object

    def _add_value(self, rows: list[dict[str, object]], existing: set[tuple[int, int | None, int | None]],
                   owner: str, owner_id: int | None, value: RefiValue) -> None:
        found = self.attributes.get((value.variable_guid.lower(), owner))
        if found is None or owner_id is None:
            self.report.dropped(f"a value of the unknown variable {value.variable_guid}")
            return
        attribute_id, value_type = found
        text = _typed(value, value_type)
        if text is None:
            self.report.dropped(f"value '{value.value}' does not fit its {value_type} variable")
            return
        key = (attribute_id, owner_id, None) if owner == "case" else (attribute_id, None, owner_id)
        if key in existing:
            self.report.existing["attribute values"] += 1
            return
        existing.add(key)
        rows.append({"attribute_id": attribute_id, "case_id": key[1], "source_id": key[2], "value": text})

    def _memos(self, parsed: RefiProject, notes: dict[str, str]) -> None:
        from qcoder.io.refi_qda.memos import MemoPlanner

        MemoPlanner(self, parsed, notes).insert_all()


def _unique(wanted: str, taken: set[str]) -> str:
    name, number = wanted, 2
    while name in taken:
        name = f"{wanted} ({number})"
        number += 1
    taken.add(name)
    return name


def _typed(value: RefiValue, value_type: str) -> str | None:
    text = value.value
    if not text:
        return None
    if value_type == "boolean":
        parsed = parse_bool(text, None)
        return None if parsed is None else ("true" if parsed else "false")
    if value_type == "number":
        try:
            float(text)
        except ValueError:
            return None
    if value_type == "date":  # qcoder keeps dates as YYYY-MM-DD; a DateTimeValue keeps its day
        try:
            return date.fromisoformat(text[:10]).isoformat()
        except ValueError:
            return None
    return text
