"""Matching another project's codings here, or adding them in one bulk insert: the part both flows share.

A merge and a REFI-QDA import both find an incoming coding here by its GUID (folded as the flow's
policy says), a merge also by its content (the same source, code, span and coder), and add the
rest in one ``executemany``. Each flow feeds :class:`CodingIngest` one coding at a time, because
what comes before the match is its own and words its report as it goes — a merge maps spans
through edited texts, an import repairs selections, resolves codes and credits coders — and
:meth:`CodingIngest.find` says what the coding is here; :meth:`CodingIngest.add_all` writes the
new ones.
"""

from __future__ import annotations

from typing import NamedTuple

from qcoder.core.ingest.engine import Ingest
from qcoder.core.ingest.incoming import IncomingCoding
from qcoder.core.ingest.project_ingest import IngestPolicy, Outcome

ContentKey = tuple[int, int, int, int, int]
"""(source id, code id, start, end, coder id) here."""


class CodingFound(NamedTuple):
    """A coding that is here already: found by its GUID (``same_content``: whether its source,
    code, span and coder are the same — known only when matching by content) or by content."""

    outcome: Outcome
    same_content: bool = True


class CodingIngest:
    """The codings here (GUIDs; with ``by_content``, what each one is), growing as codings are added."""

    def __init__(self, ingest: Ingest, policy: IngestPolicy, *, by_content: bool = False) -> None:
        self.ingest = ingest
        self.policy = policy
        self.by_content = by_content
        self._fold = policy.fold_guid_case
        self.guids: dict[str, ContentKey | None]
        if by_content:
            contents = ingest.coding_contents()
            self.guids = {g.lower(): k for g, k in contents.items()} if self._fold else dict(contents)
        else:
            self.guids = dict.fromkeys(ingest.coding_guids(fold_case=self._fold), None)
        """GUID (folded as the policy says) → its content here (None when not matching by content)."""
        self.contents: set[ContentKey] = {key for key in self.guids.values() if key is not None}
        self.new: list[IncomingCoding] = []

    def _guid(self, guid: str) -> str:
        return guid.lower() if self._fold else guid

    def has_guid(self, guid: str) -> bool:
        return self._guid(guid) in self.guids

    def find(self, guid: str, content: ContentKey | None = None) -> CodingFound | None:
        """What the coding ``guid`` (of ``content``) is here; None if it is new."""
        key = guid.lower() if self._fold else guid
        if key in self.guids:
            here = self.guids[key]
            return CodingFound(Outcome.MATCHED_BY_GUID, here is None or content is None or here == content)
        if self.by_content and content in self.contents:
            return CodingFound(Outcome.MATCHED_BY_KEY)
        return None

    def claim(self, guid: str) -> str | None:
        """The other kind of item that carries ``guid`` here (the policy's GUID claims), if one
        does: the coding cannot be added. Otherwise the GUID is the coding's from now on."""
        claims = self.policy.guid_claims
        if claims is None:
            return None
        other = claims.clash(guid, "coding")
        if other is None:
            claims.claim(guid, "coding")
        return other

    def add(self, coding: IncomingCoding) -> None:
        """A new coding, written by :meth:`add_all`; later ones with its GUID or content find it."""
        guid = coding.guid.lower() if self._fold else coding.guid
        if self.by_content:
            content = (coding.source_id, coding.code_id, coding.start, coding.end, coding.coder_id)
            self.guids[guid] = content
            self.contents.add(content)
        else:
            self.guids[guid] = None
        self.new.append(coding)

    def add_all(self, *, want_ids: bool = False) -> list[int]:
        """The new codings in one bulk insert; with ``want_ids``, their ids in order."""
        return self.ingest.add_codings(self.new, want_ids=want_ids)
