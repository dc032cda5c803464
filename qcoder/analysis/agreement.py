"""Inter-coder agreement at character level, computed from the coded spans (docs/ARCHITECTURE.md §12).

**Unit.** Each character of the chosen sources, once for each chosen code. A coder's value for a
unit is 1 when one of that coder's codings of that code covers the character, else 0 (several
overlapping codings of one coder count once). "Overall" pools the units of all chosen codes. A *group* (a code with codes below it, e.g. a
lifecycle stage or "On-ramp") also gets its own row: a coder's value for a character is 1 when
that coder coded it with any code of the group — agreement on the stage, whatever the sub-code.

**Measures** (all on those binary unit vectors, no missing values):

- *percent agreement*: the mean, over units, of the share of coder pairs that give the unit the
  same value; for two coders that is simply the share of units on which both agree. It is a
  share from 0 to 1 (``percent`` in JSON, shown as a percentage in tables).
- *Cohen's kappa* (two coders only): ``(p_o - p_e) / (1 - p_e)`` with each coder's own marginals,
  ``p_e = Σ_v p_A(v) p_B(v)`` — scikit-learn's ``cohen_kappa_score``. With three or more coders,
  the report adds Cohen's kappa of each pair over all units.
- *Fleiss' kappa*: statsmodels' ``fleiss_kappa`` on the units × {0, 1} count table, i.e. mean
  per-unit pair agreement against ``Σ_v p(v)²`` with pooled marginals.
- *Krippendorff's alpha* (nominal): ``1 - D_o / D_e`` from the coincidence matrix, as the
  ``krippendorff`` package computes it.

**Undefined values.** When the chance term leaves nothing to beat — every unit has the same
value for every coder (no codings at all, or a code applied to every character), or there are
no units — a kappa or alpha is ``None`` (``null`` in JSON), as is percent agreement with no
units. Cohen's kappa is ``None`` whenever the number of coders is not two.

**How.** Nothing here expands spans into per-character arrays: for each (source, code) a sweep
over the sorted span boundaries yields run lengths of each coder-value pattern (a bit mask, bit
``i`` set when coder ``i`` codes the run); the all-zero pattern is what is left of the source's
length. All figures follow from those pattern counts, exactly, in integer arithmetic up to the
final divisions.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.errors import NotFoundError, QcoderError
from qcoder.core.store.models import Coder, Coding, Source
from qcoder.core.usecases.queries.code_tree import list_codes

Span = tuple[int, int]
PatternCounts = Mapping[int, int]
"""Bit mask of the coders who code a unit → number of such units."""


@dataclass(frozen=True)
class AgreementFigures:
    """The agreement measures for one set of units; ``None`` where undefined (see module doc)."""

    units: int
    percent: float | None
    cohen_kappa: float | None
    fleiss_kappa: float | None
    krippendorff_alpha: float | None

    def as_json(self, coders: int) -> dict[str, float | int | None]:
        data: dict[str, float | int | None] = {"units": self.units, "percent": self.percent}
        if coders == 2:
            data["cohen_kappa"] = self.cohen_kappa
        data["fleiss_kappa"] = self.fleiss_kappa
        data["krippendorff_alpha"] = self.krippendorff_alpha
        return data


@dataclass(frozen=True)
class AgreementReport:
    coders: tuple[str, ...]
    sources: tuple[str, ...]
    overall: AgreementFigures
    per_code: dict[str, AgreementFigures] = field(default_factory=dict)
    """Code path → figures, in code-tree order."""
    pairwise: dict[tuple[str, str], float | None] = field(default_factory=dict)
    """With three or more coders: Cohen's kappa of each pair over all units (overall)."""
    per_group: dict[str, AgreementFigures] = field(default_factory=dict)
    """Group path → figures on "coded with any code of the group", in code-tree order."""

    def as_json(self) -> dict[str, object]:
        n = len(self.coders)
        data: dict[str, object] = {
            "coders": list(self.coders),
            "sources": len(self.sources),
            "overall": self.overall.as_json(n),
            "per_code": {path: figures.as_json(n) for path, figures in self.per_code.items()},
            "per_group": {path: figures.as_json(n) for path, figures in self.per_group.items()},
        }
        if self.pairwise:
            data["pairwise_cohen_kappa"] = {f"{a} | {b}": kappa for (a, b), kappa in self.pairwise.items()}
        return data


# -- from spans to pattern counts ---------------------------------------------------------------


