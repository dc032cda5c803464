"""The lifecycle board: per stage, in codebook order, the on-ramps and challenges coded with it.

The stage group and the item groups come from :mod:`board_groups` (chosen, or the study
codebook's, found by GUID — a rename keeps them). Each item counts its *passages* (distinct
spans of the item code coded together with the stage or one of its sub-stages, once however many
coders coded them) and *codings*, the distinct organisations whose sources they are in, and
lists the passages flagged as exemplar — the quotes of the study's lifecycle figures. Items coded
with no stage at all go to a last column, :data:`UNSTAGED`, so that nothing vanishes. A chosen
group that is missing is a warning the views show.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.analysis.board_groups import board_groups
from qcoder.analysis.code_matrix import organisation_of, pair_passages
from qcoder.analysis.cooccurrence_units import check_unit, codes_together
from qcoder.analysis.evidence import Evidence, EvidenceList, QuoteMaker
from qcoder.analysis.map_inputs import CODE, EXEMPLAR, MapInputs, Span, load_map_inputs, load_texts, load_turns
from qcoder.analysis.stage_hints import stage_hints
from qcoder.core.store.models import SpeakerTurn

UNSTAGED = "(no stage)"
UNSTAGED_COLOUR = "#8C959F"


@dataclass(frozen=True)
class BoardQuote:
    """An exemplar passage, once however many coders flagged it, with its interview and speaker."""

    text: str
    source: str
    speaker: str
    start: int
    end: int
    coders: tuple[str, ...]


@dataclass(frozen=True)
class BoardItem:
    group: str
    """The item group's name (``On-ramp``, ``Challenge``)."""
    name: str
    colour: str
    passages: int
    organisations: tuple[str, ...]
    exemplars: tuple[Evidence, ...]
    evidence: EvidenceList
    quotes: tuple[BoardQuote, ...] = ()
    """The exemplars, each passage once, with the speaker of its turn."""
    usual_stage: str = ""
    """The stage the codebook says this item usually goes with (its stage hint), if it says."""

    @property
    def codings(self) -> int:
        return len(self.evidence)


@dataclass(frozen=True)
class BoardColumn:
    stage: str
    colour: str
    items: tuple[BoardItem, ...]
    """Item groups in their chosen order; in each, by passages, most first."""
    definition: str = ""
    """The stage's definition in the codebook (the code's description)."""

    def item(self, name: str) -> BoardItem | None:
        return next((i for i in self.items if i.name == name), None)


@dataclass(frozen=True)
class LifecycleBoard:
    columns: tuple[BoardColumn, ...]
    stage_group: str = ""
    item_groups: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    """Why the board may be missing something (a chosen group gone), for the views to show."""
    coder: str | None = None
    """Counted from this coder's codings only (else every coder's)."""
    consensus: int | str | None = None
    """Only passages coded by all coders (``"all"``) or by at least this many."""

    def column(self, stage: str) -> BoardColumn | None:
        return next((c for c in self.columns if c.stage == stage), None)


