"""Everything the map views read, loaded in a few queries: codings per source, codes, organisations.

Codings come back as plain tuples sorted by (source, start) — one query, only of the codes a
view needs — so that the views can work in one pass over sorted spans per source.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from qcoder.core.errors import NotFoundError
from qcoder.core.store.models import Code, Coder, Coding, Source, SpeakerTurn
from qcoder.core.usecases.queries.code_tree import resolve_code_path
from qcoder.core.usecases.queries.organisations import OrganisationInfo, list_organisations
from qcoder.core.usecases.queries.sources import texts_of

Span = tuple[int, int, int, int, int, int, bool]
"""One coding as the map views read it: a plain tuple, indexed by the constants below.

It is the hot path of every map view (100,000 of them in a second's fraction), where building
named tuples or objects per row would cost more than reading the rows.
"""
SOURCE, START, END, CODE, CODING, CODER, EXEMPLAR = range(7)


@dataclass(frozen=True)
class CodeNode:
    id: int
    parent_id: int | None
    name: str
    colour: str
    codable: bool
    path: str


@dataclass
class MapInputs:
    spans: dict[int, list[Span]]
    """Per source id, its codings sorted by start."""
    codes: dict[int, CodeNode]
    children: dict[int | None, list[int]]
    source_names: dict[int, str]
    coders: dict[int, str]
    organisations: list[OrganisationInfo]
    source_org: dict[int, int] = field(default_factory=dict)
    """Source id → index in ``organisations`` of the organisation whose source it is."""

    def descendants(self, code_id: int) -> set[int]:
        found: set[int] = set()
        stack = [code_id]
        while stack:
            current = stack.pop()
            found.add(current)
            stack.extend(self.children.get(current, ()))
        return found

    def organisation_code_ids(self) -> dict[int, int]:
        """Mention code id → index of its organisation."""
        return {o.code_id: i for i, o in enumerate(self.organisations) if o.code_id is not None}

    def fold(self, group_id: int) -> dict[int, int]:
        """Every code under ``group_id`` → the child of ``group_id`` it belongs to."""
        folded: dict[int, int] = {}
        for child in self.children.get(group_id, ()):
            for code_id in self.descendants(child):
                folded[code_id] = child
        return folded


def load_map_inputs(
    session: Session, *, coder: str | None = None, codes_wanted: Callable[[MapInputs], Collection[int]] | None = None,
    consensus: int | str | None = None,
) -> MapInputs:
    """The codes, sources and organisations of a project, and its codings (of one coder, if given).

    ``codes_wanted`` picks, from the loaded code tree, the codes whose codings a view needs;
    only those are read (the network needs the mention codes and the ``--with-code`` codes,
    not every coding of the project). ``consensus`` keeps only the passages coded by enough
    coders (:mod:`qcoder.analysis.consensus`).
    """
    coders = dict(session.execute(select(Coder.id, Coder.name)).all())
    coder_id = None
    if coder is not None:
        coder_id = next((i for i, name in coders.items() if name == coder), None)
        if coder_id is None:
            raise NotFoundError(f"no coder called '{coder}'")
    codes: dict[int, CodeNode] = {}
    children: dict[int | None, list[int]] = defaultdict(list)
    rows = session.execute(
        select(Code.id, Code.parent_id, Code.name, Code.colour, Code.is_codable).order_by(Code.position, Code.id)
    ).all()
    names = {row[0]: (row[1], row[2]) for row in rows}
    for code_id, parent_id, name, colour, codable in rows:
        children[parent_id].append(code_id)
        codes[code_id] = CodeNode(code_id, parent_id, name, colour, codable, _path(names, code_id))
    organisations = list_organisations(session)
    source_org: dict[int, int] = {}
    for index, organisation in enumerate(organisations):
        for source_id in organisation.source_ids:
            source_org.setdefault(source_id, index)
    inputs = MapInputs(
        spans={}, codes=codes, children=dict(children),
        source_names=dict(session.execute(select(Source.id, Source.name)).all()),
        coders=coders, organisations=organisations, source_org=source_org,
    )
    wanted = None if codes_wanted is None else set(codes_wanted(inputs))
    inputs.spans = load_spans(session, wanted, coder_id, consensus=consensus)
    return inputs


def load_spans(
    session: Session, code_ids: set[int] | None, coder_id: int | None = None, *, consensus: int | str | None = None
) -> dict[int, list[Span]]:
    """Codings (of ``code_ids``, of one coder) per source, sorted by start, in one query.

    Runs on the connection, not through the ORM: it is the hot path of every map view. Spans
    with the same start come in the order they were made (by id), so that quotes are listed the
    same way on every database: free on SQLite, whose index on (source, start) ends in the id.
    With ``consensus``, every coder's codings are read to find the passages enough coders made,
    and then only ``coder_id``'s kept.
    """
    if consensus is not None:
        from qcoder.analysis.consensus import keep_consensus, required_coders

        minimum = required_coders(session, consensus)
        if minimum is not None and minimum > 1:
            agreed = keep_consensus(load_spans(session, code_ids), minimum)
            if coder_id is None:
                return agreed
            return {s: r for s, rows in agreed.items() if (r := [x for x in rows if x[CODER] == coder_id])}
    query = select(
        Coding.source_id, Coding.start, Coding.end, Coding.code_id, Coding.id, Coding.coder_id, Coding.exemplar
    )  # the order of SOURCE, START, END, CODE, CODING, CODER, EXEMPLAR
    if code_ids is not None:
        if not code_ids:
            return {}
        query = query.where(Coding.code_id.in_(sorted(code_ids)))
    if coder_id is not None:
        query = query.where(Coding.coder_id == coder_id)
    rows = _raw_rows(session, query.order_by(Coding.source_id, Coding.start, Coding.id))
    spans: dict[int, list[Span]] = {}
    first = 0
    for index in range(1, len(rows) + 1):
        if index == len(rows) or rows[index][SOURCE] != rows[first][SOURCE]:
            spans[rows[first][SOURCE]] = rows[first:index]
            first = index
    return spans


def _raw_rows(session: Session, query: Select[*tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The rows of ``query`` as the database driver returns them, without SQLAlchemy's Row objects.

    Booleans arrive as the driver gives them (0/1 on SQLite), which is all the map views need.
    """
    connection = session.connection()
    compiled = query.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    params = (
        tuple(compiled.params[name] for name in compiled.positiontup or ())
        if compiled.positional else compiled.params
    )
    cursor = connection.connection.cursor()
    try:
        cursor.execute(str(compiled), params)
        return cast("list[tuple[Any, ...]]", cursor.fetchall())  # sqlite3 and psycopg return a list
    finally:
        cursor.close()


def _path(names: dict[int, tuple[int | None, str]], code_id: int) -> str:
    parts: list[str] = []
    current: int | None = code_id
    while current is not None:
        parent, name = names[current]
        parts.append(name)
        current = parent
    return "/".join(reversed(parts))


def load_turns(session: Session, source_ids: set[int] | None = None) -> dict[int, list[tuple[int, int]]]:
    """Speaker turns as (start, end) per source, sorted by start."""
    query = select(SpeakerTurn.source_id, SpeakerTurn.start, SpeakerTurn.end).order_by(
        SpeakerTurn.source_id, SpeakerTurn.start
    )
    if source_ids is not None:
        query = query.where(SpeakerTurn.source_id.in_(source_ids))
    turns: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for source_id, start, end in session.execute(query):
        turns[source_id].append((start, end))
    return dict(turns)


def load_texts(session: Session, source_ids: set[int]) -> dict[int, str]:
    return texts_of(session, source_ids)


def resolve_code_sets(session: Session, paths: list[str] | tuple[str, ...], inputs: MapInputs) -> tuple[frozenset[int], ...]:
    """Each path's code and everything below it (``On-ramp`` means any on-ramp)."""
    return tuple(frozenset(inputs.descendants(resolve_code_path(session, path))) for path in paths)


def code_ids_under(session: Session, paths: list[str] | tuple[str, ...]) -> set[int]:
    """Every code at or below the given paths (for ``codes_wanted`` before the tree is loaded)."""
    from qcoder.core.usecases.queries.code_tree import descendant_ids

    return {c for path in paths for c in descendant_ids(session, resolve_code_path(session, path))}


__all__ = [
    "CODE",
    "CODER",
    "CODING",
    "END",
    "EXEMPLAR",
    "SOURCE",
    "START",
    "CodeNode",
    "MapInputs",
    "Span",
    "load_map_inputs",
    "load_texts",
    "load_turns",
]
