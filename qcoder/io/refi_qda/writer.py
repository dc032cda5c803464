"""Building ``project.qde`` and a ``.qdc`` with lxml, every element in the order the XSDs fix.

The passages (``PlainTextSelection``, a hundred thousand in a big project) are written as XML
text instead of elements: each ``TextSource`` holds a placeholder comment that
:func:`splice_selections` replaces in the serialised document. Building them as lxml elements
cost most of an export; the exporter validates the spliced document as a whole.

Every memo is written twice (:mod:`qcoder.io.refi_qda.descriptions`): as a ``Note`` the element
refers to, and inside the element's ``Description``, which QualCoder and others read.

GUIDs are the project's own. The few elements qcoder has no row for (the ``Coding`` inside a
selection, the ``Note`` of a passage memo, the ``Link`` tying a case memo to its case) get GUIDs
derived from their row's GUID, so that exporting twice gives the same file.
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from decimal import Decimal, InvalidOperation

from lxml import etree

from qcoder import __version__
from qcoder.core.snapshots import CodeInfo
from qcoder.io.refi_qda.descriptions import described
from qcoder.io.refi_qda.positions import CrlfShift
from qcoder.io.refi_qda.recordings import sync_point, transcript_selection
from qcoder.io.refi_qda.report import ExportReport, counted
from qcoder.io.refi_qda.schemas import CODEBOOK_NAMESPACE, PROJECT_NAMESPACE
from qcoder.io.refi_qda.snapshot import MemoRow, ProjectData

ORIGIN = f"qcoder {__version__}"
PREVIEW_CHARACTERS = 40
_DERIVED = uuid.UUID("0b6a3d52-8f1e-4c57-9d0e-3f2a7c1b5e90")
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_VARIABLE_TYPES = {"text": "Text", "number": "Float", "boolean": "Boolean", "date": "Date"}



def derived_guid(guid: str, role: str) -> str:
    """A stable GUID for an element that belongs to the row with ``guid`` (never from a name)."""
    return str(uuid.uuid5(_DERIVED, f"{role}:{guid.lower()}"))


def coding_guid(selection_guid: str) -> str:
    """The GUID of the one ``Coding`` inside a selection: the selection's own GUID with its first
    group flipped. Stable, distinct, and cheap for 100,000 codings (importers key on the selection)."""
    head = int(selection_guid[:8], 16) ^ 0x5A5A5A5A
    return f"{head:08x}{selection_guid[8:]}"


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (form feeds from PDFs, NULs…)."""
    return _NOT_XML.sub("\ufffd", text)


_ATTRIBUTE_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
)
_NEEDS_ESCAPE = re.compile('[&<>"\n\r\t]')
_PLACEHOLDER = re.compile(rb"<!--qcoder-selections (\d+)-->")


_CONTENT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


def content(value: str) -> str:
    """``value`` escaped as the text of an XML element."""
    return xml_safe(value).translate(_CONTENT_ESCAPES)


def attribute(value: str) -> str:
    """``value`` escaped for a double-quoted XML attribute, line breaks kept as references."""
    if _NEEDS_ESCAPE.search(value) is None:  # GUIDs and dates, nearly always: no copy
        return value
    return value.translate(_ATTRIBUTE_ESCAPES)


def splice_selections(xml: bytes, selections: dict[int, str]) -> bytes:
    """``xml`` with each source's placeholder replaced by its selections' XML text."""
    return _PLACEHOLDER.sub(lambda found: selections[int(found.group(1))].encode("utf-8"), xml)


class _Tags:
    def __init__(self, namespace: str) -> None:
        self._ns = "{" + namespace + "}"

    def __getattr__(self, name: str) -> str:
        return self._ns + name


def _attributes(**values: str | None) -> dict[str, str]:
    return {key: value for key, value in values.items() if value is not None}


def build_codebook(codes: list[CodeInfo]) -> etree._Element:
    """A QDC ``CodeBook`` of the whole code tree (without ``Sets``: qcoder has none to write)."""
    t = _Tags(CODEBOOK_NAMESPACE)
    root = etree.Element(t.CodeBook, {"origin": ORIGIN}, nsmap={None: CODEBOOK_NAMESPACE})  # type: ignore[dict-item]  # lxml-stubs: None is the default namespace
    _add_codes(etree.SubElement(root, t.Codes), codes, t, {})
    return root


