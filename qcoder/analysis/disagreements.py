"""The passages where coders differ, one per cluster of overlapping codings (docs/ARCHITECTURE.md §12).

For each source and code, the compared coders' codings are grouped into clusters: maximal runs
of codings that overlap one another (whoever made them). A cluster is a *disagreement* when the
coders do not cover exactly the same characters in it — one coded it and another did not, or
their boundaries differ. Its passage is the cluster's extent ``[start, end)``.

A passage recorded as resolved with ``keep`` (both versions kept) in the ``resolutions`` table
is marked resolved; ``accept`` and ``remove`` make the coders agree, so those passages simply
stop being disagreements.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.errors import NotFoundError, QcoderError
from qcoder.core.store.models import Coder, Coding, Resolution, Source
from qcoder.core.usecases.queries.code_tree import list_codes
from qcoder.core.usecases.queries.sources import texts_of

EXCERPT_CHARACTERS = 300


@dataclass(frozen=True)
class CoderVersion:
    """One coder's codings within a disagreement (empty when the coder did not code it)."""

    coder_id: int
    coder: str
    coding_ids: tuple[int, ...]
    spans: tuple[tuple[int, int], ...]
    """The coder's coverage in the passage, as merged spans."""


@dataclass(frozen=True)
class Disagreement:
    source_id: int
    source: str
    code_id: int
    code: str
    start: int
    end: int
    versions: tuple[CoderVersion, ...]
    """One per compared coder, in the order the coders were given."""
    excerpt: str
    resolved: bool = False
    code_position: int = 0
    """The code's place in tree order, for sorting."""
    code_name: str = ""
    """The code's own name, whole (it may hold "/")."""

    @property
    def sort_key(self) -> tuple[str, int, int, int, int]:
        """Source by name, then position in it, then code in tree order."""
        return (self.source, self.source_id, self.start, self.code_position, self.end)

    @property
    def coders_with(self) -> tuple[str, ...]:
        return tuple(v.coder for v in self.versions if v.spans)

    @property
    def coders_without(self) -> tuple[str, ...]:
        return tuple(v.coder for v in self.versions if not v.spans)

    @property
    def coder_ids(self) -> tuple[int, ...]:
        return tuple(v.coder_id for v in self.versions)

    def as_json(self) -> dict[str, object]:
        return {
            "source": self.source, "code": self.code, "start": self.start, "end": self.end,
            "coders_with": list(self.coders_with), "coders_without": list(self.coders_without),
            "versions": {v.coder: [list(s) for s in v.spans] for v in self.versions},
            "text": self.excerpt, "resolved": self.resolved,
        }


