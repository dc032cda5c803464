"""The codings of an import: each selection's position mapped to the stored text, its codes
resolved (a code pointing at a case links the source to that case); each found here by its GUID
or added in one bulk insert by the engine's :class:`~qcoder.core.ingest.coding_ingest.CodingIngest`,
which a merge shares.

A selection with one ``Coding`` gives the coding row the selection's GUID (that is how qcoder
exports); with several, each row takes its ``Coding``'s GUID.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qcoder.core.ingest.coding_ingest import CodingIngest
from qcoder.core.ingest.incoming import IncomingCoding
from qcoder.io.refi_qda.model import RefiCoding, RefiProject, RefiSelection
from qcoder.io.refi_qda.sloppy import clean_guid, replacement_guid
from qcoder.io.refi_qda.texts import SourceText as ResolvedText

if TYPE_CHECKING:
    from qcoder.io.refi_qda.store import ProjectStore


class CodingRows:
    def __init__(self, store: ProjectStore) -> None:
        self.store = store
        self.coding_guids: set[str] = set()

    def insert_all(self, parsed: RefiProject) -> None:
        codings = CodingIngest(self.store.ingest, self.store.matching.policy)
        for source in parsed.sources:
            found = self.store.sources.get(source.guid.lower())
            if found is None:
                continue
            source_id, resolved = found
            length = len(resolved.text)
            for selection in source.selections:
                span = self._span(selection, resolved, length, source.name or source.guid)
                if span is None:
                    continue
                if not selection.codings:
                    if selection.notes or selection.description:
                        self.store.annotations.append((source_id, *span, selection, resolved.text[span[0]:span[1]]))
                    else:
                        self.store.report.dropped(
                            f"a selection in '{source.name}' [{span[0]}, {span[1]}) has no codes and no notes",
                            "selection without codes or notes",
                        )
                    continue
                single = len(selection.codings) == 1
                for coding in selection.codings:
                    guid = selection.guid if single else self._coding_guid(coding.guid, selection.guid)
                    self._add_coding(codings, source_id, span, coding, guid, selection)
            for coding in source.whole_codings:
                if length:
                    guid = self._coding_guid(coding.guid, source.guid)
                    self._add_coding(codings, source_id, (0, length), coding, guid, None)
                    self.store.report.note(f"a code on the whole of '{source.name}' became a passage spanning its text")
        codings.add_all()
        self.store.report.added["codings"] += len(codings.new)

    def _coding_guid(self, raw: str, holder: str) -> str:
        """A ``Coding`` element's GUID, cleaned; malformed, missing or repeated ones get stable stand-ins."""
        guid = clean_guid(raw) or replacement_guid(f"coding:{raw}:{holder}")
        if guid.lower() in self.coding_guids:
            guid = replacement_guid(f"coding:{guid.lower()}:{holder}:{len(self.coding_guids)}")
        if guid != raw:
            self.store.report.remapped(f"a coding's GUID '{raw}' was missing, malformed or repeated; it became {guid}",
                                           "coding GUID missing, malformed or repeated, given a stand-in")
        self.coding_guids.add(guid.lower())
        return guid

    def _span(self, selection: RefiSelection, resolved: ResolvedText, length: int, label: str) -> tuple[int, int] | None:
        if selection.start is None or selection.end is None:
            self.store.report.dropped(f"a selection in '{label}' without start or end position", "selection without a position")
            return None
        start, end = resolved.position(selection.start), resolved.position(selection.end)
        if start > end:
            start, end = end, start
            self.store.report.remapped(
                f"a selection in '{label}' had its start after its end; swapped",
                "selection start after its end, swapped",
            )
        if end > length and start < length:
            self.store.report.remapped(
                f"a selection in '{label}' ran past the end of the text ({end} > {length}); cut at the end",
                "selection past the end of the text, cut",
            )
            end = length
        if start < 0 or start >= end or end > length:
            self.store.report.dropped(
                f"a selection in '{label}' at [{selection.start}, {selection.end}) lies outside the text or is empty",
                "selection outside the text or empty",
            )
            return None
        return start, end

    def _add_coding(
        self, codings: CodingIngest, source_id: int, span: tuple[int, int],
        coding: RefiCoding, guid: str, selection: RefiSelection | None,
    ) -> None:
        target = (coding.code_guid or "").lower()
        code_id = self.store.codes.get(target)
        if code_id is None:
            case_id = self.store.cases.get(target)
            if case_id is not None:
                self.store.links.add((case_id, source_id))
                self.store.report.remapped("a passage coded with a case: its source was linked to that case")
            else:
                self.store.report.dropped(
                    f"a coding ({coding.guid}) whose code {coding.code_guid or '(none)'} is not in the file",
                    "coding of a code not in the file",
                )
            return
        if not self.store.codable.get(code_id, True):
            if code_id not in self.store.new_codes:
                self.store.report.dropped(
                    f"a coding with the group code {coding.code_guid}, which takes no passages here",
                    "coding of a group code",
                )
                return
            self.store.ingest.make_codable(code_id)
            self.store.codable[code_id] = True
            self.store.report.remapped(f"code {coding.code_guid} was marked not codable but has passages; made codable")
        note_guids = (selection.notes if selection else []) + coding.notes
        self.store.used_notes.update(g.lower() for g in note_guids)
        if codings.find(guid) is not None:
            self.store.report.existing["codings"] += 1
            return
        codings.add(IncomingCoding(
            guid, source_id, code_id, span[0], span[1],
            self.store.coder_for(coding.user or (selection.user if selection else None)),
            coding.created or (selection.created if selection else None) or self.store.now,
            "\n\n".join(
                ([selection.description] if selection and selection.description else [])
                + [t for g in note_guids if (t := self.store._note_texts.get(g.lower()))]
            ) or None,
            False,
        ))
