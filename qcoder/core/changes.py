"""What a use case changed, so that views refresh only what they show (Anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from qcoder.core.snapshots import CodeInfo, CodingInfo, SourceInfo

if TYPE_CHECKING:
    from qcoder.core.edits import Edit


@dataclass(frozen=True)
class Changes:
    """Ids touched per kind of entity; ``created_id`` is the id of a row the use case created."""

    sources: frozenset[int] = field(default_factory=frozenset)
    codes: frozenset[int] = field(default_factory=frozenset)
    codings: frozenset[int] = field(default_factory=frozenset)
    cases: frozenset[int] = field(default_factory=frozenset)
    memos: frozenset[int] = field(default_factory=frozenset)
    attributes: frozenset[int] = field(default_factory=frozenset)
    coders: frozenset[int] = field(default_factory=frozenset)
    queries: frozenset[int] = field(default_factory=frozenset)
    """Saved queries added, changed or deleted."""
    code_tree: bool = False
    """The shape of the code tree changed (a code added, moved, renamed, deleted)."""
    created_id: int | None = None
    messages: tuple[str, ...] = ()
    """Things worth telling the user, e.g. codes created along a path."""
    coding_rows: tuple[CodingInfo, ...] = ()
    """Some of ``codings`` as they now stand (e.g. the one just applied), so that views need
    not read them back; codings named in ``codings`` but absent here must be read."""
    source_rows: tuple[SourceInfo, ...] = ()
    """Some of ``sources`` as they now stand (the new ones of an import, read off the GUI
    thread), so that views need not read them back; sources absent here must be read."""
    code_rows: tuple[CodeInfo, ...] = ()
    """Codes just added as they now stand (``count`` 0), so that views need not read them back;
    codes named in ``codes`` but absent here must be read."""
    texts: frozenset[int] = field(default_factory=frozenset)
    """Sources whose text changed (an edit, a merge that brought it up to a teammate's edits):
    a view showing one of them shows it again."""
    undo: Edit | None = None
    """The edit that takes this one back (:mod:`qcoder.core.edits`); an editing use case states
    it. :meth:`merged` drops it: a use case made of others states its own inverse."""
    codings_before: tuple[CodingInfo, ...] | None = None
    """When stated, the change to codings in full: every coding of ``codings`` as it stood
    before (absent: it is new) here, and as it now stands (absent: it is gone) in
    ``coding_rows`` — so a view's counts and lists follow without reading anything back. A
    change that states it removed or added no source (the sources it names hold the codings).
    ``None``: not stated (the views read what they need)."""

    def merged(self, other: Changes) -> Changes:
        return Changes(
            sources=self.sources | other.sources,
            codes=self.codes | other.codes,
            codings=self.codings | other.codings,
            cases=self.cases | other.cases,
            memos=self.memos | other.memos,
            attributes=self.attributes | other.attributes,
            coders=self.coders | other.coders,
            queries=self.queries | other.queries,
            code_tree=self.code_tree or other.code_tree,
            created_id=other.created_id if other.created_id is not None else self.created_id,
            messages=self.messages + other.messages,
            coding_rows=tuple(c for c in self.coding_rows if c.id not in other.codings) + other.coding_rows,
            source_rows=tuple(s for s in self.source_rows if s.id not in other.sources) + other.source_rows,
            code_rows=tuple(c for c in self.code_rows if c.id not in other.codes  # a code changed since: read it
                            or (other.codings and not other.code_tree)) + other.code_rows,  # coded: the code is as it was
            texts=self.texts | other.texts,
            codings_before=_joined_before(self, other),
        )

    def code_row(self, code_id: int) -> CodeInfo | None:
        """The code as this change states it (one just added), or ``None``: read it."""
        return next((code for code in self.code_rows if code.id == code_id), None)

    def coding_shift(self) -> tuple[dict[int, CodingInfo], dict[int, CodingInfo]] | None:
        """The codings changed, as they were and as they are now, by id (absent: did not exist /
        exists no more); ``None`` if the change does not state them in full."""
        before = _stated_before(self)
        if before is None:
            return None
        return {c.id: c for c in before}, {c.id: c for c in self.coding_rows if c.id in self.codings}

    def with_created(self, created_id: int) -> Changes:
        return replace(self, created_id=created_id)

    @property
    def empty(self) -> bool:
        return not (
            self.sources or self.codes or self.codings or self.cases or self.memos
            or self.attributes or self.coders or self.queries or self.code_tree
        )


def _stated_before(changes: Changes) -> tuple[CodingInfo, ...] | None:
    """What :attr:`Changes.codings_before` states; a change of no coding states it trivially."""
    return changes.codings_before if changes.codings else ()


def _joined_before(first: Changes, then: Changes) -> tuple[CodingInfo, ...] | None:
    before, later = _stated_before(first), _stated_before(then)
    if before is None or later is None:
        return None
    return before + tuple(c for c in later if c.id not in first.codings)