def list_disagreements(
    session: Session,
    coders: Sequence[str],
    *,
    code_paths: Sequence[str] | None = None,
    source_names: Sequence[str] | None = None,
    include_resolved: bool = False,
    source_ids: Collection[int] | None = None,
    code_ids: Collection[int] | None = None,
) -> list[Disagreement]:
    """Every passage where the named coders differ, in source, position and code order.

    ``source_ids`` and ``code_ids`` narrow the search further, e.g. to refresh the passages that
    an edit touched without listing a whole project's again.
    """
    if len(coders) < 2 or len(set(coders)) != len(coders):
        raise QcoderError("compare two or more different coders")
    found = dict(session.execute(select(Coder.name, Coder.id).where(Coder.name.in_(coders))).all())
    for name in coders:
        if name not in found:
            raise NotFoundError(f"no coder called '{name}'")
    coder_ids = [found[name] for name in coders]
    codes = list_codes(session)
    paths = {c.id: c.path for c in codes}
    names = {c.id: c.name for c in codes}
    order = {c.id: index for index, c in enumerate(codes)}
    query = select(Coding.id, Coding.source_id, Coding.code_id, Coding.coder_id, Coding.start, Coding.end).where(
        Coding.coder_id.in_(coder_ids)
    )
    if code_paths is not None:
        by_path = {path: code_id for code_id, path in paths.items()}
        missing = [p for p in code_paths if p not in by_path]
        if missing:
            raise NotFoundError(f"no code '{missing[0]}'")
        query = query.where(Coding.code_id.in_([by_path[p] for p in code_paths]))
    if source_ids is not None:
        query = query.where(Coding.source_id.in_(list(source_ids)))
    if code_ids is not None:
        query = query.where(Coding.code_id.in_(list(code_ids)))
    sources = dict(session.execute(select(Source.id, Source.name)).all())
    if source_names is not None:
        wanted = set(source_names)
        chosen = {i for i, name in sources.items() if name in wanted}
        chosen |= set(session.execute(select(Source.id).where(Source.guid.in_(wanted))).scalars())
        if not chosen:
            raise NotFoundError(f"no source '{source_names[0]}'")
        query = query.where(Coding.source_id.in_(chosen))
    groups: dict[tuple[int, int], list[tuple[int, int, int, int]]] = defaultdict(list)
    for coding_id, source_id, code_id, coder_id, start, end in session.execute(query):
        groups[(source_id, code_id)].append((start, end, coder_id, coding_id))
    kept = {
        tuple(row) for row in session.execute(
            select(Resolution.source_id, Resolution.code_id, Resolution.start, Resolution.end)
            .where(Resolution.action == "keep")
        )
    }
    names = {coder_id: name for name, coder_id in found.items()}
    raw: list[tuple[int, int, int, int, tuple[CoderVersion, ...]]] = []
    for (source_id, code_id), codings in groups.items():
        for start, end, members in _clusters(codings):
            versions = _versions(members, coder_ids, names)
            if len({v.spans for v in versions}) > 1:
                raw.append((source_id, code_id, start, end, versions))
    texts = texts_of(session, {item[0] for item in raw})
    result = [
        Disagreement(
            source_id=source_id, source=sources[source_id], code_id=code_id, code=paths.get(code_id, "?"),
            start=start, end=end, versions=versions,
            excerpt=texts[source_id][start:min(end, start + EXCERPT_CHARACTERS)],
            resolved=(source_id, code_id, start, end) in kept, code_position=order.get(code_id, 0),
            code_name=names.get(code_id, "?"),
        )
        for source_id, code_id, start, end, versions in raw
    ]
    result = [d for d in result if include_resolved or not d.resolved]
    result.sort(key=lambda d: d.sort_key)
    return result


def _clusters(codings: list[tuple[int, int, int, int]]):
    """Maximal groups of overlapping codings: (start, end, members)."""
    codings.sort()
    cluster: list[tuple[int, int, int, int]] = []
    cluster_end = -1
    for coding in codings:
        if cluster and coding[0] >= cluster_end:
            yield cluster[0][0], cluster_end, cluster
            cluster = []
        cluster.append(coding)
        cluster_end = max(cluster_end, coding[1]) if len(cluster) > 1 else coding[1]
    if cluster:
        yield cluster[0][0], cluster_end, cluster


def _versions(members, coder_ids: Sequence[int], names: dict[int, str]) -> tuple[CoderVersion, ...]:
    """Each coder's codings and merged coverage in one cluster (``members`` sorted by start)."""
    mine: dict[int, list[tuple[int, int, int]]] = {coder_id: [] for coder_id in coder_ids}
    for start, end, coder_id, coding_id in members:
        mine[coder_id].append((start, end, coding_id))
    versions = []
    for coder_id in coder_ids:
        merged: list[tuple[int, int]] = []
        for start, end, _id in mine[coder_id]:
            if merged and start <= merged[-1][1]:
                if end > merged[-1][1]:
                    merged[-1] = (merged[-1][0], end)
            else:
                merged.append((start, end))
        versions.append(
            CoderVersion(coder_id, names[coder_id], tuple(i for _s, _e, i in mine[coder_id]), tuple(merged))
        )
    return tuple(versions)


def active_coders(session: Session) -> list[str]:
    """The names of the coders who have at least one coding, by name."""
    return list(
        session.execute(
            select(Coder.name).where(Coder.id.in_(select(Coding.coder_id).distinct())).order_by(Coder.name)
        ).scalars()
    )