def build_lifecycle_board(
    session: Session, *, coder: str | None = None, unit: str = "overlap", consensus: int | str | None = None,
    stage_group: str | None = None, item_groups: Sequence[str] | None = None,
) -> LifecycleBoard:
    check_unit(unit)
    groups = board_groups(session, stage_group, item_groups)
    group_ids = [g for g in (groups.stage, *groups.items) if g is not None]

    def wanted(frame: MapInputs) -> set[int]:
        return {c for g in group_ids for c in frame.fold(g)}

    inputs = load_map_inputs(session, coder=coder, codes_wanted=wanted, consensus=consensus)
    item_names = tuple(inputs.codes[g].name for g in groups.items)
    if not groups.items:
        return LifecycleBoard((), _name(inputs, groups.stage), item_names, groups.warnings, coder, consensus)
    stage_fold = inputs.fold(groups.stage) if groups.stage is not None else {}
    item_fold: dict[int, int] = {}
    group_of: dict[int, int] = {}
    for group in groups.items:
        folded = inputs.fold(group)
        item_fold.update(folded)
        group_of.update(dict.fromkeys(folded.values(), group))
    turns = load_turns(session, set(inputs.spans)) if unit == "turn" else None
    found = pair_passages(inputs, stage_fold, item_fold, unit, turns)
    unstaged = _unstaged(inputs, stage_fold, item_fold, unit, turns)
    texts = load_texts(session, {s for pairs in (*found.values(), *unstaged.values()) for s, _ in pairs})
    maker = QuoteMaker(inputs, texts)
    exemplar_sources = {s for pairs in (*found.values(), *unstaged.values()) for s, span in pairs if span[EXEMPLAR]}
    speakers = _speakers(session, exemplar_sources)
    order = {group: index for index, group in enumerate(groups.items)}
    stages = inputs.children.get(groups.stage, []) if groups.stage is not None else []
    hints = stage_hints(session, {*stages, *item_fold.values()})

    def items_of(pairs_by_item: dict[int, list[tuple[int, Span]]]) -> tuple[BoardItem, ...]:
        items = []
        for item, pairs in pairs_by_item.items():
            evidence = EvidenceList(pairs, maker)
            organisations = tuple(sorted({o for o in (organisation_of(inputs, s) for s, _ in pairs) if o}))
            exemplars = tuple(evidence.exemplars())
            items.append((order[group_of[item]], BoardItem(
                group=inputs.codes[group_of[item]].name, name=inputs.codes[item].name,
                colour=inputs.codes[item].colour, passages=evidence.passages(), organisations=organisations,
                exemplars=exemplars, evidence=evidence, quotes=_quotes(exemplars, speakers),
                usual_stage=inputs.codes[hints.usual_stage[item]].name if item in hints.usual_stage else "",
            )))
        items.sort(key=lambda pair: (pair[0], -pair[1].passages, pair[1].name))
        return tuple(item for _, item in items)

    columns = []
    for stage in stages:  # codebook order
        column_items = {item: pairs for (row, item), pairs in found.items() if row == stage}
        columns.append(BoardColumn(inputs.codes[stage].name, inputs.codes[stage].colour, items_of(column_items),
                                   hints.definitions.get(stage, "")))
    if unstaged:
        columns.append(BoardColumn(UNSTAGED, UNSTAGED_COLOUR, items_of(unstaged),
                                   "Coded with no stage of the board's stage group"))
    return LifecycleBoard(tuple(columns), _name(inputs, groups.stage), item_names, groups.warnings, coder, consensus)


def _speakers(session: Session, source_ids: set[int]) -> dict[int, list[tuple[int, int, str]]]:
    """(start, end, speaker) of the turns of each source, by start."""
    if not source_ids:
        return {}
    found: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    query = select(SpeakerTurn.source_id, SpeakerTurn.start, SpeakerTurn.end, SpeakerTurn.speaker).where(
        SpeakerTurn.source_id.in_(sorted(source_ids))).order_by(SpeakerTurn.source_id, SpeakerTurn.start)
    for source_id, start, end, speaker in session.execute(query):
        found[source_id].append((start, end, speaker))
    return dict(found)


def _quotes(exemplars: tuple[Evidence, ...], speakers: dict[int, list[tuple[int, int, str]]]) -> tuple[BoardQuote, ...]:
    by_passage: dict[tuple[int, int, int], list[Evidence]] = {}
    for evidence in exemplars:
        by_passage.setdefault((evidence.source_id, evidence.start, evidence.end), []).append(evidence)
    quotes = []
    for (source_id, start, end), flagged in by_passage.items():
        turns = speakers.get(source_id, [])
        index = bisect.bisect_right([t[0] for t in turns], start) - 1
        speaker = turns[index][2] if index >= 0 and turns[index][1] > start else ""
        quotes.append(BoardQuote(flagged[0].text, flagged[0].source, speaker, start, end,
                                 tuple(sorted({e.coder for e in flagged}))))
    return tuple(quotes)


def _name(inputs: MapInputs, code_id: int | None) -> str:
    return "" if code_id is None else inputs.codes[code_id].path


def _unstaged(
    inputs: MapInputs, stage_fold: dict[int, int], item_fold: dict[int, int], unit: str,
    turns: dict[int, list[tuple[int, int]]] | None,
) -> dict[int, list[tuple[int, Span]]]:
    """Item passages coded together with no stage at all, by item."""
    found: dict[int, list[tuple[int, Span]]] = defaultdict(list)
    for source_id, anchor, together in codes_together(inputs.spans, item_fold, unit, turns, stage_fold.keys()):
        if not together:
            found[item_fold[anchor[CODE]]].append((source_id, anchor))
    return dict(found)
