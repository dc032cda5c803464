"""Reading ``project.qde`` and ``.qdc`` XML into :class:`RefiProject`, whatever the namespace.

Lenient by design: missing or malformed attributes are repaired where the meaning is clear and
reported; elements qcoder cannot represent are counted and reported as dropped.
"""

from __future__ import annotations

from lxml import etree

from qcoder.io.refi_qda.model import (
    RefiCase,
    RefiCode,
    RefiCoding,
    RefiNote,
    RefiProject,
    RefiRecording,
    RefiSelection,
    RefiSource,
    RefiUser,
    RefiValue,
    RefiVariable,
)
from qcoder.io.refi_qda.recordings import source_name
from qcoder.io.refi_qda.report import ImportReport
from qcoder.io.refi_qda.sloppy import clean_guid, parse_bool, parse_colour, parse_datetime, parse_int, replacement_guid
from qcoder.io.refi_qda.xml_safety import child, child_text, children, local, namespace

_VALUE_KINDS = ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue")
_RECORDINGS = {"AudioSource": "audio", "VideoSource": "video"}
_REMEMBERED_REFS = 4096
"""Distinct references cleaned once and remembered (codes, users; not every note's own GUID)."""


class ProjectReader:
    """One pass over a ``Project`` (or ``CodeBook``) element; remarks go into ``report``."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        self._seen: dict[str, set[str]] = {}
        self._ordinals: dict[str, int] = {}
        self._refs: dict[str, str | None] = {}
        self.streamed: dict[etree._Element, list[RefiSelection]] | None = None
        """The passages read while the XML streamed in (:mod:`.xml_stream`), by their text element."""

    # -- GUIDs ----------------------------------------------------------------------------

    def guid(self, element: etree._Element, kind: str) -> str:
        """The element's GUID, cleaned; a malformed, missing or repeated one gets a stand-in.

        A stand-in is derived from the element's place among the file's elements of its kind
        (the 3rd selection, the 12th code), so it is unique per element — several selections
        written on one XML line stay several — and importing the same file again matches.
        """
        ordinal = self._ordinals.get(kind, 0)
        self._ordinals[kind] = ordinal + 1
        raw = element.get("guid")
        cleaned = clean_guid(raw)
        if cleaned is None:
            cleaned = replacement_guid(f"{kind}:{raw or ''}:{element.get('name', '')}:#{ordinal}")
            self.report.remapped(f"{kind} '{element.get('name', raw or '?')}' had no valid GUID ('{raw or ''}'); gave it {cleaned}",
                                 f"{kind} without a valid GUID, given a stand-in")
        seen = self._seen.setdefault(kind, set())
        key = cleaned.lower()
        if key in seen:
            duplicate = replacement_guid(f"{kind}:{key}:#{ordinal}")
            self.report.remapped(f"{kind} GUID {cleaned} occurs twice in the file; the second one became {duplicate}",
                                 f"{kind} GUID repeated, given a stand-in")
            cleaned, key = duplicate, duplicate.lower()
        seen.add(key)
        return cleaned

    def ref(self, element: etree._Element, attribute: str = "targetGUID") -> str | None:
        """A reference to another element, cleaned. The same few codes and users are named by
        every passage: each spelling is cleaned once, and all share one string."""
        raw = element.get(attribute)
        if raw is None:
            return None
        if raw in self._refs:
            return self._refs[raw]
        found = clean_guid(raw) or (replacement_guid(raw) if raw else None)
        if len(self._refs) < _REMEMBERED_REFS:
            self._refs[raw] = found
        return found

    def refs(self, element: etree._Element, name: str) -> list[str]:
        return [guid for ref in children(element, name) if (guid := self.ref(ref)) is not None]

    # -- the project ----------------------------------------------------------------------

    def read_project(self, root: etree._Element) -> RefiProject:
        project = RefiProject(
            name=root.get("name", ""), origin=root.get("origin"), namespace=namespace(root),
        )
        if local(root) == "CodeBook":
            project.codes = self.read_codes(root)
            self._count_dropped(root, "Sets", "code sets (qcoder has no sets yet)")
            return project
        if local(root) != "Project":
            from qcoder.io.refi_qda.errors import RefiQdaError

            raise RefiQdaError(f"the XML's root is <{local(root)}>, not a REFI-QDA <Project> or <CodeBook>")
        users = child(root, "Users")
        if users is not None:
            project.users = [
                RefiUser(self.guid(u, "user"), (u.get("name") or u.get("id") or "").strip())
                for u in children(users, "User")
            ]
        codebook = child(root, "CodeBook")
        if codebook is not None:
            project.codes = self.read_codes(codebook)
        variables = child(root, "Variables")
        if variables is not None:
            project.variables = [
                RefiVariable(self.guid(v, "variable"), (v.get("name") or "").strip(), v.get("typeOfVariable") or "Text")
                for v in children(variables, "Variable")
            ]
            described = [v.get("name") or "?" for v in children(variables, "Variable") if (child_text(v, "Description") or "").strip()]
            if described:
                self.report.dropped(f"the descriptions of variables (qcoder's attributes have none): {', '.join(described)}")
        cases = child(root, "Cases")
        if cases is not None:
            project.cases = [self._case(c) for c in children(cases, "Case")]
        sources = child(root, "Sources")
        if sources is not None:
            self._sources(sources, project)
        notes = child(root, "Notes")
        if notes is not None:
            project.notes = [self._note(n) for n in children(notes, "Note")]
        links = child(root, "Links")
        if links is not None:
            for link in children(links, "Link"):
                origin, target = self.ref(link, "originGUID"), self.ref(link, "targetGUID")
                if origin and target:
                    project.links.append((origin, target))
        self._count_dropped(root, "Sets", "sets (qcoder has no sets yet)")
        self._count_dropped(root, "Graphs", "graphs (qcoder draws its own)")
        project.description = child_text(root, "Description")
        project.project_notes = self.refs(root, "NoteRef")
        return project

    def _count_dropped(self, root: etree._Element, container: str, what: str) -> None:
        found = child(root, container)
        if found is not None and len(found):
            self.report.dropped(f"{what}: {len(found)}")

    def read_codes(self, codebook: etree._Element) -> list[RefiCode]:
        codes: list[RefiCode] = []
        container = child(codebook, "Codes")

        def visit(parent: etree._Element | None, parent_guid: str | None) -> None:
            if parent is None:
                return
            for element in children(parent, "Code"):
                colour_text = element.get("color") or element.get("colour")
                colour = parse_colour(colour_text)
                name = (element.get("name") or "").strip()
                if colour_text and colour is None:
                    self.report.remapped(f"code '{name}': colour '{colour_text}' is not a colour; a palette colour is used")
                elif colour and colour_text and colour_text.strip().upper() != colour:
                    self.report.note(f"code '{name}': colour '{colour_text}' read as {colour}")
                code = RefiCode(
                    guid=self.guid(element, "code"), name=name,
                    codable=parse_bool(element.get("isCodable"), True), colour=colour,
                    description=child_text(element, "Description") or "", parent_guid=parent_guid,
                    notes=self.refs(element, "NoteRef"),
                )
                codes.append(code)
                visit(element, code.guid)

        visit(container, None)
        return codes

    def _values(self, element: etree._Element) -> list[RefiValue]:
        values = []
        for holder in children(element, "VariableValue"):
            ref = child(holder, "VariableRef")
            target = self.ref(ref) if ref is not None else None
            value_element = next((c for c in holder if local(c) in _VALUE_KINDS), None)
            if target is None or value_element is None:
                self.report.dropped("a variable value without a variable or a value")
                continue
            text = "".join(value_element.itertext())  # type: ignore[arg-type]  # lxml-stubs: parsed text is str
            values.append(RefiValue(target, text.strip(), local(value_element)))
        return values

    def _case(self, element: etree._Element) -> RefiCase:
        return RefiCase(
            guid=self.guid(element, "case"), name=(element.get("name") or "").strip() or None,
            description=child_text(element, "Description") or "", values=self._values(element),
            source_guids=self.refs(element, "SourceRef"), selection_guids=self.refs(element, "SelectionRef"),
            code_guids=self.refs(element, "CodeRef"),
        )

    def _coding(self, element: etree._Element) -> RefiCoding:
        code_guid, notes = None, []
        for item in element:  # one pass over the children: this runs once per coding
            tag = item.tag
            name = tag[tag.rfind("}") + 1:] if type(tag) is str else ""  # local(item), inlined
            if name == "CodeRef" and code_guid is None:
                code_guid = self.ref(item)
            elif name == "NoteRef" and (guid := self.ref(item)) is not None:
                notes.append(guid)
        return RefiCoding(
            guid=element.get("guid") or "", code_guid=code_guid, user=self.ref(element, "creatingUser"),
            created=parse_datetime(element.get("creationDateTime")), notes=notes,
        )

    def _sources(self, sources: etree._Element, project: RefiProject) -> None:
        media = 0
        for element in sources:
            kind = local(element)
            if kind == "TextSource":
                project.sources.append(self._text_source(element, element, kind))
            elif kind == "PDFSource":
                representation = child(element, "Representation")
                if representation is None:
                    self.report.dropped(f"PDF source '{element.get('name', '?')}': it has no text representation")
                    continue
                pdf_selections = len(list(children(element, "PDFSelection")))
                if pdf_selections:
                    self.report.dropped(
                        f"PDF source '{element.get('name', '?')}': {pdf_selections} selections by page area"
                    )
                project.sources.append(self._text_source(element, representation, kind))
            elif kind in _RECORDINGS and (transcript := child(element, "Transcript")) is not None:
                project.sources.append(self._transcript_source(element, transcript, kind))
            elif kind == "PictureSource" or kind in _RECORDINGS:
                media += 1
        if media:
            self.report.dropped(f"picture sources, and audio or video sources without a transcript "
                                f"(qcoder codes text): {media}")

    def _text_source(self, outer: etree._Element, text: etree._Element, kind: str) -> RefiSource:
        source = RefiSource(
            guid=self.guid(outer, "source"), name=(outer.get("name") or "").strip() or None, element=kind,
            text_path=text.get("plainTextPath"), text_content=child_text(text, "PlainTextContent"),
            rich_text_path=text.get("richTextPath"),
            user=self.ref(outer, "creatingUser"), created=parse_datetime(outer.get("creationDateTime")),
            notes=self.refs(outer, "NoteRef"), values=self._values(outer),
            description=child_text(outer, "Description") or None,
        )
        if self.streamed is not None:
            source.selections = self.streamed.pop(text, [])
        else:
            source.selections = [self.passage(element) for element in children(text, "PlainTextSelection")]
        source.whole_codings = [self._coding(c) for c in children(outer, "Coding")]
        return source

    def passage(self, element: etree._Element) -> RefiSelection:
        """A ``PlainTextSelection`` of a source's text."""
        return self._selection(element, parse_int(element.get("startPosition")), parse_int(element.get("endPosition")))

    def _selection(self, element: etree._Element, start: int | None, end: int | None) -> RefiSelection:
        ref, coding = self.ref, self._coding
        codings, notes, description = [], [], None
        for item in element:
            tag = item.tag
            name = tag[tag.rfind("}") + 1:] if type(tag) is str else ""  # local(item), inlined
            if name == "Coding":
                codings.append(coding(item))
            elif name == "NoteRef" and (guid := ref(item)) is not None:
                notes.append(guid)
            elif name == "Description":
                description = "".join(item.itertext()).strip() or None  # type: ignore[arg-type]  # lxml-stubs: str
        return RefiSelection(
            guid=self.guid(element, "selection"), name=element.get("name"), start=start, end=end,
            user=ref(element, "creatingUser"), created=parse_datetime(element.get("creationDateTime")),
            codings=codings, notes=notes, description=description,
        )

    def _transcript_source(self, outer: etree._Element, transcript: etree._Element, kind: str) -> RefiSource:
        """A recording with its transcript: the transcript is the text; ``TranscriptSelection``s
        between two ``SyncPoint``s are its passages; timed sync points time its turns."""
        source = self._text_source(outer, transcript, kind)
        source.name = source_name(source.name)
        points: dict[str, tuple[int | None, int | None]] = {}
        for point in children(transcript, "SyncPoint"):
            if (guid := self.ref(point, "guid")) is not None:
                points[guid.lower()] = (parse_int(point.get("position")), parse_int(point.get("timeStamp")))
        source.recording = RefiRecording(
            guid=self.guid(transcript, "transcript"), kind=_RECORDINGS[kind], path=outer.get("path"),
            times=tuple(sorted((p, t) for p, t in points.values() if p is not None and t is not None)),
        )
        for element in children(transcript, "TranscriptSelection"):
            start = points.get((self.ref(element, "fromSyncPoint") or "").lower(), (None, None))[0]
            end = points.get((self.ref(element, "toSyncPoint") or "").lower(), (None, None))[0]
            source.selections.append(self._selection(element, start, end))
        return source

    def _note(self, element: etree._Element) -> RefiNote:
        passage = child(element, "PlainTextSelection")
        if (child_text(element, "Description") or "").strip():
            self.report.dropped(f"the description of the note '{element.get('name') or element.get('guid')}' (its text was imported)")
        return RefiNote(
            guid=self.guid(element, "note"), name=element.get("name"), text_path=element.get("plainTextPath"),
            text_content=child_text(element, "PlainTextContent"),
            user=self.ref(element, "creatingUser") or self.ref(element, "modifyingUser"),
            created=parse_datetime(element.get("creationDateTime") or element.get("modifiedDateTime")),
            start=parse_int(passage.get("startPosition")) if passage is not None else None,
            end=parse_int(passage.get("endPosition")) if passage is not None else None,
        )
