"""What a merge asks of each item of the other file before it takes it.

A copy that went through other tools, scripts or a crash can hold items this project could not
hold: a coding past the end of its text or ending before it starts, an id that points at
nothing, a GUID that another kind of item already carries (REFI-QDA needs GUIDs unique across
the whole project), a code whose path reads as another code's. Such an item is skipped with a
line in the merge report; everything else is merged. The lines are grouped by reason, with a
few examples each, so that a copy with thousands of bad items still gives a report one can read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy.orm import Session

from qcoder.core.store.models import Attribute, Case, Code, Coder, Coding, Memo, Resolution, SavedQuery, Source
from qcoder.core.usecases.queries.code_tree import PATH_SEPARATOR

GUID_KINDS: dict[str, type] = {
    "coder": Coder, "code": Code, "source": Source, "case": Case, "attribute": Attribute,
    "coding": Coding, "memo": Memo, "resolution": Resolution, "saved query": SavedQuery,
}
EXAMPLES = 10
"""Per reason, this many items are named in the report; the rest are counted."""


def span_problem(start: object, end: object, length: int | None) -> str | None:
    """Why ``[start, end)`` cannot be a passage of a text of ``length`` characters, if it cannot."""
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or isinstance(end, bool):
        return "has positions that are not numbers"
    if length is None:
        return "points to a missing source"
    if start < 0 or end <= start:
        return "has a start that is not before its end"
    if end > length:
        return "lies outside its source's text"
    return None


def turn_fits(start: object, end: object, length: int) -> bool:
    """Whether a speaker turn ``[start, end)`` lies within a text (an empty turn may)."""
    return (isinstance(start, int) and isinstance(end, int) and not isinstance(start, bool)
            and 0 <= start <= end <= length)


def name_problem(name: object) -> str | None:
    """Why a code could not carry ``name`` here (what :func:`add_code` refuses)."""
    if not isinstance(name, str) or not name.strip():
        return "has no name"
    if name.strip().startswith(PATH_SEPARATOR) or name.strip().endswith(PATH_SEPARATOR):
        return f"has a name that starts or ends with '{PATH_SEPARATOR}'"
    return None


class GuidRegister:
    """Every GUID of this project with the kind of item that carries it."""

    def __init__(self, session: Session) -> None:
        self.kinds: dict[str, str] = {}
        connection = session.connection()
        for kind, model in GUID_KINDS.items():  # plain rows: a project holds 100,000 codings
            table = model.__table__.name  # type: ignore[attr-defined]  # every model checked here is a mapped class
            guids = connection.exec_driver_sql(f"SELECT lower(guid) FROM {table}").scalars().all()
            self.kinds.update(dict.fromkeys(guids, kind))

    def clash(self, guid: str, kind: str) -> str | None:
        """The other kind that already carries ``guid``, if one does."""
        found = self.kinds.get(guid.lower())
        return found if found is not None and found != kind else None

    def claim(self, guid: str, kind: str) -> None:
        self.kinds[guid.lower()] = kind


class SkipNotes:
    """Skipped items grouped by reason: ``(kind, reason) → examples`` and a count."""

    def __init__(self) -> None:
        self.examples: dict[tuple[str, str], list[str]] = {}
        self.counts: dict[tuple[str, str], int] = {}

    def skip(self, kind: str, label: str, reason: str) -> None:
        key = (kind, reason)
        self.counts[key] = self.counts.get(key, 0) + 1
        examples = self.examples.setdefault(key, [])
        if len(examples) < EXAMPLES:
            examples.append(label)

    def lines(self) -> Iterable[str]:
        for (kind, reason), count in self.counts.items():
            examples = self.examples[(kind, reason)]
            more = f" (and {count - len(examples)} more)" if count > len(examples) else ""
            if count == 1:
                yield f"{kind} {examples[0]} {reason}: skipped"
            else:
                yield f"{count} {kind}s skipped, as each {reason} ({', '.join(examples)}{more})"


def text_problem(text: object, characters: object, sha256: object) -> str | None:
    """Why a source's text cannot be copied with its record (length and hash), if it cannot."""
    if not isinstance(text, str):
        return "has no text"
    if len(text) != characters:
        return f"has a text of {len(text)} characters where its record says {characters}"
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != sha256:
        return "has a text that does not match its SHA-256"
    return None
