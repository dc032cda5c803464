"""The reads about pseudonymise, for views and exports; the edits are in
:mod:`qcoder.core.usecases.commands.pseudonymise`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.errors import QcoderError
from qcoder.core.reanchoring import TextEdit, map_position
from qcoder.core.snapshots import TurnInfo
from qcoder.core.store.models import (
    AttributeValue,
    Case,
    Code,
    Coding,
    Memo,
    Pseudonym,
    Source,
    SourceText,
    SpeakerTurn,
)

CONTEXT = 30


"""Characters shown on each side of a hit in the preview."""


@dataclass(frozen=True)
class PseudonymEntry:
    real: str
    pseudonym: str
    regex: bool = False
    whole_word: bool = True
    case_sensitive: bool = False


@dataclass(frozen=True)
class Hit:
    where: str
    """``source text``, ``source name``, ``speaker``, ``case name``… (see :data:`FIELDS`)."""
    row_id: int
    owner: str
    """The source, case or code the hit is in (a memo's first words)."""
    start: int
    end: int
    found: str
    replacement: str
    context: str

    @property
    def key(self) -> tuple[str, int, int]:
        """What a preview passes back to skip this hit."""
        return (self.where, self.row_id, self.start)


FIELDS: tuple[tuple[str, Any, str, Any], ...] = (
    ("source name", Source, "name", Source.name),
    ("speaker", SpeakerTurn, "speaker", SpeakerTurn.speaker),
    ("case name", Case, "name", Case.name),
    ("case description", Case, "description", Case.name),
    ("memo", Memo, "text", Memo.text),
    ("coding memo", Coding, "memo", Coding.guid),
    ("code name", Code, "name", Code.name),
    ("code description", Code, "description", Code.name),
    ("attribute value", AttributeValue, "value", AttributeValue.value),
)


"""Every text column besides the sources' texts: (label, model, column, what names its row)."""


def compile_map(entries: Sequence[PseudonymEntry]) -> tuple[re.Pattern[str], list[PseudonymEntry]]:
    """One pattern for the whole map, longest literal names first; a bad expression is a
    :class:`QcoderError` naming it."""
    ordered = sorted((e for e in entries if e.real), key=lambda e: (e.regex, -len(e.real)))
    if not ordered:
        raise QcoderError("the map names nothing to replace")
    parts = []
    for number, entry in enumerate(ordered):
        body = entry.real if entry.regex else re.escape(entry.real)
        try:
            re.compile(body)
        except re.error as error:
            raise QcoderError(f"'{entry.real}' is not a valid regular expression ({error})") from None
        if entry.whole_word:
            body = rf"(?<!\w)(?:{body})(?!\w)"
        parts.append(f"(?P<p{number}>{'(?:' if entry.case_sensitive else '(?i:'}{body}))")
    return re.compile("|".join(parts)), ordered


def cased(found: str, pseudonym: str, case_sensitive: bool) -> str:
    """The pseudonym in the case the real name was found in (unless the line matches case)."""
    if case_sensitive or not pseudonym:
        return pseudonym
    if found.isupper() and len(found) > 1:
        return pseudonym.upper()
    if found.islower():
        return pseudonym.lower()
    if found[:1].isupper():
        return pseudonym[:1].upper() + pseudonym[1:]
    return pseudonym


def _hits_in(where: str, row_id: int, owner: str, value: str, pattern: re.Pattern[str],
             ordered: list[PseudonymEntry]) -> list[Hit]:
    hits = []
    for match in pattern.finditer(value):
        if match.start() == match.end() or match.lastgroup is None:
            continue
        entry = ordered[int(match.lastgroup[1:])]
        start, end = match.span()
        context = value[max(0, start - CONTEXT):start] + "[" + match.group() + "]" + value[end:end + CONTEXT]
        hits.append(Hit(where, row_id, owner, start, end, match.group(),
                        cased(match.group(), entry.pseudonym, entry.case_sensitive), " ".join(context.split())))
    return hits


def find_hits(session: Session, entries: Sequence[PseudonymEntry]) -> list[Hit]:
    """Every hit of the map in the project, in context: the preview."""
    pattern, ordered = compile_map(entries)
    hits: list[Hit] = []
    names = dict(session.execute(select(Source.id, Source.name)).all())
    for source_id, text in session.execute(select(SourceText.source_id, SourceText.text).order_by(SourceText.source_id)):
        hits += _hits_in("source text", source_id, names.get(source_id, ""), text, pattern, ordered)
    for where, model, column, owner in FIELDS:
        attribute = getattr(model, column)
        for row_id, value, name in session.execute(
            select(model.id, attribute, owner).where(attribute.is_not(None)).order_by(model.id)
        ):
            hits += _hits_in(where, row_id, str(name)[:40], value, pattern, ordered)
    return hits


def pseudonym_map(session: Session) -> list[PseudonymEntry]:
    return [PseudonymEntry(p.real, p.pseudonym, p.regex, p.whole_word, p.case_sensitive)
            for p in session.execute(select(Pseudonym).order_by(Pseudonym.id)).scalars()]


def pseudonymise_value(value: str, entries: Sequence[PseudonymEntry]) -> tuple[str, list[TextEdit]]:
    """``value`` with the map applied (nothing kept of the real names), and the edits that made
    it, in the order applied (last hit first), for positions to be mapped through."""
    if not entries:
        return value, []
    pattern, ordered = compile_map(entries)
    edits = [TextEdit(h.start, h.end, h.replacement) for h in reversed(_hits_in("", 0, "", value, pattern, ordered))]
    if not edits:
        return value, []
    pieces, last = [], len(value)
    for edit in edits:  # right to left: each piece is the text after a hit, then its replacement
        pieces.append(value[edit.end:last])
        pieces.append(edit.text)
        last = edit.start
    pieces.append(value[:last])
    return "".join(reversed(pieces)), edits


def pseudonymise_turns(turns: Sequence[TurnInfo], edits: Sequence[TextEdit],
                       entries: Sequence[PseudonymEntry]) -> tuple[TurnInfo, ...]:
    """Turns of a text pseudonymised by ``edits``: their positions mapped, their speakers renamed."""
    mapped = []
    for turn in turns:
        start, end = turn.start, turn.end
        for edit in edits:
            start, end = map_position(start, edit), map_position(end, edit)
        mapped.append(replace(turn, start=start, end=end, speaker=pseudonymise_value(turn.speaker, entries)[0]))
    return tuple(mapped)