def pattern_counts(spans_by_coder: Sequence[Iterable[Span]], length: int) -> Counter[int]:
    """Run lengths of each coder pattern over ``[0, length)`` by a sweep over span boundaries.

    ``spans_by_coder[i]`` are coder ``i``'s half-open spans; spans are clipped to the text.
    """
    events: list[tuple[int, int, int]] = []
    for coder, spans in enumerate(spans_by_coder):
        for start, end in spans:
            start, end = max(0, start), min(length, end)
            if start < end:
                events.append((start, coder, 1))
                events.append((end, coder, -1))
    counts: Counter[int] = Counter()
    events.sort()
    depth = [0] * len(spans_by_coder)
    mask = 0
    previous = 0
    covered = 0
    for position, coder, step in events:
        if position > previous and mask:
            counts[mask] += position - previous
            covered += position - previous
        previous = position
        depth[coder] += step
        if depth[coder] > 0:
            mask |= 1 << coder
        else:
            mask &= ~(1 << coder)
    if length - covered:
        counts[0] += length - covered
    return counts


def expand_units(counts: PatternCounts, coders: int) -> list[list[int]]:
    """The per-coder unit vectors behind ``counts`` (for tests against reference libraries)."""
    vectors: list[list[int]] = [[] for _ in range(coders)]
    for mask, count in sorted(counts.items()):
        for coder in range(coders):
            vectors[coder].extend([(mask >> coder) & 1] * count)
    return vectors


# -- from pattern counts to figures --------------------------------------------------------------


