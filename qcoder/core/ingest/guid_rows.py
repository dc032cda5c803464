"""Matching many small incoming rows (codings, memos) by GUID, else by content, and adding the rest.

A merge and a REFI-QDA import both find an incoming coding or memo here by its GUID (folded as the
flow's policy says), a merge also by its content, and add the rest. Each flow feeds
:class:`GuidRows` one row at a time, because what comes before the match is its own and words
its report as it goes (a merge maps spans and checks references, an import repairs selections,
places notes and credits coders); :meth:`GuidRows.find` says what the row is here, and
:meth:`GuidRows.add` / :meth:`GuidRows.add_all` write the new ones. A kind of row says what its
content is and how it is read and written (:mod:`.coding_ingest`, :mod:`.memo_ingest`).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Generic, NamedTuple, Protocol, TypeVar

from qcoder.core.ingest.engine import Ingest
from qcoder.core.ingest.project_ingest import IngestPolicy, Outcome


class _WithGuid(Protocol):
    @property
    def guid(self) -> str: ...


Incoming = TypeVar("Incoming", bound=_WithGuid)
Content = TypeVar("Content", bound=Hashable)


class Found(NamedTuple, Generic[Content]):
    """A row that is here already: found by its GUID (``here``: its content here, when matching by
    content; ``same_content``: whether it equals the content asked about) or by its content."""

    outcome: Outcome
    same_content: bool = True
    here: Content | None = None


class GuidRows(Generic[Incoming, Content]):
    """The rows of one kind here (GUIDs; with ``by_content``, what each one is), growing as rows are added."""

    kind = ""
    """The kind's name in the policy's GUID claims."""

    def __init__(self, ingest: Ingest, policy: IngestPolicy, *, by_content: bool = False) -> None:
        self.ingest = ingest
        self.policy = policy
        self.by_content = by_content
        self._fold = policy.fold_guid_case
        self.guids: dict[str, Content | None]
        if by_content:
            contents = self._contents_here()
            self.guids = {g.lower(): k for g, k in contents.items()} if self._fold else dict(contents)
        else:
            self.guids = dict.fromkeys(self._guids_here(), None)
        """GUID (folded as the policy says) → its content here (None when not matching by content)."""
        self.contents: set[Content] = {key for key in self.guids.values() if key is not None}
        self.new: list[Incoming] = []

    # -- what a kind of row says ------------------------------------------------------------

    def _contents_here(self) -> dict[str, Content]:
        raise NotImplementedError

    def _guids_here(self) -> set[str]:
        """The GUIDs here, folded as the policy says."""
        raise NotImplementedError

    def content(self, row: Incoming) -> Content:
        raise NotImplementedError

    def _write(self, rows: Sequence[Incoming], want_ids: bool) -> list[int]:
        raise NotImplementedError

    # -- the shared part ---------------------------------------------------------------------

    def has_guid(self, guid: str) -> bool:
        return (guid.lower() if self._fold else guid) in self.guids

    def find(self, guid: str, content: Content | None = None) -> Found[Content] | None:
        """What the row ``guid`` (of ``content``) is here; None if it is new."""
        key = guid.lower() if self._fold else guid
        if key in self.guids:
            here = self.guids[key]
            return Found(Outcome.MATCHED_BY_GUID, here is None or content is None or here == content, here)
        if self.by_content and content in self.contents:
            return Found(Outcome.MATCHED_BY_KEY)
        return None

    def claim(self, guid: str) -> str | None:
        """The other kind of item that carries ``guid`` here (the policy's GUID claims), if one
        does: the row cannot be added. Otherwise the GUID is this row's from now on."""
        claims = self.policy.guid_claims
        if claims is None:
            return None
        other = claims.clash(guid, self.kind)
        if other is None:
            claims.claim(guid, self.kind)
        return other

    def add(self, row: Incoming) -> None:
        """A new row, written by :meth:`add_all`; later ones with its GUID or content find it."""
        self._register(row)
        self.new.append(row)

    def _register(self, row: Incoming) -> None:
        """``row`` is here from now on."""
        guid = row.guid.lower() if self._fold else row.guid
        if self.by_content:
            content = self.content(row)
            self.guids[guid] = content
            self.contents.add(content)
        else:
            self.guids[guid] = None

    def add_all(self, *, want_ids: bool = False) -> list[int]:
        """The new rows in one bulk insert; with ``want_ids``, their ids in order."""
        return self._write(self.new, want_ids)
