"""A REFI-QDA import into a pseudonymised project is pseudonymised before anything is stored.

The project's kept pseudonym table is applied to what the file brings, as a value: every source
text (its selections, annotations and sync points mapped through the replacements by the rules of
:mod:`qcoder.core.reanchoring`, so each coding stays on its words and speaker turns, found in the
text, carry the pseudonyms), and every name, description, note and attribute value. The store then
takes the result like any file, so no real name reaches the project, no edit history naming them
is written, and importing the same file again still finds everything already there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from qcoder.core.reanchoring import SpanFate, TextEdit, map_position, map_span
from qcoder.core.usecases.queries.pseudonymise import PseudonymEntry, pseudonymise_value
from qcoder.io.refi_qda.model import RefiCase, RefiCode, RefiNote, RefiSelection, RefiSource, RefiValue
from qcoder.io.refi_qda.reading import RefiRead
from qcoder.io.refi_qda.report import ImportReport
from qcoder.io.refi_qda.texts import SourceText


def pseudonymised_read(read: RefiRead, entries: Sequence[PseudonymEntry], report: ImportReport) -> RefiRead:
    """``read`` with the table applied everywhere (``read`` itself when the table is empty)."""
    if not entries:
        return read
    return _Pseudonymiser(read, entries, report).read()


class _Pseudonymiser:
    def __init__(self, read: RefiRead, entries: Sequence[PseudonymEntry], report: ImportReport) -> None:
        self.original, self.entries, self.report = read, entries, report
        self.replaced = 0

    def value(self, text: str) -> str:
        new, edits = pseudonymise_value(text, self.entries)
        self.replaced += len(edits)
        return new

    def optional(self, text: str | None) -> str | None:
        return None if text is None else self.value(text)

    def read(self) -> RefiRead:
        read, project = self.original, self.original.project
        texts: dict[str, SourceText] = {}
        sources = []
        notes_by_key = {note.guid.lower(): note for note in project.notes}
        placed: dict[str, RefiNote] = {}
        for source in project.sources:
            resolved = read.texts.get(source.guid)
            if resolved is None:
                sources.append(self._source(source, [], None))
                continue
            new_text, edits = pseudonymise_value(resolved.text, self.entries)
            self.replaced += len(edits)
            texts[source.guid] = SourceText(new_text, lambda position: position, resolved.convention)
            label = source.name or source.guid
            for guid in source.notes:  # a note's passage is in the coordinates of the source it is on
                note = notes_by_key.get(guid.lower())
                if note is not None and note.guid.lower() not in placed:
                    start, end = self._span(note.start, note.end, resolved, edits, f"a note on '{label}'")
                    placed[note.guid.lower()] = replace(note, start=start, end=end)
            sources.append(self._source(source, edits, resolved))
        texts.update({guid: text for guid, text in read.texts.items() if guid not in texts})
        notes = [replace(placed.get(note.guid.lower(), note), name=self.optional(note.name),
                         text_content=self.optional(note.text_content)) for note in project.notes]
        new_project = replace(
            project, sources=sources, notes=notes, description=self.optional(project.description),
            codes=[self._code(code) for code in project.codes], cases=[self._case(case) for case in project.cases],
        )
        note_texts = {guid: self.value(text) for guid, text in read.notes.items()}
        if self.replaced:
            self.report.note(f"pseudonymised with the project's table ({self.replaced} replaced)")
        return replace(read, project=new_project, texts=texts, notes=note_texts)

    def _source(self, source: RefiSource, edits: list[TextEdit], resolved: SourceText | None) -> RefiSource:
        label = source.name or source.guid
        selections = source.selections
        recording = source.recording
        if resolved is not None:
            kept = (self._selection(s, resolved, edits, label) for s in source.selections)
            selections = [selection for selection in kept if selection is not None]
            if recording is not None:
                recording = replace(recording, times=tuple(
                    (_point(resolved.position(position), edits), ms) for position, ms in recording.times))
        return replace(source, name=self.optional(source.name), description=self.optional(source.description),
                       selections=selections, recording=recording, values=[self._value(v) for v in source.values])

    def _selection(self, selection: RefiSelection, resolved: SourceText, edits: list[TextEdit],
                   label: str) -> RefiSelection | None:
        """None for a passage whose words all lay inside a replaced name (reported)."""
        start, end = self._span(selection.start, selection.end, resolved, edits, f"a selection in '{label}'")
        if start is None and selection.start is not None and selection.end is not None:
            return None
        return replace(selection, start=start, end=end, name=self.optional(selection.name),
                       description=self.optional(selection.description))

    def _span(self, start: int | None, end: int | None, resolved: SourceText, edits: list[TextEdit],
              what: str) -> tuple[int | None, int | None]:
        """A span given in the file's positions, in the pseudonymised text's. A span that is not a
        span of the text is only moved point by point, so the store reports it as it would have."""
        if start is None or end is None:
            return start, end
        a, b = resolved.position(start), resolved.position(end)
        if not 0 <= a < b <= len(resolved.text):
            return _point(a, edits), _point(b, edits)
        for edit in edits:
            mapped = map_span(a, b, edit)
            if mapped.fate is SpanFate.REMOVED or mapped.start is None or mapped.end is None:
                self.report.dropped(f"{what} at [{start}, {end}) lay inside a name the pseudonym table replaces",
                                    "passage inside a pseudonymised name")
                return None, None
            a, b = mapped.start, mapped.end
        return a, b

    def _code(self, code: RefiCode) -> RefiCode:
        return replace(code, name=self.value(code.name), description=self.value(code.description))

    def _case(self, case: RefiCase) -> RefiCase:
        return replace(case, name=self.optional(case.name), description=self.value(case.description),
                       values=[self._value(v) for v in case.values])

    def _value(self, value: RefiValue) -> RefiValue:
        return replace(value, value=self.value(value.value))


def _point(position: int, edits: list[TextEdit]) -> int:
    for edit in edits:
        position = map_position(position, edit)
    return position
