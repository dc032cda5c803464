"""Writing a parsed REFI-QDA project into the project file, matching what is already there.

Matching is by GUID first (so importing the same file twice adds nothing); a code with the name
of an existing sibling, a case, coder or attribute with an existing name is matched by name and
reported as re-mapped. Users, codes, variables, cases and sources are matched or added by the
core loop a merge shares (:mod:`qcoder.core.ingest.project_ingest`, fed by :mod:`.incoming`); this
module words its outcomes. Codings, texts, turns, values and links go in as bulk inserts.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from qcoder.core.ingest.engine import Ingest
from qcoder.core.ingest.here import CodeHere
from qcoder.core.ingest.incoming import IncomingRecording, IncomingSource, IncomingTurn, IncomingValue
from qcoder.core.ingest.project_ingest import Ingested, IngestPolicy, Outcome, ProjectIngest, Row
from qcoder.core.ingest.project_value import IncomingText
from qcoder.core.media_paths import stored_media_path
from qcoder.core.usecases.queries.sources import text_sha256
from qcoder.io.refi_qda.descriptions import unfold_descriptions
from qcoder.io.refi_qda.incoming import VariableUse, incoming_project
from qcoder.io.refi_qda.model import RefiProject, RefiSelection, RefiSource, RefiValue
from qcoder.io.refi_qda.reading import RefiRead
from qcoder.io.refi_qda.report import ImportReport
from qcoder.io.refi_qda.sloppy import parse_bool
from qcoder.io.refi_qda.texts import SourceText as ResolvedText
from qcoder.io.speakers import detect_turns


class ProjectStore:
    """Stores one :class:`~.reading.RefiRead` through the ingest engine (matching by GUID, then by
    name, within the engine's transaction); every choice it makes goes into ``report``."""

    def __init__(self, ingest: Ingest, report: ImportReport, *, coder_name: str,
                 project_file: Path | None = None) -> None:
        self.ingest = ingest
        self.matching = ProjectIngest(ingest, IngestPolicy(fold_guid_case=True))
        """The core match-or-add loop a merge shares (REFI-QDA writes GUIDs in either case)."""
        self.project_file = project_file
        self.recording_files: dict[str, Path] = {}
        """source GUID → where its recording is now (extracted from the archive, or found on disk)"""
        self.report = report
        self.coder_name = coder_name
        self._default_coder_id: int | None = None
        self.now = datetime.now(UTC)
        self.coders: dict[str, int] = {}
        self.codes: dict[str, int] = {}
        self.codable: dict[int, bool] = {}
        self.new_codes: set[int] = set()
        self.cases: dict[str, int] = {}
        self.attributes: dict[VariableUse, tuple[int, str]] = {}
        self.sources: dict[str, tuple[int, ResolvedText]] = {}
        self.links: set[tuple[int, int]] = set()
        self.used_notes: set[str] = set()
        self.annotations: list[tuple[int, int, int, RefiSelection, str]] = []
        self._unknown_users: set[str] = set()
        self._note_texts: dict[str, str] = {}

    def store(self, read: RefiRead) -> None:
        parsed, notes = read.project, read.notes
        self.recording_files = {guid.lower(): path for guid, path in read.recordings.items()}
        self._note_texts = {guid.lower(): text for guid, text in notes.items()}
        unfold_descriptions(parsed, self._note_texts)
        self._texts = read.texts
        self._store(parsed, notes)
        self.report.added_rows = self.ingest.added()

    def _store(self, parsed: RefiProject, notes: dict[str, str]) -> None:
        self._match_or_add(parsed)
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
            self._default_coder_id = self.ingest.importing_coder(self.coder_name)
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

    def _match_or_add(self, parsed: RefiProject) -> None:
        """Users, codes, variables and cases through the core engine; its outcomes worded here."""
        incoming, uses = incoming_project(parsed)
        outcomes = self.matching.ingest_project(incoming)
        for user, coder, done in zip(parsed.users, incoming.coders, outcomes.coders, strict=True):
            self.coders[user.guid.lower()] = self._counted("coders", done).id
            if done.outcome is Outcome.MATCHED_BY_KEY:
                self.report.remapped(f"user '{coder.name}' ({user.guid}) matched to the coder of that name")
        for refi_code, code, matched in zip(parsed.codes, incoming.codes, outcomes.codes, strict=True):
            self._code(refi_code.guid, refi_code.name, code.name, matched)
        for variable, variable_item, found in zip(uses, incoming.attributes, outcomes.attributes, strict=True):
            attribute = self._counted("attributes", found)
            if found.outcome is Outcome.MATCHED_BY_KEY:
                self.report.remapped(f"variable '{variable_item.name}' matched to the existing {variable.owner}"
                                     " attribute of that name")
            self.attributes[variable] = (attribute.id, attribute.value_type)
        for refi_case, case, done_case in zip(parsed.cases, incoming.cases, outcomes.cases, strict=True):
            self.cases[refi_case.guid.lower()] = self._counted("cases", done_case).id
            if done_case.outcome is Outcome.MATCHED_BY_KEY:
                self.report.remapped(f"case '{case.name}' ({refi_case.guid}) matched to the existing case of that name")

    def _counted(self, kind: str, done: Ingested[Row]) -> Row:
        """The row here; counted as added, or as existing when found by GUID."""
        if done.outcome is Outcome.ADDED:
            self.report.added[kind] += 1
        elif done.outcome is Outcome.MATCHED_BY_GUID:
            self.report.existing[kind] += 1
        if done.here is None:  # an import's policy refuses nothing
            raise AssertionError(f"one of the file's {kind} was dropped")
        return done.here

    def _code(self, guid: str, name_in_file: str, name: str, done: Ingested[CodeHere]) -> None:
        if not name_in_file:
            self.report.remapped(f"a code without a name ({guid}) was called '{name}'")
        code = self._counted("codes", done)
        self.codes[guid.lower()] = code.id
        if done.outcome is Outcome.MATCHED_BY_KEY:
            self.codable.setdefault(code.id, True)
            self.report.remapped(f"code '{name}' ({guid}) matched to the existing code of that name there")
        else:  # its kind here (a code added now: as the file says)
            self.codable[code.id] = code.is_codable
            if done.outcome is Outcome.ADDED:
                self.new_codes.add(code.id)

    # -- sources and codings ----------------------------------------------------------------

    def _sources(self, parsed: RefiProject, texts: dict[str, ResolvedText]) -> None:
        """By GUID only (the core loop); a source here with a different text is dropped."""
        with_text = [(source, resolved) for source in parsed.sources if (resolved := texts.get(source.guid)) is not None]
        digests = [text_sha256(resolved.text) for _, resolved in with_text]
        batch = self.matching.sources([
            IncomingText(source.guid, source.name or f"Source {source.guid[:8]}", digest)
            for (source, _), digest in zip(with_text, digests, strict=True)
        ])
        new: list[tuple[IncomingSource, RefiSource, ResolvedText]] = []
        for (source, resolved), digest, done in zip(with_text, digests, batch.outcomes, strict=True):
            if done.outcome is Outcome.MATCHED_BY_GUID:
                if not done.same_text:
                    self.report.dropped(f"source '{source.name or source.guid}': the project has it with a different"
                                        " text; its codings were not imported")
                    continue
                self.sources[source.guid.lower()] = (done.source_id or 0, resolved)
                self.report.existing["sources"] += 1
                continue
            if source.name and done.renamed:
                self.report.remapped(f"source '{source.name}' was renamed '{done.name}' (the name was taken)")
            row = IncomingSource(
                guid=source.guid, name=done.name, text=resolved.text, sha256=digest, kind="text",
                original_filename=self.report.file, imported_at=source.created or self.now,
                imported_by_id=self.coder_for(source.user) if source.user else None,
            )
            new.append((row, source, resolved))
        if not new:
            return
        timed = [self._with_recording(row, source, resolved) for row, source, resolved in new]
        ids = batch.add([row for row, _ in timed])
        turns = sum(len(row.turns) for row, _ in timed)
        links = sum(row.recording is not None for row, _ in timed)
        if links:
            self.report.added["recordings"] += links
        if (count := sum(n for _, n in timed)):
            self.report.note(f"{count} speaker turns timed by the transcripts' sync points")
        for source_id, (row, source, resolved) in zip(ids, new, strict=True):
            self.sources[source.guid.lower()] = (source_id, resolved)
            if not resolved.text.strip():
                self.report.note(f"source '{row.name}' has no text")
        self.report.added["sources"] += len(new)
        self.report.added["speaker turns"] += turns

    def _with_recording(self, row: IncomingSource, source: RefiSource,
                        resolved: ResolvedText) -> tuple[IncomingSource, int]:
        """The new transcript with its speaker turns, linked to its recording (where it was found),
        its turns timed by the transcript's timed sync points: a turn takes the time of a point
        within its first line. Also how many turns were timed."""
        turns = [IncomingTurn(t.start, t.end, t.speaker, t.time_ms) for t in detect_turns(resolved.text)]
        recording, link, timed = source.recording, None, 0
        if recording is not None:
            found = self.recording_files.get(source.guid.lower())
            if found is None:
                self.report.dropped(f"the recording of '{row.name}' ({recording.path or 'no path'}): not found")
            else:
                link = IncomingRecording(recording.guid, stored_media_path(self.project_file, found), recording.kind)
            for position, time_ms in recording.times:
                at = resolved.position(position)
                for index, turn in enumerate(turns):
                    line_end = resolved.text.find("\n", turn.start)
                    if turn.start <= at <= (line_end if line_end >= 0 else turn.end) and turn.time_ms is None:
                        turns[index] = turn._replace(time_ms=time_ms)
                        timed += 1
                        break
        incoming = replace(row, turns=tuple(turns), recording=link)
        return incoming, timed

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
        new = self.matching.links(sorted(self.links))
        self.report.added["case links"] += len(new)

    def _values(self, parsed: RefiProject) -> None:
        rows: list[IncomingValue] = []
        owners = [("case", self.cases.get(c.guid.lower()), c.values) for c in parsed.cases]
        owners += [("source", self.sources[s.guid.lower()][0], s.values) for s in parsed.sources if s.guid.lower() in self.sources]
        for owner, owner_id, values in owners:
            for value in values:
                row = self._value(owner, owner_id, value)
                if row is not None:
                    rows.append(row)
        outcomes = self.matching.values(rows)
        added = sum(done.outcome is Outcome.ADDED for done in outcomes)
        if len(outcomes) > added:
            self.report.existing["attribute values"] += len(outcomes) - added
        self.report.added["attribute values"] += added

    def _value(self, owner: str, owner_id: int | None, value: RefiValue) -> IncomingValue | None:
        """The value as the engine takes it; None (and a remark) if its variable is unknown or it
        does not fit its type."""
        found = self.attributes.get(VariableUse(value.variable_guid.lower(), owner))
        if found is None or owner_id is None:
            self.report.dropped(f"a value of the unknown variable {value.variable_guid}")
            return None
        attribute_id, value_type = found
        text = _typed(value, value_type)
        if text is None:
            self.report.dropped(f"value '{value.value}' does not fit its {value_type} variable")
            return None
        return IncomingValue(attribute_id, owner_id if owner == "case" else None,
                             owner_id if owner == "source" else None, text)

    def _memos(self, parsed: RefiProject, notes: dict[str, str]) -> None:
        from qcoder.io.refi_qda.memos import MemoPlanner

        MemoPlanner(self, parsed, notes).insert_all()


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
