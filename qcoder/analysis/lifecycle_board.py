"""The lifecycle board: per stage, in lifecycle order, the on-ramps and challenges coded with it.

Each item counts its passages (codings of the on-ramp or challenge coded together with the
stage or one of its sub-stages), the distinct organisations whose sources they are in, and
lists the passages flagged as exemplar — the quotes of the study's lifecycle figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from qcoder.analysis.code_matrix import organisation_of, pair_passages
from qcoder.analysis.evidence import Evidence, EvidenceList, QuoteMaker
from qcoder.analysis.cooccurrence_units import check_unit
from qcoder.analysis.map_inputs import MapInputs, load_map_inputs, load_texts, load_turns
from qcoder.core.errors import QcoderError

STAGE_GROUP = "Lifecycle stage"
ITEM_GROUPS = ("On-ramp", "Challenge")
LIFECYCLE_ORDER = ("Pre-training", "Post-training", "Public release of model weights", "Post-release")


@dataclass(frozen=True)
class BoardItem:
    group: str
    """``On-ramp`` or ``Challenge``."""
    name: str
    colour: str
    passages: int
    organisations: tuple[str, ...]
    exemplars: tuple[Evidence, ...]
    evidence: EvidenceList


@dataclass(frozen=True)
class BoardColumn:
    stage: str
    colour: str
    items: tuple[BoardItem, ...]
    """On-ramps first, then challenges; each by passages, most first."""

    def item(self, name: str) -> BoardItem | None:
        return next((i for i in self.items if i.name == name), None)


@dataclass(frozen=True)
class LifecycleBoard:
    columns: tuple[BoardColumn, ...]

    def column(self, stage: str) -> BoardColumn | None:
        return next((c for c in self.columns if c.stage == stage), None)


def build_lifecycle_board(session: Session, *, coder: str | None = None, unit: str = "overlap") -> LifecycleBoard:
    check_unit(unit)
    def wanted(frame: MapInputs) -> set[int]:
        groups = [frame.top_group(name) for name in (STAGE_GROUP, *ITEM_GROUPS)]
        return {c for g in groups if g is not None for c in frame.fold(g)}

    inputs = load_map_inputs(session, coder=coder, codes_wanted=wanted)
    stage_group = inputs.top_group(STAGE_GROUP)
    if stage_group is None:
        raise QcoderError(f"the project has no '{STAGE_GROUP}' group of codes")
    stage_fold = inputs.fold(stage_group)
    item_fold: dict[int, int] = {}
    group_of: dict[int, str] = {}
    for name in ITEM_GROUPS:
        group = inputs.top_group(name)
        if group is not None:
            folded = inputs.fold(group)
            item_fold.update(folded)
            group_of.update({child: name for child in folded.values()})
    turns = load_turns(session, set(inputs.spans)) if unit == "turn" else None
    found = pair_passages(inputs, stage_fold, item_fold, unit, turns)
    texts = load_texts(session, {s for pairs in found.values() for s, _ in pairs})
    stages = sorted(
        inputs.children.get(stage_group, []),
        key=lambda c: (LIFECYCLE_ORDER.index(inputs.codes[c].name) if inputs.codes[c].name in LIFECYCLE_ORDER else len(LIFECYCLE_ORDER)),
    )
    maker = QuoteMaker(inputs, texts)
    columns = []
    for stage in stages:
        items = []
        for (row, item), pairs in found.items():
            if row != stage:
                continue
            evidence = EvidenceList(pairs, maker)
            organisations = tuple(sorted({o for o in (organisation_of(inputs, s) for s, _ in pairs) if o}))
            items.append(BoardItem(
                group=group_of[item], name=inputs.codes[item].name, colour=inputs.codes[item].colour,
                passages=evidence.passages(), organisations=organisations,
                exemplars=tuple(evidence.exemplars()), evidence=evidence,
            ))
        items.sort(key=lambda i: (ITEM_GROUPS.index(i.group), -i.passages, i.name))
        columns.append(BoardColumn(inputs.codes[stage].name, inputs.codes[stage].colour, tuple(items)))
    return LifecycleBoard(tuple(columns))
