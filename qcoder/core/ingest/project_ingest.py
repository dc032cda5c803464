"""Matching another project's coders, codes, attributes and cases here, or adding them: one loop.

A merge and a REFI-QDA import both bring these four kinds (and attribute values and case links), and both do the same with each item:
find it here by its GUID, else by its natural key (a coder's or a case's name, a code's name
under its parent, an attribute's name and what it applies to); else add it with its own GUID.
:class:`ProjectIngest` does that once for every flow and returns, item by item and in order,
what it did (:class:`Ingested`). It writes no report: each flow words the outcomes its own way —
on a GUID match whose fields differ, a merge records a conflict ("this project wins") where an
import counts the item as already there; a match by key is a merge's "matched by name" and an
import's "re-mapped" remark.

What differs between the flows in *matching* is the :class:`IngestPolicy`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Generic, NamedTuple, Protocol, TypeVar

from qcoder.core.colours import palette_colour
from qcoder.core.ingest.code_paths import CodePaths
from qcoder.core.ingest.engine import Ingest
from qcoder.core.ingest.here import AttributeHere, CaseHere, CodeHere, CoderHere
from qcoder.core.ingest.incoming import IncomingValue
from qcoder.core.ingest.matching import Match, Matcher
from qcoder.core.ingest.project_value import (
    IncomingAttribute,
    IncomingCase,
    IncomingCode,
    IncomingCoder,
    IncomingProject,
    IncomingText,
)
from qcoder.core.usecases.queries.code_tree import PATH_SEPARATOR

if TYPE_CHECKING:
    from qcoder.core.ingest.source_ingest import SourceBatch

Row = TypeVar("Row", CoderHere, CodeHere, CaseHere, AttributeHere)
Item = TypeVar("Item", IncomingCoder, IncomingCode, IncomingCase, IncomingAttribute)


class Outcome(Enum):
    ADDED = "added"
    MATCHED_BY_GUID = "matched by GUID"
    MATCHED_BY_KEY = "matched by key"
    DROPPED = "dropped"


class DropReason(Enum):
    UNFIT = "unfit"
    """The reader found the item unfit (``detail``: why, in its words)."""
    PATH_TAKEN = "path taken"
    """A new code whose path is another code's (``detail``: the path)."""
    GUID_CLAIMED = "GUID claimed"
    """A new item whose GUID another kind of item carries here (``detail``: that kind)."""
    PARENT_DROPPED = "parent dropped"
    """A code below a dropped code."""


class Difference(NamedTuple):
    """A field of an item matched by GUID whose value differs here (``parent``: the parent's id)."""

    field: str
    here: object
    there: object


@dataclass(frozen=True)
class Ingested(Generic[Row]):
    """What became of one incoming item."""

    guid: str
    outcome: Outcome
    here: Row | None = None
    """The row here it matched, or the row added; None when dropped."""
    differences: tuple[Difference, ...] = ()
    """Matched by GUID: the fields that differ."""
    reason: DropReason | None = None
    detail: str = ""

    @property
    def row_id(self) -> int | None:
        return None if self.here is None else self.here.id


class ValueIngested(NamedTuple):
    """What became of one attribute value: added (``value_id`` when added one by one), or found
    for the same attribute and owner (``here``: the value there, which may differ)."""

    outcome: Outcome
    here: str | None = None
    value_id: int | None = None


class GuidClaims(Protocol):
    """Every GUID here with the kind of item that carries it (one register for a whole merge)."""

    def clash(self, guid: str, kind: str) -> str | None: ...

    def claim(self, guid: str, kind: str) -> None: ...


@dataclass(frozen=True)
class IngestPolicy:
    """How a flow matches: the differences between a merge and a REFI-QDA import, stated."""

    fold_guid_case: bool = False
    """REFI-QDA files write GUIDs in either case: an import matches them folded, a merge exactly."""
    guid_claims: GuidClaims | None = None
    """A merge: a new item whose GUID another kind carries here is dropped (REFI-QDA needs GUIDs
    unique across a project); otherwise its GUID is claimed."""
    distinct_code_paths: bool = False
    """A merge: a new code whose path (names joined by ``/``) is another code's is dropped."""


class ProjectOutcomes(NamedTuple):
    coders: list[Ingested[CoderHere]]
    codes: list[Ingested[CodeHere]]
    attributes: list[Ingested[AttributeHere]]
    cases: list[Ingested[CaseHere]]


Refusal = tuple[DropReason, str]


