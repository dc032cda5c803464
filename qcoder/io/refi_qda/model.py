"""A REFI-QDA project as read from XML, before anything is stored: plain, lenient dataclasses.

GUIDs here are already cleaned (braces stripped, malformed ones replaced by stable stand-ins).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class RefiUser:
    guid: str
    name: str


@dataclass
class RefiCode:
    guid: str
    name: str
    codable: bool
    colour: str | None
    description: str
    parent_guid: str | None
    notes: list[str] = field(default_factory=list)


@dataclass
class RefiVariable:
    guid: str
    name: str
    type_name: str


@dataclass
class RefiValue:
    variable_guid: str
    value: str
    value_kind: str
    """The local name of the value element: TextValue, BooleanValue, IntegerValue…"""


@dataclass
class RefiCase:
    guid: str
    name: str | None
    description: str
    values: list[RefiValue] = field(default_factory=list)
    source_guids: list[str] = field(default_factory=list)
    selection_guids: list[str] = field(default_factory=list)
    code_guids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RefiCoding:
    guid: str
    """As written: checked only where it is used (a selection with several codings), which keeps
    reading 100,000 single-coding selections quick."""
    code_guid: str | None
    user: str | None
    created: datetime | None
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RefiSelection:
    guid: str
    name: str | None
    start: int | None
    end: int | None
    user: str | None
    created: datetime | None
    codings: list[RefiCoding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    description: str | None = None
    """Some tools write a passage's comment here rather than as a note."""


@dataclass
class RefiSource:
    guid: str
    name: str | None
    element: str
    """TextSource, or PDFSource when its text Representation is used."""
    text_path: str | None
    text_content: str | None
    user: str | None
    created: datetime | None
    rich_text_path: str | None = None
    selections: list[RefiSelection] = field(default_factory=list)
    whole_codings: list[RefiCoding] = field(default_factory=list)
    """``Coding`` elements directly on the source: the whole text carries the code."""
    notes: list[str] = field(default_factory=list)
    values: list[RefiValue] = field(default_factory=list)
    description: str | None = None
    """QualCoder's source memo; a qcoder export writes the source's memos here too."""
    recording: RefiRecording | None = None
    """For an ``AudioSource``/``VideoSource``: its recording; the source's text is its transcript."""


@dataclass(frozen=True)
class RefiRecording:
    guid: str
    """The ``Transcript``'s GUID: qcoder keeps it as the link's."""
    kind: str
    """``audio`` or ``video``."""
    path: str | None
    """The element's ``path``: ``internal://…``, ``relative://…``, ``absolute://…`` or a plain path."""
    times: tuple[tuple[int, int], ...] = ()
    """(position, ms) of the transcript's timed ``SyncPoint``s."""


@dataclass
class RefiNote:
    guid: str
    name: str | None
    text_path: str | None
    text_content: str | None
    user: str | None
    created: datetime | None
    start: int | None = None
    end: int | None = None
    """The passage a note is about (QualCoder writes an annotation as a note holding a
    ``PlainTextSelection`` in the source that refers to it)."""


@dataclass
class RefiProject:
    name: str = ""
    origin: str | None = None
    namespace: str = ""
    users: list[RefiUser] = field(default_factory=list)
    codes: list[RefiCode] = field(default_factory=list)
    """In tree order: a parent before its children."""
    variables: list[RefiVariable] = field(default_factory=list)
    cases: list[RefiCase] = field(default_factory=list)
    sources: list[RefiSource] = field(default_factory=list)
    notes: list[RefiNote] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    """(origin GUID, target GUID) of each Link."""
    project_notes: list[str] = field(default_factory=list)
    description: str | None = None
