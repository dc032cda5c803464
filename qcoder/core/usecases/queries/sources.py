"""The reads about sources, for views and exports; the edits are in
:mod:`qcoder.core.usecases.commands.sources`."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qcoder.core.errors import NotFoundError, QcoderError
from qcoder.core.ingest.names import unique_name
from qcoder.core.snapshots import SourceInfo, TurnInfo
from qcoder.core.store.models import Coding, Source, SourceText, SpeakerTurn, case_sources


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_canonical_text(text: str) -> None:
    """A stored text has LF line endings and no BOM; positions depend on it."""
    if "\r" in text:
        raise QcoderError("a source text must have LF line endings (normalise CRLF/CR first)")
    if text.startswith("\ufeff"):
        raise QcoderError("a source text must not start with a byte-order mark")


def unique_source_name(session: Session, wanted: str) -> str:
    """``wanted``, or ``wanted (2)``, ``wanted (3)``… if that name is taken."""
    return unique_name(wanted, set(session.execute(select(Source.name)).scalars()))


def source_coding_counts(
    session: Session, source_ids: Iterable[int], *, coder_id: int | None = None
) -> dict[int, int]:
    """Codings per source for those of these sources that exist (a deleted one is left out);
    one coder's only when ``coder_id`` is given (blind coding)."""
    ids = list(source_ids)
    if not ids:
        return {}
    counts = dict.fromkeys(session.execute(select(Source.id).where(Source.id.in_(ids))).scalars(), 0)
    query = select(Coding.source_id, func.count()).where(Coding.source_id.in_(list(counts)))
    if coder_id is not None:
        query = query.where(Coding.coder_id == coder_id)
    counts.update(session.execute(query.group_by(Coding.source_id)).all())
    return counts


def list_sources(
    session: Session, *, coder_id: int | None = None, source_ids: Collection[int] | None = None,
    count_turns: bool = True,
) -> list[SourceInfo]:
    """Every source (or those of ``source_ids``) with its speakers, cases and number of codings
    (one coder's, if given). Without ``count_turns`` the speakers and turns are left empty, for a
    caller who has them already (an import: counting 46,000 turns again took 30 ms)."""
    ids = None if source_ids is None else list(source_ids)
    turns: dict[int, list[str]] = defaultdict(list)
    turn_counts: dict[int, int] = defaultdict(int)
    speakers = select(SpeakerTurn.source_id, SpeakerTurn.speaker, func.count())
    if ids is not None:
        speakers = speakers.where(SpeakerTurn.source_id.in_(ids))
    for source_id, speaker, count in session.execute(
        speakers.group_by(SpeakerTurn.source_id, SpeakerTurn.speaker)
        .order_by(SpeakerTurn.source_id, func.min(SpeakerTurn.start))
    ) if count_turns else ():
        turns[source_id].append(speaker)
        turn_counts[source_id] += count
    counted = select(Coding.source_id, func.count())
    if coder_id is not None:
        counted = counted.where(Coding.coder_id == coder_id)
    if ids is not None:
        counted = counted.where(Coding.source_id.in_(ids))
    coding_counts = dict(session.execute(counted.group_by(Coding.source_id)).all())
    cases: dict[int, list[int]] = defaultdict(list)
    linked = select(case_sources.c.case_id, case_sources.c.source_id)
    if ids is not None:
        linked = linked.where(case_sources.c.source_id.in_(ids))
    for case_id, source_id in session.execute(linked):
        cases[source_id].append(case_id)
    listed = select(Source.id, Source.guid, Source.name, Source.kind, Source.characters, Source.sha256,
                    Source.original_filename, Source.imported_at, Source.encoding).order_by(Source.name, Source.id)
    if ids is not None:
        listed = listed.where(Source.id.in_(ids))
    return [
        SourceInfo(
            id=s.id,
            guid=s.guid,
            name=s.name,
            kind=s.kind,
            characters=s.characters,
            sha256=s.sha256,
            original_filename=s.original_filename,
            imported_at=s.imported_at,
            speakers=tuple(turns.get(s.id, ())),
            turns=turn_counts.get(s.id, 0),
            case_ids=tuple(sorted(cases.get(s.id, ()))),
            codings=coding_counts.get(s.id, 0),
            encoding=s.encoding,
        )
        for s in session.execute(listed)
    ]


def source_names(session: Session) -> dict[int, str]:
    """Every source's name by id, in name order: what :func:`list_sources` gives without
    counting speaker turns and codings (the cases pane asked for the whole list, for names alone)."""
    return dict(session.execute(select(Source.id, Source.name).order_by(Source.name, Source.id)).all())


def find_source(session: Session, name_or_guid: str) -> int:
    """The id of the source named ``name_or_guid`` (or with that GUID)."""
    ids = list(
        session.execute(
            select(Source.id).where((Source.name == name_or_guid) | (Source.guid == name_or_guid))
        ).scalars()
    )
    if not ids:
        raise NotFoundError(f"no source '{name_or_guid}'")
    if len(ids) > 1:
        raise QcoderError(f"several sources are called '{name_or_guid}'; use the GUID")
    return ids[0]


def source_exists(session: Session, source_id: int) -> bool:
    return session.get(Source, source_id) is not None


def existing_sources(session: Session, source_ids: Iterable[int]) -> set[int]:
    """Those of ``source_ids`` that are (still) in the project."""
    ids = list(source_ids)
    return set(session.execute(select(Source.id).where(Source.id.in_(ids))).scalars()) if ids else set()


def texts_of(session: Session, source_ids: Iterable[int]) -> dict[int, str]:
    """The texts of several sources at once, by id."""
    ids = list(source_ids)
    if not ids:
        return {}
    return dict(session.execute(select(SourceText.source_id, SourceText.text).where(SourceText.source_id.in_(ids))).all())


def source_text(session: Session, source_id: int) -> str:
    text = session.scalar(select(SourceText.text).where(SourceText.source_id == source_id))
    if text is None:
        raise NotFoundError(f"no source with id {source_id}")
    return text


def source_turns(session: Session, source_id: int) -> list[TurnInfo]:
    return [
        TurnInfo(start, end, speaker, time_ms)
        for start, end, speaker, time_ms in session.execute(
            select(SpeakerTurn.start, SpeakerTurn.end, SpeakerTurn.speaker, SpeakerTurn.time_ms)
            .where(SpeakerTurn.source_id == source_id).order_by(SpeakerTurn.start)
        )
    ]


@dataclass(frozen=True)
class SourceHeading:
    """What the document pane's title shows of a source."""

    name: str
    characters: int
    speakers: tuple[str, ...]
    """In order of first appearance."""


def source_heading(session: Session, source_id: int) -> SourceHeading | None:
    """One source's name, length and speakers (``None`` if it is gone), without reading every
    source's counts as :func:`list_sources` does."""
    found = session.execute(select(Source.name, Source.characters).where(Source.id == source_id)).first()
    if found is None:
        return None
    speakers = session.execute(
        select(SpeakerTurn.speaker).where(SpeakerTurn.source_id == source_id)
        .group_by(SpeakerTurn.speaker).order_by(func.min(SpeakerTurn.start))
    ).scalars()
    return SourceHeading(found[0], found[1], tuple(speakers))
