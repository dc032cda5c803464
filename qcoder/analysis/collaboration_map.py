"""The collaboration network (docs/ARCHITECTURE.md §11): organisations and who mentions whom.

An edge runs from the organisation of a source (its case that is an organisation) to each
organisation that a passage in that source mentions (a coding with the organisation's code under
``Organisations``). Its weight is the number of such passages; its evidence lists them. Mentions
can be kept only when coded together with certain codes (``with_codes``: each entry is a set of
code ids — a code and its descendants — and a mention must be coded together with one code of
every entry), by one coder, or from organisations with given attribute values.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from qcoder.analysis.cooccurrence_units import check_unit, codes_together
from qcoder.analysis.evidence import Evidence, EvidenceList, QuoteMaker
from qcoder.analysis.map_inputs import (
    CODE,
    MapInputs,
    Span,
    code_ids_under,
    load_map_inputs,
    load_texts,
    load_turns,
    resolve_code_sets,
)
from qcoder.core.usecases.queries.organisations import OrganisationInfo


@dataclass(frozen=True)
class MapNode:
    name: str
    case_id: int | None
    org_type: str | None
    category: str
    """The organisation type, or ``mentioned only`` (drawn grey)."""
    country: str | None
    lat: float | None
    lon: float | None
    interviewed: bool | None
    mentions_made: int
    mentions_received: int


@dataclass(frozen=True)
class MapEdge:
    source: str
    target: str
    evidence: EvidenceList

    @property
    def weight(self) -> int:
        """Distinct passages (two coders coding the same span count once); ``evidence`` has each coding."""
        return self.evidence.passages()


@dataclass(frozen=True)
class MapFilters:
    with_codes: tuple[str, ...] = ()
    """Code paths; a mention must be coded together with (a descendant of) each."""
    coder: str | None = None
    unit: str = "overlap"
    attributes: tuple[tuple[str, str], ...] = ()
    """(attribute, value) pairs the *mentioning* organisation must have."""
    consensus: int | str | None = None
    """Only mentions coded by all coders (``"all"``) or at least this many (:mod:`consensus`)."""


@dataclass(frozen=True)
class CollaborationMap:
    nodes: tuple[MapNode, ...]
    edges: tuple[MapEdge, ...]
    filters: MapFilters = field(default_factory=MapFilters)

    def node(self, name: str) -> MapNode | None:
        return next((n for n in self.nodes if n.name == name), None)

    def edge(self, source: str, target: str) -> MapEdge | None:
        return next((e for e in self.edges if e.source == source and e.target == target), None)

    def edge_set(self) -> set[tuple[str, str]]:
        return {(e.source, e.target) for e in self.edges}

    def node_evidence(self, name: str) -> list[Evidence]:
        """Every passage behind the edges that touch ``name``, made or received."""
        return [ev for e in self.edges if name in (e.source, e.target) for ev in e.evidence]


def build_collaboration_map(session: Session, filters: MapFilters = MapFilters()) -> CollaborationMap:
    check_unit(filters.unit)
    extra = code_ids_under(session, filters.with_codes)
    inputs = load_map_inputs(
        session, coder=filters.coder, codes_wanted=lambda i: set(i.organisation_code_ids()) | extra,
        consensus=filters.consensus,
    )
    with_sets = resolve_code_sets(session, filters.with_codes, inputs)
    turns = load_turns(session, set(inputs.spans)) if filters.unit == "turn" else None
    return collaboration_map_from(inputs, filters, with_sets, turns, session)


def collaboration_map_from(
    inputs: MapInputs,
    filters: MapFilters,
    with_sets: tuple[frozenset[int], ...],
    turns: dict[int, list[tuple[int, int]]] | None,
    session: Session,
) -> CollaborationMap:
    organisations = inputs.organisations
    mention_codes = inputs.organisation_code_ids()
    allowed_sources = {
        source_id for source_id, index in inputs.source_org.items()
        if _matches(organisations[index], filters.attributes)
    }
    spans = {s: v for s, v in inputs.spans.items() if s in allowed_sources}
    found: dict[tuple[int, int], list[tuple[int, Span]]] = defaultdict(list)
    partners = frozenset().union(*with_sets)
    for source_id, anchor, together in codes_together(spans, mention_codes, filters.unit, turns, partners):
        if with_sets and not all(together & codes for codes in with_sets):
            continue
        speaker, mentioned = inputs.source_org[source_id], mention_codes[anchor[CODE]]
        if speaker != mentioned:
            found[(speaker, mentioned)].append((source_id, anchor))
    texts = load_texts(session, {source_id for pairs in found.values() for source_id, _ in pairs})
    maker = QuoteMaker(inputs, texts)
    made: dict[int, int] = defaultdict(int)
    received: dict[int, int] = defaultdict(int)
    edges = []
    for (speaker, mentioned), pairs in sorted(
        found.items(), key=lambda item: (organisations[item[0][0]].name, organisations[item[0][1]].name)
    ):
        evidence = EvidenceList(pairs, maker)
        made[speaker] += evidence.passages()
        received[mentioned] += evidence.passages()
        edges.append(MapEdge(organisations[speaker].name, organisations[mentioned].name, evidence))
    nodes = tuple(_node(o, made[i], received[i]) for i, o in enumerate(organisations))
    return CollaborationMap(nodes, tuple(edges), filters)


def _matches(organisation: OrganisationInfo, attributes: tuple[tuple[str, str], ...]) -> bool:
    values = {
        "type": organisation.org_type, "country": organisation.country,
        "interviewed": None if organisation.interviewed is None else ("yes" if organisation.interviewed else "no"),
        "category": organisation.category,
    }
    return all((values.get(name) or "").lower() == value.lower() for name, value in attributes)


def _node(organisation: OrganisationInfo, made: int, received: int) -> MapNode:
    return MapNode(
        name=organisation.name, case_id=organisation.case_id, org_type=organisation.org_type,
        category=organisation.category, country=organisation.country, lat=organisation.lat,
        lon=organisation.lon, interviewed=organisation.interviewed,
        mentions_made=made, mentions_received=received,
    )
