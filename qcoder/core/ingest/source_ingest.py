"""Matching another project's sources here, or adding them under a name of their own: one loop.

A merge and a REFI-QDA import both bring sources and do the same with each: find it here by its
GUID (folded as the flow's policy says), else — a merge — by the SHA-256 of its text; else give
it a name no source here has and add it, all new sources in one bulk insert. :func:`match_sources`
decides, in order, what becomes of each (:class:`SourceIngested`); the flow then hands over the
rows of the new ones (text, turns, recording: only it knows them) and :meth:`SourceBatch.add`
writes them. What differs stays in the flows: on a GUID match with a different text a merge
merges the texts where an import drops the source and its codings; each words its own report.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from qcoder.core.ingest.engine import Ingest
from qcoder.core.ingest.incoming import IncomingSource
from qcoder.core.ingest.names import claim_unique_name
from qcoder.core.ingest.project_ingest import Difference, DropReason, IngestPolicy, Outcome, Refusal
from qcoder.core.ingest.project_value import IncomingText


@dataclass
class SourceIngested:
    """What became of one incoming source. ``source_id`` is None until :meth:`SourceBatch.add`
    for a source added now (or matched to one added now), and stays None when dropped."""

    guid: str
    outcome: Outcome
    name: str = ""
    """The name here: the source matched, or the (unique) name the new source takes."""
    here_guid: str = ""
    same_text: bool = True
    """Matched by GUID: whether the text here has the same SHA-256."""
    differences: tuple[Difference, ...] = ()
    """Matched by GUID: its name, if it differs."""
    reason: DropReason | None = None
    detail: str = ""
    wanted: str = ""
    """Added: the name it came with."""
    source_id: int | None = None
    new_index: int | None = field(default=None, repr=False)
    """The new source (its index in :attr:`SourceBatch.new`) it is or matched."""

    @property
    def renamed(self) -> bool:
        return self.outcome is Outcome.ADDED and self.name != self.wanted


@dataclass
class SourceBatch:
    """The outcomes of :func:`match_sources`, item by item; the sources to add, in order."""

    ingest: Ingest
    outcomes: list[SourceIngested]
    new: list[SourceIngested]

    def add(self, rows: Sequence[IncomingSource]) -> list[int]:
        """Add one row per :attr:`new` outcome (same order, same GUID, its name) in one bulk
        insert; fills in ``source_id`` of every outcome that is or matched one. The new ids."""
        if [r.guid for r in rows] != [n.guid for n in self.new]:
            raise ValueError("the rows must be the new sources, in order")
        ids = self.ingest.add_sources(rows)
        for outcome in self.outcomes:
            if outcome.new_index is not None:
                outcome.source_id = ids[outcome.new_index]
        return ids


def match_sources(
    ingest: Ingest, policy: IngestPolicy, items: Sequence[IncomingText], *, by_text: bool = False,
    refuse_new: Callable[[IncomingText], Refusal | None] | None = None,
) -> SourceBatch:
    """What becomes of each source: found by GUID, else (``by_text``) by its text's hash — the
    first source here with that text; else, unless ``refuse_new`` or the policy's GUID claims
    refuse it, new under a unique name."""
    fold = policy.fold_guid_case

    def folded(guid: str) -> str:
        return guid.lower() if fold else guid

    rows = ingest.source_rows()
    by_guid: dict[str, tuple[int | None, int | None, str, str, str]] = {}
    """GUID → (id here, new index, name, GUID here, SHA-256)."""
    by_hash: dict[str, tuple[int | None, int | None, str, str]] = {}
    for row in rows:
        by_guid[folded(row.guid)] = (row.id, None, row.name, row.guid, row.sha256)
        by_hash.setdefault(row.sha256, (row.id, None, row.name, row.guid))
    taken = ingest.source_names()
    outcomes: list[SourceIngested] = []
    new: list[SourceIngested] = []
    for item in items:
        found = by_guid.get(folded(item.guid))
        if found is not None:
            source_id, index, name, guid, sha256 = found
            differences = (Difference("name", name, item.name),) if name != item.name else ()
            outcomes.append(SourceIngested(item.guid, Outcome.MATCHED_BY_GUID, name, guid, sha256 == item.sha256,
                                           differences, source_id=source_id, new_index=index))
            continue
        known = by_hash.get(item.sha256) if by_text else None
        if known is not None:
            source_id, index, name, guid = known
            outcomes.append(SourceIngested(item.guid, Outcome.MATCHED_BY_KEY, name, guid, source_id=source_id,
                                           new_index=index))
            continue
        refusal = refuse_new(item) if refuse_new is not None else None
        claims = policy.guid_claims
        if refusal is None and claims is not None:
            other = claims.clash(item.guid, "source")
            if other is not None:
                refusal = (DropReason.GUID_CLAIMED, other)
            else:
                claims.claim(item.guid, "source")
        if refusal is not None:
            outcomes.append(SourceIngested(item.guid, Outcome.DROPPED, reason=refusal[0], detail=refusal[1]))
            continue
        name = claim_unique_name(item.name, taken)
        added = SourceIngested(item.guid, Outcome.ADDED, name, item.guid, new_index=len(new), wanted=item.name)
        by_guid[folded(item.guid)] = (None, len(new), name, item.guid, item.sha256)
        if by_text:
            by_hash.setdefault(item.sha256, (None, len(new), name, item.guid))
        new.append(added)
        outcomes.append(added)
    return SourceBatch(ingest, outcomes, new)
