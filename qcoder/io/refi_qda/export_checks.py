"""Making sure a QDPX export is sound before it is written: positions within their texts and
GUIDs unique across the whole project, as REFI-QDA requires.

A project that went through odd copies (an old merge, a script, another tool) can hold a
coding past the end of its text or a GUID shared by two kinds of item. Refusing the export
would leave the researcher with no file and nothing to fix it with, so the export repairs what
it writes and says so in its report: a coding that cannot be a passage of its text (or whose
code or coder is gone) is left out; an item whose GUID another item already has is written
under a GUID derived from it (stable: exporting twice gives the same file). A value that is not
a GUID at all is refused, as the schema validation refuses it. The project itself is not changed;
``qcoder check`` lists what is wrong in it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from qcoder.io.refi_qda.errors import RefiQdaError
from qcoder.io.refi_qda.snapshot import ProjectData
from qcoder.io.refi_qda.writer import coding_guid, derived_guid

_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


class _Guids:
    """The GUIDs written so far; a repeated one is replaced by a GUID derived from it."""

    def __init__(self, notes: list[str]) -> None:
        self.kinds: dict[str, str] = {}
        self.notes = notes

    def unique(self, guid: str, kind: str, label: str) -> str:
        if not _GUID.match(str(guid)):
            # Not a GUID at all: the schema validation refuses the export with a clear message.
            if kind == "coding":
                raise RefiQdaError(f"the export would not be valid REFI-QDA: the coding {label} has the GUID "
                                   f"{guid!r}, which is not a GUID")
            return guid
        owner = self.kinds.get(guid.lower())
        if owner is None and (kind != "coding" or self._free_coding(guid)):
            self._claim(guid, kind)
            return guid
        new = derived_guid(guid, kind)
        while new.lower() in self.kinds or (kind == "coding" and not self._free_coding(new)):
            new = derived_guid(new, kind)
        self._claim(new, kind)
        self.notes.append(f"{kind} {label} has the GUID of {_a(owner or 'coding')} ({guid}): written with the GUID {new}")
        return new

    def _free_coding(self, guid: str) -> bool:
        """A selection also writes its ``Coding`` under a GUID derived from its own."""
        return coding_guid(guid).lower() not in self.kinds

    def _claim(self, guid: str, kind: str) -> None:
        self.kinds[guid.lower()] = kind
        if kind == "coding":
            self.kinds[coding_guid(guid).lower()] = "coding"


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def make_sound(data: ProjectData) -> list[str]:
    """Repair ``data`` in place for writing; return one line per item left out or re-GUIDed."""
    notes: list[str] = []
    for source in [s for s in data.sources if s.id not in data.texts]:
        notes.append(f"source '{source.name}' ({source.guid}) has no text: left out")
    data.sources = [source for source in data.sources if source.id in data.texts]
    _leave_out_unsound_codings(data, notes)
    guids = _Guids(notes)
    data.coders = {cid: (guids.unique(guid, "coder", f"'{name}'"), name) for cid, (guid, name) in data.coders.items()}
    data.codes = [replace(code, guid=guids.unique(code.guid, "code", f"'{code.path}'")) for code in data.codes]
    data.sources = [replace(source, guid=guids.unique(source.guid, "source", f"'{source.name}'"))
                    for source in data.sources]
    data.cases = [(cid, guids.unique(guid, "case", f"'{name}'"), name, text) for cid, guid, name, text in data.cases]
    data.attributes = {
        aid: (guids.unique(guid, "attribute", f"'{name}'"), name, value_type, applies)
        for aid, (guid, name, value_type, applies) in data.attributes.items()
    }
    data.memos = [replace(memo, guid=guids.unique(memo.guid, "memo", f"{memo.text[:30]!r}")) for memo in data.memos]
    if not _codings_all_distinct(data, guids):
        for source_id, rows in data.codings.items():
            data.codings[source_id] = [
                row._replace(guid=guids.unique(row.guid, "coding", f"[{row.start}, {row.end})")) for row in rows
            ]
    sources = {source.id for source in data.sources}
    for case_id, linked in data.case_sources.items():
        data.case_sources[case_id] = [source_id for source_id in linked if source_id in sources]
    return notes


def _codings_all_distinct(data: ProjectData, guids: _Guids) -> bool:
    """The common case at once: every coding's GUID is a GUID (nothing to escape), and the
    codings' GUIDs and their ``Coding``s' are all distinct and taken by nothing else. Keeps each
    ``Coding``'s GUID for the writer and says so; otherwise each coding is checked on its own.
    The codings are the last GUIDs checked, so theirs need not be claimed for later ones."""
    own = [row.guid for rows in data.codings.values() for row in rows]
    if not all(map(_GUID.fullmatch, own)):
        return False
    derived = [coding_guid(guid) for guid in own]
    claimed = {guid.lower() for guid in own}
    claimed.update(guid.lower() for guid in derived)
    if len(claimed) != 2 * len(own) or not claimed.isdisjoint(guids.kinds):
        return False
    data.coding_guids = dict(zip(own, derived))
    return True


def _leave_out_unsound_codings(data: ProjectData, notes: list[str]) -> None:
    codes = {code.id for code in data.codes}
    names = {source.id: source.name for source in data.sources}
    for source_id in list(data.codings):
        length = len(data.texts.get(source_id, ""))
        kept = []
        for row in data.codings[source_id]:
            if source_id not in names or source_id not in data.texts:
                why = "belongs to a source that is missing or has no text"
            elif not 0 <= row.start < row.end <= length:
                why = f"lies outside its source's text of {length} characters"
            elif row.code_id not in codes:
                why = "is of a code outside the code tree"
            elif row.coder_id not in data.coders:
                why = "is by a coder who is missing"
            else:
                kept.append(row)
                continue
            notes.append(f"coding {row.guid} [{row.start}, {row.end}) of '{names.get(source_id, source_id)}' {why}: left out")
        data.codings[source_id] = kept