def figures(counts: PatternCounts, coders: int) -> AgreementFigures:
    """Percent agreement, Cohen's and Fleiss' kappa and Krippendorff's alpha from pattern counts."""
    if coders < 2:
        raise QcoderError("agreement needs at least two coders")
    n = coders
    units = sum(counts.values())
    if units == 0:
        return AgreementFigures(0, None, None, None, None)
    pairs = n * (n - 1) // 2
    agreeing_pairs = 0  # Σ_u (pairs agreeing on u)
    ones = 0  # Σ_u k_u, values 1 given by all coders together
    disagreeing_ordered = 0  # Σ_u k_u (n - k_u): ordered (0, 1) pairs within units
    for mask, count in counts.items():
        k = mask.bit_count()
        agreeing_pairs += count * (k * (k - 1) // 2 + (n - k) * (n - k - 1) // 2)
        ones += count * k
        disagreeing_ordered += count * k * (n - k)
    zeros = units * n - ones
    percent = agreeing_pairs / (units * pairs)
    if ones == 0 or zeros == 0:
        fleiss = alpha = None
    else:
        # Fleiss: P̄ is mean pair agreement (= percent), P_e = p0² + p1² with pooled marginals.
        total = units * n
        p_expected = (zeros * zeros + ones * ones) / (total * total)
        fleiss = (percent - p_expected) / (1 - p_expected)
        # Krippendorff nominal, binary: o_01 = Σ_u k(n-k)/(n-1); α = 1 - (N-1) o_01 / (n_0 n_1).
        alpha = 1 - (total - 1) * (disagreeing_ordered / (n - 1)) / (zeros * ones)
    cohen = _cohen(counts, units) if n == 2 else None
    return AgreementFigures(units, percent, cohen, fleiss, alpha)


def pair_counts(counts: PatternCounts, first: int, second: int) -> Counter[int]:
    """The pattern counts of two of the coders only (bit 0: ``first``, bit 1: ``second``)."""
    pair: Counter[int] = Counter()
    for mask, count in counts.items():
        pair[((mask >> first) & 1) | (((mask >> second) & 1) << 1)] += count
    return pair


def _cohen(counts: PatternCounts, units: int) -> float | None:
    first = counts.get(0b01, 0) + counts.get(0b11, 0)  # units coder 0 codes
    second = counts.get(0b10, 0) + counts.get(0b11, 0)
    agree = counts.get(0b00, 0) + counts.get(0b11, 0)
    chance = first * second + (units - first) * (units - second)  # p_e · units²
    if chance == units * units:
        return None
    return (agree * units - chance) / (units * units - chance)


# -- from a project to a report ------------------------------------------------------------------


def compute_agreement(
    session: Session,
    coders: Sequence[str],
    *,
    code_paths: Sequence[str] | None = None,
    source_names: Sequence[str] | None = None,
) -> AgreementReport:
    """Agreement between the named coders on the given codes and sources.

    Without ``code_paths``, the codes are those that any of the coders applied in the chosen
    sources (codes nobody applied add only all-zero units and would inflate the figures).
    Without ``source_names``, every source is chosen.
    """
    coder_ids = _coder_ids(session, coders)
    sources = _sources(session, source_names)
    paths = {info.id: info.path for info in list_codes(session)}
    by_path = {path: code_id for code_id, path in paths.items()}
    query = select(Coding.source_id, Coding.code_id, Coding.coder_id, Coding.start, Coding.end).where(
        Coding.coder_id.in_(coder_ids), Coding.source_id.in_(list(sources))
    )
    if code_paths is not None:
        missing = [path for path in code_paths if path not in by_path]
        if missing:
            raise NotFoundError(f"no code '{missing[0]}'")
        chosen = [by_path[path] for path in dict.fromkeys(code_paths)]
        query = query.where(Coding.code_id.in_(chosen))
    index = {coder_id: position for position, coder_id in enumerate(coder_ids)}
    spans: dict[int, dict[int, list[list[Span]]]] = defaultdict(dict)
    for source_id, code_id, coder_id, start, end in session.execute(query):
        per_coder = spans[code_id].setdefault(source_id, [[] for _ in coder_ids])
        per_coder[index[coder_id]].append((start, end))
    if code_paths is None:
        chosen = [code_id for code_id in paths if code_id in spans]
    total_length = sum(length for _name, length in sources.values())
    per_code: dict[str, AgreementFigures] = {}
    pooled: Counter[int] = Counter()
    for code_id in chosen:  # type: ignore[possibly-undefined]  # set by whichever code_paths branch ran
        counts: Counter[int] = Counter()
        for source_id, per_coder in spans.get(code_id, {}).items():
            counts.update(pattern_counts(per_coder, sources[source_id][1]))
        counts[0] += total_length - sum(counts.values())
        per_code[paths[code_id]] = figures(counts, len(coder_ids))
        pooled.update(counts)
    per_group = _per_group(list_codes(session), chosen, spans, sources, len(coder_ids), total_length)
    pairwise: dict[tuple[str, str], float | None] = {}
    if len(coders) > 2:
        for i, first in enumerate(coders):
            for j in range(i + 1, len(coders)):
                pairwise[(first, coders[j])] = figures(pair_counts(pooled, i, j), 2).cohen_kappa
    return AgreementReport(
        coders=tuple(coders),
        sources=tuple(name for name, _length in sources.values()),
        overall=figures(pooled, len(coder_ids)),
        per_code=per_code,
        pairwise=pairwise,
        per_group=per_group,
    )


def _per_group(
    codes: list, chosen: Sequence[int], spans: Mapping[int, Mapping[int, list[list[Span]]]],
    sources: Mapping[int, tuple[str, int]], coders: int, total_length: int,
) -> dict[str, AgreementFigures]:
    """Figures for each group that holds two or more chosen codes (tree order)."""
    parent = {code.id: code.parent_id for code in codes}
    members: dict[int, list[int]] = defaultdict(list)
    for code_id in chosen:
        current = parent.get(code_id)
        while current is not None:
            members[current].append(code_id)
            current = parent.get(current)
    result: dict[str, AgreementFigures] = {}
    for code in codes:  # tree order
        if code.id not in members:
            continue
        below = [*members[code.id], *([code.id] if code.id in chosen else [])]
        if len(below) < 2:
            continue  # one code only: its own row says it already
        merged: dict[int, list[list[Span]]] = {}
        for code_id in below:
            for source_id, per_coder in spans.get(code_id, {}).items():
                target = merged.setdefault(source_id, [[] for _ in range(coders)])
                for position, coder_spans in enumerate(per_coder):
                    target[position].extend(coder_spans)
        counts: Counter[int] = Counter()
        for source_id, per_coder in merged.items():
            counts.update(pattern_counts(per_coder, sources[source_id][1]))
        counts[0] += total_length - sum(counts.values())
        result[code.path] = figures(counts, coders)
    return result


def _coder_ids(session: Session, names: Sequence[str]) -> list[int]:
    if len(names) < 2:
        raise QcoderError("agreement needs at least two coders")
    if len(set(names)) != len(names):
        raise QcoderError("each coder may be named only once")
    found = dict(session.execute(select(Coder.name, Coder.id).where(Coder.name.in_(names))).all())
    for name in names:
        if name not in found:
            raise NotFoundError(f"no coder called '{name}'")
    return [found[name] for name in names]


def _sources(session: Session, names: Sequence[str] | None) -> dict[int, tuple[str, int]]:
    """Source id → (name, characters), in name order."""
    rows = session.execute(
        select(Source.id, Source.name, Source.guid, Source.characters).order_by(Source.name, Source.id)
    ).all()
    if names is None:
        return {source_id: (name, length) for source_id, name, _guid, length in rows}
    chosen: dict[int, tuple[str, int]] = {}
    for wanted in names:
        matches = [row for row in rows if wanted in (row[1], row[2])]
        if not matches:
            raise NotFoundError(f"no source '{wanted}'")
        for source_id, name, _guid, length in matches:
            chosen[source_id] = (name, length)
    return chosen
