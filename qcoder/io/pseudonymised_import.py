"""New imports into a pseudonymised project are pseudonymised on the way in.

A project that keeps a pseudonym table (Edit ▸ Pseudonymise names…, ``qcoder pseudonymise``)
applies it to every transcript imported later, before it is stored: its text, its speaker turns
(positions mapped, speakers renamed), its source name and the name of the file it came from. So
no real name reaches the project, and no edit history has to be written for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from qcoder.core.usecases.queries.pseudonymise import PseudonymEntry, pseudonymise_turns, pseudonymise_value
from qcoder.io.parsed import ParsedTranscript


def pseudonymised(parsed: ParsedTranscript, entries: Sequence[PseudonymEntry]) -> ParsedTranscript:
    if not entries:
        return parsed
    text, edits = pseudonymise_value(parsed.text, entries)
    turns = pseudonymise_turns(parsed.turns, edits, entries)
    if not edits and turns == parsed.turns:
        return parsed
    note = f"pseudonymised with the project's table ({len(edits)} replaced)"
    return replace(parsed, text=text, turns=turns, notes=(*parsed.notes, note))


def pseudonymised_name(name: str, entries: Sequence[PseudonymEntry]) -> str:
    return pseudonymise_value(name, entries)[0] if entries else name