def _add_codes(
    container: etree._Element, codes: list[CodeInfo], t: _Tags, code_notes: dict[int, list[tuple[str, str]]]
) -> None:
    """The code tree; each code's definition and then its memos are its ``Description``."""
    elements: dict[int, etree._Element] = {}
    for code in codes:  # tree order: a parent always comes before its children
        parent = container if code.parent_id is None else elements[code.parent_id]
        element = etree.SubElement(
            parent, t.Code,
            {"guid": code.guid, "name": xml_safe(code.name), "isCodable": "true" if code.codable else "false",
             "color": code.colour},
        )
        notes = code_notes.get(code.id, [])
        description = described(code.description, (text for _guid, text in notes))
        if description:
            etree.SubElement(element, t.Description).text = xml_safe(description)
        for note_guid, _text in notes:
            etree.SubElement(element, t.NoteRef, {"targetGUID": note_guid})
        elements[code.id] = element


class ProjectWriter:
    """Turns :class:`ProjectData` into a ``Project`` element and the source files beside it."""

    def __init__(self, data: ProjectData, *, crlf: bool = False, embed_media: bool = False) -> None:
        self.data = data
        self.crlf = crlf
        self.embed_media = embed_media
        """Recordings go inside the archive (``internal://``) rather than as links to their files."""
        self.t = _Tags(PROJECT_NAMESPACE)
        self.report = ExportReport(file="")
        self._coder_guids = {cid: guid for cid, (guid, _) in data.coders.items()}
        self._code_guids = {code.id: code.guid for code in data.codes}
        self._notes: list[tuple[str, str, str | None, str | None]] = []
        """(guid, text, creating user guid, created at) of every Note to write."""
        self.selections: dict[int, str] = {}
        """Per source id, its selections as XML text for :func:`splice_selections`."""
        self._users_attr = {cid: attribute(guid) for cid, guid in self._coder_guids.items()}
        self._code_refs = {cid: f'<CodeRef targetGUID="{attribute(guid)}"/>' for cid, guid in self._code_guids.items()}
        self._moments: dict[str | None, str] = {}
        """A coding's creation time → its ``creationDateTime`` attribute, written out once."""

    # -- the whole project --------------------------------------------------------------

    def build(self, texts: dict[int, str]) -> etree._Element:
        """The ``Project`` element; ``texts`` are the (possibly CRLF) texts written as files."""
        t, data = self.t, self.data
        root = etree.Element(
            t.Project, {"name": xml_safe(data.name) or "qcoder project", "origin": ORIGIN},
            nsmap={None: PROJECT_NAMESPACE},  # type: ignore[dict-item]  # lxml-stubs: None is the default namespace
        )
        memos_by: dict[str, dict[int, list[MemoRow]]] = {"source": {}, "code": {}, "case": {}}
        project_memos: list[MemoRow] = []
        for memo in data.memos:
            for kind, target in (("source", memo.source_id), ("code", memo.code_id), ("case", memo.case_id)):
                if target is not None:
                    memos_by[kind].setdefault(target, []).append(memo)
                    break
            else:
                project_memos.append(memo)
        self._users(root)
        code_notes = {cid: [(self._note(m), m.text) for m in memos] for cid, memos in memos_by["code"].items()}
        if data.codes:
            _add_codes(etree.SubElement(etree.SubElement(root, t.CodeBook), t.Codes), data.codes, t, code_notes)
            self.report.written["codes"] = len(data.codes)
        self._variables(root)
        self._cases(root, memos_by["case"])
        self._sources(root, texts, memos_by["source"])
        case_links = [(case_id, self._note(m)) for case_id, memos in memos_by["case"].items() for m in memos]
        project_notes = [self._note(m) for m in project_memos]
        self._write_notes(root)
        self._links(root, case_links)
        for note_guid in project_notes:
            etree.SubElement(root, t.NoteRef, {"targetGUID": note_guid})
        self.report.written["memos"] = len(data.memos)
        return root

    def _users(self, root: etree._Element) -> None:
        if not self.data.coders:
            return
        users = etree.SubElement(root, self.t.Users)
        for guid, name in sorted(self.data.coders.values(), key=lambda pair: pair[1]):
            etree.SubElement(users, self.t.User, {"guid": guid, "name": xml_safe(name)})
        self.report.written["users"] = len(self.data.coders)

    def _variables(self, root: etree._Element) -> None:
        if not self.data.attributes:
            return
        variables = etree.SubElement(root, self.t.Variables)
        for guid, name, value_type, _applies in self.data.attributes.values():
            etree.SubElement(
                variables, self.t.Variable,
                {"guid": guid, "name": xml_safe(name), "typeOfVariable": _VARIABLE_TYPES.get(value_type, "Text")},
            )
        self.report.written["variables"] = len(self.data.attributes)

    def _values(self, parent: etree._Element, values: list[tuple[int, str]]) -> None:
        for attribute_id, value in values:
            guid, _name, value_type, _applies = self.data.attributes[attribute_id]
            element = etree.SubElement(parent, self.t.VariableValue)
            etree.SubElement(element, self.t.VariableRef, {"targetGUID": guid})
            tag, text = _typed_value(value_type, value)
            etree.SubElement(element, getattr(self.t, tag)).text = text

    def _cases(self, root: etree._Element, memos: dict[int, list[MemoRow]]) -> None:
        if not self.data.cases:
            return
        t = self.t
        cases = etree.SubElement(root, t.Cases)
        source_guids = {s.id: s.guid for s in self.data.sources}
        for case_id, guid, name, description in self.data.cases:
            case = etree.SubElement(cases, t.Case, {"guid": guid, "name": xml_safe(name)})
            text = described(description, (memo.text for memo in memos.get(case_id, [])))
            if text:
                etree.SubElement(case, t.Description).text = xml_safe(text)
            self._values(case, self.data.case_values.get(case_id, []))
            for source_id in self.data.case_sources.get(case_id, []):
                etree.SubElement(case, t.SourceRef, {"targetGUID": source_guids[source_id]})
        self.report.written["cases"] = len(self.data.cases)

    def _sources(self, root: etree._Element, texts: dict[int, str], memos: dict[int, list[MemoRow]]) -> None:
        if not self.data.sources:
            return
        t, coders = self.t, self._coder_guids
        sources = etree.SubElement(root, t.Sources)
        written = exemplars = 0
        for source in self.data.sources:
            text = texts[source.id]
            common = _attributes(
                creatingUser=coders.get(source.imported_by_id) if source.imported_by_id else None,
                creationDateTime=source.imported_at,
            )
            text_path = f"internal://{source.guid}.txt"
            recording = self.data.recordings.get(source.id)
            if recording is None:
                element = holder = etree.SubElement(
                    sources, t.TextSource,
                    {"guid": source.guid, "name": xml_safe(source.name), "plainTextPath": text_path, **common},
                )
            else:  # the recording, its transcript inside: see qcoder.io.refi_qda.recordings
                element = etree.SubElement(sources, getattr(t, recording.element), {
                    "guid": source.guid, "name": xml_safe(recording.file_name(source.name)),
                    "path": recording.path_attribute(self.embed_media), **common,
                })
                holder = etree.SubElement(element, t.Transcript, {
                    "guid": recording.guid, "name": xml_safe(f"{recording.file_name(source.name)}.txt"),
                    "plainTextPath": text_path,
                    **common,
                })
            description = described(None, (memo.text for memo in memos.get(source.id, [])))
            if description:  # before the Transcript: the recording element's first child
                etree.SubElement(element, t.Description).text = xml_safe(description)
            if self.data.codings.get(source.id) or recording is not None:
                holder.append(etree.Comment(f"qcoder-selections {source.id}"))
                self.selections[source.id], counts = self._selections(source.id, text, recording is not None)
                written += counts[0]
                exemplars += counts[1]
            for memo in memos.get(source.id, []):
                etree.SubElement(element, t.NoteRef, {"targetGUID": self._note(memo)})
            self._values(element, self.data.source_values.get(source.id, []))
        self.report.written["sources"] = len(self.data.sources)
        self.report.written["codings"] = written
        if self.data.recordings:
            self.report.written["recordings"] = len(self.data.recordings)
            missing = sum(1 for r in self.data.recordings.values() if not r.available)
            if missing:
                self.report.left_out.append(
                    f"{counted(missing, 'recordings')} not found where linked (written as links, without the file)"
                )
        if exemplars:
            self.report.left_out.append(f"the exemplar flag of {counted(exemplars, 'passages')} (REFI-QDA has none)")
        untimed = self.data.speaker_turns - sum(len(times) for times in self.data.turn_times.values())
        if untimed:
            self.report.left_out.append(
                f"{counted(untimed, 'speaker turns')} (REFI-QDA has no place for them; "
                "qcoder finds them again on import)"
            )

    def _selections(self, source_id: int, text: str, transcript: bool = False) -> tuple[str, tuple[int, int]]:
        """The source's selections as XML text, and (written, exemplars): ``PlainTextSelection``s,
        or for a transcript its ``SyncPoint``s (timed turns, then each passage's two ends) and
        ``TranscriptSelection``s."""
        coders = self._coder_guids
        shift = CrlfShift(self.data.texts[source_id]) if self.crlf else None
        move = shift if shift is not None else (lambda position: position)
        parts: list[str] = []
        points: list[str] = []
        if transcript:
            recording_guid = self.data.recordings[source_id].guid
            points = [sync_point(derived_guid(recording_guid, f"turn {start}"), move(start), time_ms)
                      for start, time_ms in self.data.turn_times.get(source_id, [])]
        written = exemplars = 0
        users, refs, moments = self._users_attr, self._code_refs, self._moments
        inner_guids = self.data.coding_guids
        safe = xml_safe(text)  # once for all the previews: the same length, character for character
        for coding in self.data.codings.get(source_id, []):
            start, end = move(coding.start), move(coding.end)
            user = users[coding.coder_id]
            created = moments.get(coding.created_at)
            if created is None:
                created = moments[coding.created_at] = (
                    f' creationDateTime="{attribute(coding.created_at)}"' if coding.created_at else "")
            name = attribute(safe[start:min(end, start + PREVIEW_CHARACTERS)])
            inner = inner_guids.get(coding.guid)
            if inner is None:  # not checked to be a GUID: escaped
                guid, inner = attribute(coding.guid), attribute(coding_guid(coding.guid))
            else:
                guid = coding.guid
            note = description = ""
            if coding.memo:
                note_guid = derived_guid(coding.guid, "memo")
                self._notes.append((note_guid, coding.memo, coders[coding.coder_id], coding.created_at))
                note = f'<NoteRef targetGUID="{note_guid}"/>'
                if coding.memo.strip():
                    description = f"<Description>{content(coding.memo.strip())}</Description>"
            rest = (f' creatingUser="{user}"{created}>{description}'
                    f'<Coding guid="{inner}" creatingUser="{user}"{created}>'
                    f'{refs[coding.code_id]}</Coding>{note}')
            if transcript:
                start_guid, end_guid = derived_guid(coding.guid, "from"), derived_guid(coding.guid, "to")
                points.append(sync_point(start_guid, start))
                points.append(sync_point(end_guid, end))
                parts.append(transcript_selection(guid, name, start_guid, end_guid, rest))
            else:
                parts.append(f'<PlainTextSelection guid="{guid}" name="{name}" startPosition="{start}" '
                             f'endPosition="{end}"{rest}</PlainTextSelection>')
            written += 1
            exemplars += coding.exemplar
        return "".join(points) + "".join(parts), (written, exemplars)

    def _note(self, memo: MemoRow) -> str:
        self._notes.append((memo.guid, memo.text, self._coder_guids.get(memo.coder_id), memo.created_at))
        return memo.guid

    def _write_notes(self, root: etree._Element) -> None:
        if not self._notes:
            return
        notes = etree.SubElement(root, self.t.Notes)
        for guid, text, user, created in self._notes:
            first_line = text.strip().split("\n", 1)[0][:PREVIEW_CHARACTERS]
            note = etree.SubElement(notes, self.t.Note, _attributes(
                guid=guid, name=xml_safe(first_line) or "memo", creatingUser=user, creationDateTime=created,
            ))
            etree.SubElement(note, self.t.PlainTextContent).text = xml_safe(text)
        self.report.written["notes"] = len(self._notes)

    def _links(self, root: etree._Element, case_links: list[tuple[int, str]]) -> None:
        if not case_links:
            return
        case_guids = {case_id: guid for case_id, guid, _, _ in self.data.cases}
        links = etree.SubElement(root, self.t.Links)
        for case_id, note_guid in case_links:
            etree.SubElement(links, self.t.Link, {
                "guid": derived_guid(note_guid, "case-memo-link"), "name": "memo", "direction": "OneWay",
                "originGUID": note_guid, "targetGUID": case_guids[case_id],
            })


def _typed_value(value_type: str, value: str) -> tuple[str, str]:
    """The ``VariableValue`` child for a stored value; anything that does not fit is text."""
    if value_type == "boolean" and value in ("true", "false"):
        return "BooleanValue", value
    if value_type == "number":
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            number = None
        if number is not None and number.is_finite():
            return "FloatValue", format(number, "f")
    if value_type == "date":
        try:
            return "DateValue", date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    return "TextValue", xml_safe(value)
