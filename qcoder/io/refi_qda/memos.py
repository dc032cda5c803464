"""Placing REFI-QDA notes as memos: on codes, sources, cases (through links), passages, the project.

A note referenced by a coded selection is that passage's memo (stored on the coding). A note on a
selection that carries no code (an annotation), or a note that holds its own passage (how
QualCoder writes annotations), becomes a memo on its source quoting the passage and giving its
position. A source's ``Description`` (QualCoder's source memo) becomes a memo on the source. A
note tied to nothing qcoder keeps becomes a project memo rather than being lost.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import TYPE_CHECKING

from qcoder.core.ingest.incoming import IncomingMemo
from qcoder.core.ingest.memo_ingest import MemoIngest
from qcoder.io.refi_qda.model import RefiNote, RefiProject, RefiSource

if TYPE_CHECKING:
    from qcoder.io.refi_qda.store import ProjectStore
    from qcoder.io.refi_qda.texts import SourceText as ResolvedText

QUOTE_CHARACTERS = 200
_DESCRIPTION = uuid.UUID("2f0c8a4e-6b1d-4e3a-9c57-1d2e3f4a5b6c")


class MemoPlanner:
    """Decides where each note goes; the engine's :class:`MemoIngest` (which a merge shares) finds
    each by GUID or inserts the new ones in one go."""

    def __init__(self, store: ProjectStore, parsed: RefiProject, notes: dict[str, str]) -> None:
        self.store = store
        self.parsed = parsed
        self.texts = {guid.lower(): text for guid, text in notes.items()}
        self.notes: dict[str, RefiNote] = {note.guid.lower(): note for note in parsed.notes}
        self.placed: set[str] = set(store.used_notes)
        self.memos = MemoIngest(store.ingest, store.matching.policy)

    def add(self, guid: str, *, source_id: int | None = None, code_id: int | None = None,
            case_id: int | None = None, suffix: str = "") -> None:
        key = guid.lower()
        if key in self.placed:
            return
        note = self.notes.get(key)
        if note is None:
            self.store.report.dropped(f"a reference to the note {guid}, which is not in the file")
            return
        self.placed.add(key)
        if self.memos.find(key) is not None:
            self.store.report.existing["memos"] += 1
            return
        self.memos.add(IncomingMemo(
            note.guid, self.texts.get(key, "") + suffix, self.store.coder_for(note.user),
            note.created or self.store.now, source_id, code_id, case_id,
        ))

    def insert_all(self) -> None:
        store, parsed = self.store, self.parsed
        for code in parsed.codes:
            for guid in code.notes:
                self.add(guid, code_id=store.codes[code.guid.lower()])
        for source in parsed.sources:
            found = store.sources.get(source.guid.lower())
            if found is None:
                continue
            for guid in source.notes:
                self.add(guid, source_id=found[0], suffix=self._passage(guid, found[1], source.name or source.guid))
            self._source_description(source, found[0])
        self._links()
        for source_id, start, end, selection, passage in store.annotations:
            quoted = _quoted(start, end, passage)
            if selection.description:  # its own comment: a memo with a GUID derived from the selection's
                guid = str(uuid.uuid5(_DESCRIPTION, f"selection:{selection.guid.lower()}"))
                self.notes[guid] = RefiNote(guid, None, None, selection.description, selection.user, selection.created)
                self.texts[guid] = selection.description
                self.add(guid, source_id=source_id, suffix=quoted)
            for guid in selection.notes:
                self.add(guid, source_id=source_id, suffix=quoted)
            store.report.remapped(
                f"an annotation without a code at [{start}, {end}) became a memo on its source, quoting the passage"
            )
        for guid in parsed.project_notes:
            self.add(guid)
        self._description()
        loose = [note for note in parsed.notes if note.guid.lower() not in self.placed]
        for note in loose:
            self.add(note.guid)
        if loose:
            store.report.remapped(f"{len(loose)} notes tied to nothing qcoder keeps became project memos")
        self.memos.add_all()
        store.report.added["memos"] += len(self.memos.new)

    def _passage(self, guid: str, resolved: ResolvedText, label: str) -> str:
        """For a note that names its passage: where it is and what it says, to end the memo with."""
        note = self.notes.get(guid.lower())
        if note is None or note.start is None or note.end is None:
            return ""
        length = len(resolved.text)
        start, end = sorted((resolved.position(note.start), resolved.position(note.end)))
        if not 0 <= start < end <= length:
            self.store.report.remapped(
                f"a note on '{label}' points at [{note.start}, {note.end}), outside the text: kept as a memo on the source"
            )
            return ""
        if guid.lower() not in self.placed:
            self.store.report.remapped(
                f"an annotation on '{label}' at [{start}, {end}) became a memo on its source, quoting the passage"
            )
        return _quoted(start, end, resolved.text[start:end])

    def _source_description(self, source: RefiSource, source_id: int) -> None:
        """A source's own ``Description`` (QualCoder's source memo) becomes a memo on it; its GUID
        is derived from the source's, so importing the same file again finds it."""
        text = (source.description or "").strip()
        if not text:
            return
        guid = str(uuid.uuid5(_DESCRIPTION, f"source:{source.guid.lower()}"))
        self.notes[guid] = RefiNote(guid, "Description", None, text, source.user, source.created)
        self.texts[guid] = text
        self.add(guid, source_id=source_id)

    def _description(self) -> None:
        """The project's own ``Description`` becomes a project memo (qcoder has no such field).

        Its GUID is derived from the text, so importing the same file again finds it."""
        text = (self.parsed.description or "").strip()
        if not text:
            return
        guid = str(uuid.uuid5(_DESCRIPTION, hashlib.sha256(text.encode("utf-8")).hexdigest()))
        self.notes[guid] = RefiNote(guid, "Project description", None, text, None, None)
        self.texts[guid] = f"Project description ({self.parsed.name or 'imported project'}): {text}"
        self.add(guid)
        self.store.report.remapped("the project's description became a project memo")

    def _links(self) -> None:
        store = self.store
        for origin, target in self.parsed.links:
            a, b = origin.lower(), target.lower()
            note, other = (a, b) if a in self.notes else (b, a) if b in self.notes else (None, None)
            if note is None or other is None:
                store.report.dropped(f"a link from {origin} to {target}"
                                     " (qcoder keeps links only between notes and cases, codes or sources)")
                continue
            if other in store.cases:
                self.add(note, case_id=store.cases[other])
            elif other in store.codes:
                self.add(note, code_id=store.codes[other])
            elif other in store.sources:
                self.add(note, source_id=store.sources[other][0])
            else:
                store.report.dropped(f"a link from the note {note} to {other}, which qcoder does not keep")


def _quoted(start: int, end: int, passage: str) -> str:
    quote = passage[:QUOTE_CHARACTERS] + ("…" if len(passage) > QUOTE_CHARACTERS else "")
    return f"\n\n(on the passage [{start}, {end}): “{quote}”)"