class ProjectIngest:
    """Matches or adds each kind through ``ingest``; keeps, per kind, incoming GUID → id here."""

    def __init__(self, ingest: Ingest, policy: IngestPolicy) -> None:
        self.ingest = ingest
        self.policy = policy
        self.code_ids: dict[str, int] = {}
        """Incoming code GUID (folded as the policy says) → the code here."""
        self._dropped_codes: set[str] = set()

    def _guid(self, guid: str) -> str:
        return guid.lower() if self.policy.fold_guid_case else guid

    def ingest_project(self, project: IncomingProject) -> ProjectOutcomes:
        """All four kinds, in the order they depend on one another (none depends on cases)."""
        return ProjectOutcomes(
            self.coders(project.coders), self.codes(project.codes), self.attributes(project.attributes),
            self.cases(project.cases),
        )

    def coders(self, items: Sequence[IncomingCoder]) -> list[Ingested[CoderHere]]:
        def add(item: IncomingCoder, name: str, count: int) -> CoderHere:
            colour = item.colour if item.colour is not None else palette_colour(count)
            return CoderHere(self.ingest.add_coder(item.guid, name, colour), item.guid, name)

        return self._each("coder", items, self.ingest.coder_rows(), lambda r: r.name, lambda i: i.name,
                          ("name",), add)

    def cases(self, items: Sequence[IncomingCase]) -> list[Ingested[CaseHere]]:
        def add(item: IncomingCase, name: str, _count: int) -> CaseHere:
            return CaseHere(self.ingest.add_case(item.guid, name, item.description), item.guid, name, item.description)

        return self._each("case", items, self.ingest.case_rows(), lambda r: r.name, lambda i: i.name,
                          ("name", "description"), add)

    def attributes(self, items: Sequence[IncomingAttribute]) -> list[Ingested[AttributeHere]]:
        def add(item: IncomingAttribute, key: tuple[str, str], _count: int) -> AttributeHere:
            name, applies_to = key
            attribute_id = self.ingest.add_attribute(item.guid, name, item.value_type, applies_to)
            return AttributeHere(attribute_id, item.guid, name, item.value_type, applies_to)

        return self._each("attribute", items, self.ingest.attribute_rows(), lambda r: (r.name, r.applies_to),
                          lambda i: (i.name, i.applies_to), ("name", "value_type", "applies_to"), add)

    def values(self, items: Sequence[IncomingValue], *, one_by_one: bool = False) -> list[ValueIngested]:
        """Attribute values (already pointing at ids here): one per attribute and owner. New ones
        go in as one bulk insert, or ``one_by_one`` (a merge: it reports their ids)."""
        here = self.ingest.values_here()
        outcomes: list[ValueIngested] = []
        new: list[IncomingValue] = []
        for item in items:
            key = (item.attribute_id, item.case_id, item.source_id)
            found = here.get(key)
            if found is not None:
                outcomes.append(ValueIngested(Outcome.MATCHED_BY_KEY, found))
                continue
            here[key] = item.value
            if one_by_one:
                outcomes.append(ValueIngested(Outcome.ADDED, value_id=self.ingest.add_value(item)))
            else:
                new.append(item)
                outcomes.append(ValueIngested(Outcome.ADDED))
        self.ingest.add_values(new)
        return outcomes

    def sources(self, items: Sequence[IncomingText], *, by_text: bool = False,
                refuse_new: Callable[[IncomingText], Refusal | None] | None = None) -> SourceBatch:
        """Sources: found by GUID, else (``by_text``) by their text's hash, else named uniquely
        for one bulk add (:mod:`qcoder.core.ingest.source_ingest`)."""
        from qcoder.core.ingest.source_ingest import match_sources

        return match_sources(self.ingest, self.policy, items, by_text=by_text, refuse_new=refuse_new)

    def links(self, links: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        """Case links (case id, source id here): those not here yet are added; they, in order."""
        here = self.ingest.links()
        new: list[tuple[int, int]] = []
        for link in links:
            if link not in here:
                here.add(link)
                new.append(link)
        self.ingest.add_links(new)
        return new

    def codes(self, items: Sequence[IncomingCode]) -> list[Ingested[CodeHere]]:
        """Parents before children: a code's key is its name under its parent *here*."""
        rows = self.ingest.code_rows()
        positions: dict[int | None, int] = {}
        for row in rows:
            positions[row.parent_id] = max(positions.get(row.parent_id, 0), row.position + 1)
        paths = plain = None
        if self.policy.distinct_code_paths:
            paths = CodePaths((r.id, r.parent_id, r.name) for r in rows)
            # the incoming paths made of plain names: an incoming code named 'A/B' must not take
            # the path of the incoming code B under A, whichever of the two comes first
            there = CodePaths((self._guid(c.guid), c.parent_guid and self._guid(c.parent_guid), c.name) for c in items)
            plain = {there.paths[g] for c in items
                     if PATH_SEPARATOR not in c.name and (g := self._guid(c.guid)) in there.paths}

        def parent_of(item: IncomingCode) -> int | None:
            return self.code_ids.get(self._guid(item.parent_guid)) if item.parent_guid else None

        def refuse(item: IncomingCode) -> Refusal | None:
            if item.parent_guid and self._guid(item.parent_guid) in self._dropped_codes:
                return DropReason.PARENT_DROPPED, ""
            return (DropReason.UNFIT, item.unfit) if item.unfit is not None else None

        def refuse_new(item: IncomingCode, key: tuple[int | None, str]) -> Refusal | None:
            if paths is None or plain is None:
                return None
            path = paths.path(key[0], key[1])
            taken = path in paths.taken or (PATH_SEPARATOR in item.name and path in plain)
            return (DropReason.PATH_TAKEN, path) if taken else None

        def add(item: IncomingCode, key: tuple[int | None, str], count: int) -> CodeHere:
            parent_id, name = key
            colour = item.colour if item.colour is not None else palette_colour(count)
            position = positions.get(parent_id, 0)
            positions[parent_id] = position + 1
            code_id = self.ingest.add_code(item.guid, parent_id, name, colour, item.description, item.codable, position)
            if paths is not None:
                paths.add(code_id, paths.path(parent_id, name))
            return CodeHere(code_id, item.guid, parent_id, name, colour, item.description, item.codable, position)

        def record(item: IncomingCode, ingested: Ingested[CodeHere]) -> None:
            if ingested.here is None:
                self._dropped_codes.add(self._guid(item.guid))
            else:
                self.code_ids[self._guid(item.guid)] = ingested.here.id

        return self._each("code", items, rows, lambda r: (r.parent_id, r.name), lambda i: (parent_of(i), i.name),
                          ("name", "colour", "description", "is_codable"), add, refuse, refuse_new, record)

    def _each(
        self, kind: str, items: Sequence[Item], rows: list[Row], row_key: Callable[[Row], Hashable],
        item_key: Callable[[Item], Hashable], fields: tuple[str, ...], add: Callable[..., Row],
        refuse: Callable[[Item], Refusal | None] | None = None,
        refuse_new: Callable[..., Refusal | None] | None = None,
        record: Callable[[Item, Ingested[Row]], None] | None = None,
    ) -> list[Ingested[Row]]:
        """The one match-or-add loop: for each item, in order, what became of it."""
        here: Matcher[Hashable] = Matcher(((r.id, r.guid, row_key(r)) for r in rows), fold_case=self.policy.fold_guid_case)
        by_id = {r.id: r for r in rows}
        outcomes: list[Ingested[Row]] = []
        for item in items:
            outcome = self._one(kind, item, here, by_id, item_key, fields, add, refuse, refuse_new)
            if outcome.outcome is Outcome.ADDED and outcome.here is not None:
                by_id[outcome.here.id] = outcome.here
                here.add(outcome.here.id, item.guid, row_key(outcome.here))
            if record is not None:
                record(item, outcome)
            outcomes.append(outcome)
        return outcomes

    def _one(
        self, kind: str, item: Item, here: Matcher[Hashable], by_id: dict[int, Row],
        item_key: Callable[[Item], Hashable], fields: tuple[str, ...], add: Callable[..., Row],
        refuse: Callable[[Item], Refusal | None] | None, refuse_new: Callable[..., Refusal | None] | None,
    ) -> Ingested[Row]:
        refusal = refuse(item) if refuse is not None else None
        if refusal is not None:
            return Ingested(item.guid, Outcome.DROPPED, reason=refusal[0], detail=refusal[1])
        key = item_key(item)
        found = here.find(item.guid, key)
        if found is not None:
            row = by_id[found[0]]
            if found[1] is Match.GUID:
                return Ingested(item.guid, Outcome.MATCHED_BY_GUID, row, _differences(row, item, fields, key))
            return Ingested(item.guid, Outcome.MATCHED_BY_KEY, row)
        refusal = refuse_new(item, key) if refuse_new is not None else None
        claims = self.policy.guid_claims
        if refusal is None and claims is not None:
            other = claims.clash(item.guid, kind)
            if other is not None:
                refusal = (DropReason.GUID_CLAIMED, other)
            else:
                claims.claim(item.guid, kind)
        if refusal is not None:
            return Ingested(item.guid, Outcome.DROPPED, reason=refusal[0], detail=refusal[1])
        return Ingested(item.guid, Outcome.ADDED, add(item, key, len(by_id)))


def _differences(row: Row, item: Item, fields: tuple[str, ...], key: Hashable) -> tuple[Difference, ...]:
    """The fields of ``item`` that differ from ``row``'s (a code's ``is_codable`` is its ``codable``;
    for a code, also its parent: ``key`` holds the parent here)."""
    found = []
    for name in fields:
        theirs = getattr(item, "codable" if name == "is_codable" else name)
        if theirs is not None and getattr(row, name) != theirs:  # None: not given (a colour)
            found.append(Difference(name, getattr(row, name), theirs))
    if isinstance(row, CodeHere) and isinstance(key, tuple) and row.parent_id != key[0]:
        found.append(Difference("parent", row.parent_id, key[0]))
    return tuple(found)
