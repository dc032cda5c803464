"""The reads about speakers, for views and exports; the edits are in
:mod:`qcoder.core.usecases.commands.speakers`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qcoder.core.store.models import Case, SourceText, SpeakerTurn, case_sources


@dataclass(frozen=True)
class SpeakerInfo:
    name: str
    turns: int
    characters: int
    source_ids: tuple[int, ...]
    case_names: tuple[str, ...]
    """Cases that every source this speaker speaks in is linked to."""
    sample: str = ""
    """The start of the speaker's first turn, to tell ``SPEAKER_00`` from ``SPEAKER_01``."""


@dataclass(frozen=True)
class CaseLink:
    """What :func:`link_speaker_to_case` did, so that it can be taken back exactly."""

    case_id: int
    created_case: bool
    linked_source_ids: tuple[int, ...]
    """Only the links it added; links that already existed stay on undo."""


def _scope(statement, source_ids: Collection[int] | None):
    return statement if source_ids is None else statement.where(SpeakerTurn.source_id.in_(list(source_ids)))


def list_speakers(session: Session, source_ids: Collection[int] | None = None) -> list[SpeakerInfo]:
    """Every speaker in the given sources (all if None), most turns first."""
    rows = session.execute(
        _scope(
            select(SpeakerTurn.speaker, SpeakerTurn.source_id, func.count(), func.sum(SpeakerTurn.end - SpeakerTurn.start))
            .group_by(SpeakerTurn.speaker, SpeakerTurn.source_id),
            source_ids,
        )
    ).all()
    turns: dict[str, int] = defaultdict(int)
    characters: dict[str, int] = defaultdict(int)
    sources: dict[str, set[int]] = defaultdict(set)
    for speaker, source_id, count, length in rows:
        turns[speaker] += count
        characters[speaker] += length or 0
        sources[speaker].add(source_id)
    cases_of: dict[int, set[str]] = defaultdict(set)
    for source_id, name in session.execute(
        select(case_sources.c.source_id, Case.name).join(Case, Case.id == case_sources.c.case_id)
    ):
        cases_of[source_id].add(name)
    infos = []
    for speaker in turns:
        common = set.intersection(*(cases_of.get(s, set()) for s in sources[speaker]))
        infos.append(SpeakerInfo(speaker, turns[speaker], characters[speaker], tuple(sorted(sources[speaker])),
                                 tuple(sorted(common)), _sample(session, speaker, source_ids)))
    return sorted(infos, key=lambda info: (-info.turns, info.name.casefold()))


SAMPLE_CHARACTERS = 160


def _sample(session: Session, speaker: str, source_ids: Collection[int] | None) -> str:
    first = session.execute(
        _scope(select(SpeakerTurn.source_id, SpeakerTurn.start, SpeakerTurn.end)
               .where(SpeakerTurn.speaker == speaker), source_ids)
        .order_by(SpeakerTurn.source_id, SpeakerTurn.start).limit(1)
    ).first()
    if first is None:
        return ""
    source_id, start, end = first
    length = min(end - start, SAMPLE_CHARACTERS)
    text = session.scalar(  # SQL substr counts characters (code points), from 1
        select(func.substr(SourceText.text, start + 1, length)).where(SourceText.source_id == source_id)
    )
    return " ".join((text or "").split())


def speaker_spans(
    session: Session, speaker: str, *, source_ids: Collection[int] | None = None
) -> list[tuple[int, int, int]]:
    """(source id, start, end) of every non-empty turn of ``speaker``: what autocoding codes."""
    return [
        (source_id, start, end)
        for source_id, start, end in session.execute(
            _scope(
                select(SpeakerTurn.source_id, SpeakerTurn.start, SpeakerTurn.end)
                .where((SpeakerTurn.speaker == speaker) & (SpeakerTurn.end > SpeakerTurn.start)),
                source_ids,
            ).order_by(SpeakerTurn.source_id, SpeakerTurn.start)
        )
    ]
