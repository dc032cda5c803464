"""What a merge did (or, previewed, would do): counts, conflicts, and the ids it added for undo."""

from __future__ import annotations

from dataclasses import dataclass, field

from qcoder.core.changes import Changes
from qcoder.core.ingest.added import AddedRows
from qcoder.core.usecases.queries.source_edits import SourceEdit
from qcoder.core.wording import counted

SINGULAR = {
    "coders": "coder", "codes": "code", "sources": "source", "cases": "case", "case_links": "case link",
    "attributes": "attribute", "attribute_values": "attribute value", "codings": "coding", "memos": "memo",
    "resolutions": "resolution", "saved_queries": "saved query",
}

KINDS = (
    "coders", "codes", "sources", "cases", "case_links", "attributes", "attribute_values",
    "codings", "memos", "resolutions", "saved_queries",
)


@dataclass(frozen=True)
class MergeConflict:
    """The same GUID (or the same owner and attribute) with different content in the two files."""

    kind: str
    guid: str
    name: str
    differences: tuple[str, ...]
    resolution: str

    def line(self) -> str:
        guid = f" ({self.guid})" if self.guid else ""
        return f"{self.kind} '{self.name}'{guid}: {'; '.join(self.differences)} — {self.resolution}"

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind, "guid": self.guid, "name": self.name,
            "differences": list(self.differences), "resolution": self.resolution,
        }


@dataclass
class MergeReport:
    """Counts per kind of what was added and what was matched, the conflicts, and notes."""

    added: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    matched: dict[str, int] = field(default_factory=dict)
    """How existing rows were recognised, e.g. ``"sources by content hash": 2``."""
    conflicts: list[MergeConflict] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    added_ids: dict[str, list[int]] = field(default_factory=lambda: {kind: [] for kind in KINDS})
    """Ids of the rows the merge created (for case links and values: see ``added_links``)."""
    added_links: list[tuple[int, int]] = field(default_factory=list)
    """(case id, source id) links the merge created."""
    added_rows: AddedRows = field(default_factory=AddedRows)
    """What the merge added, by GUID, value key and link: what undoing it removes."""
    texts: list[str] = field(default_factory=list)
    """How each source whose text differs in the two copies was merged (see :mod:`qcoder.core.team.merge_texts`)."""
    unplaced: list[str] = field(default_factory=list)
    """Passages not merged (or removed here) because their words were deleted in the other version."""
    text_changes: Changes = field(default_factory=Changes)
    """What bringing this project's texts up to the other copy's edits changed."""
    text_undo: tuple[SourceEdit, ...] = ()
    """The edits that take this project's texts back to what they were before the merge."""

    def count_added(self, kind: str, row_id: int | None = None) -> None:
        self.added[kind] += 1
        if row_id is not None:
            self.added_ids[kind].append(row_id)

    def count_matched(self, how: str) -> None:
        self.matched[how] = self.matched.get(how, 0) + 1

    @property
    def total_added(self) -> int:
        return sum(self.added.values())

    @property
    def changes_anything(self) -> bool:
        """Whether the merge adds a row or edits a text here."""
        return self.total_added > 0 or bool(self.text_undo)

    def summary(self) -> str:
        """E.g. ``127 codings added, 2 sources added, 3 conflicts``."""
        parts = [f"{count} {noun(kind, count)} added" for kind, count in self.added.items() if count]
        parts.append(counted(len(self.conflicts), "conflict"))
        if self.text_undo:
            parts.insert(0, counted(len({edit.source_id for edit in self.text_undo}), "text") + " brought up to the other copy's edits")
        if not self.changes_anything:
            parts.insert(0, "nothing new")
        return ", ".join(parts)

    def lines(self) -> list[str]:
        """The whole report, for a person: summary, matches, conflicts and skipped items."""
        result = [self.summary()]
        result += [f"  matched {count} {how}" for how, count in sorted(self.matched.items())]
        result += [f"  text: {line}" for line in self.texts]
        result += [f"  conflict: {conflict.line()}" for conflict in self.conflicts]
        result += [f"  words gone: {line}" for line in self.unplaced]
        result += [f"  skipped: {note}" for note in self.skipped]
        return result

    def as_json(self) -> dict[str, object]:
        return {
            "summary": self.summary(),
            "added": dict(self.added),
            "matched": dict(self.matched),
            "conflicts": [conflict.as_json() for conflict in self.conflicts],
            "skipped": list(self.skipped),
            "texts": list(self.texts),
            "words_gone": list(self.unplaced),
        }

    def changes(self) -> Changes:
        ids = self.added_ids
        return self.text_changes.merged(Changes(
            sources=frozenset(ids["sources"]) | frozenset(s for _c, s in self.added_links),
            codes=frozenset(ids["codes"]),
            codings=frozenset(ids["codings"]),
            cases=frozenset(ids["cases"]) | frozenset(c for c, _s in self.added_links),
            memos=frozenset(ids["memos"]),
            attributes=frozenset(ids["attributes"]),
            coders=frozenset(ids["coders"]),
            queries=frozenset(ids["saved_queries"]),
            code_tree=bool(ids["codes"]),
        ))


def noun(kind: str, count: int) -> str:
    return SINGULAR[kind] if count == 1 else kind.replace("_", " ")
