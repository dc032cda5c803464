"""Optimistic version checks: an edit made on a stale view of a code, case or memo is refused.

Codes, cases and memos carry a ``version`` that every edit of their own fields raises by one,
and ``edited_by``, the coder who made it. An editor passes the version it showed (``seen``);
:func:`claim` raises the version only if it is still that one, in one conditional ``UPDATE``
that also locks the row until the edit commits. On PostgreSQL at READ COMMITTED a second,
concurrent claim waits for the first to commit, re-reads the row, finds another version and is
refused; on SQLite writers take turns anyway. ``seen=None`` (the command line, scripts) edits
whatever is there, still raising the version so that others' stale views notice.

Deletions remove a row whatever its version: the deleted rows are kept for undo.

A window's undo stack holds several edits of the same row, and undoing a later one raises the
version again; :class:`OwnVersions` remembers which versions the open project made itself, so
that an undo is refused only if *another* coder's edit came in between (:meth:`expected`).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable
from typing import TypeVar

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.errors import EditConflictError, NotFoundError, QcoderError
from qcoder.core.store.models import Case, Code, Memo
from qcoder.core.store.rows import rows_matched

Versioned = type[Code] | type[Case] | type[Memo]
VersionedRow = TypeVar("VersionedRow", Code, Case, Memo)

_WHAT = {Code: "code", Case: "case", Memo: "memo"}

CODER_KEY = "coder_name"
"""``session.info`` key under which a project's transaction names its coder."""
CLAIMS_KEY = "claimed_versions"
"""``session.info`` key of the (table, id, version) that the transaction's claims made."""

Claim = tuple[str, int, int]


class OwnVersions:
    """The versions of rows that one open project made itself (committed), per row."""

    def __init__(self) -> None:
        self._made: defaultdict[tuple[str, int], set[int]] = defaultdict(set)
        self._lock = threading.Lock()

    def record(self, claims: Iterable[Claim]) -> None:
        with self._lock:
            for table, row_id, version in claims:
                self._made[(table, row_id)].add(version)

    def expected(
        self, model: Versioned, row_id: int, since: int | None, current: int | None, pending: Iterable[Claim] = (),
    ) -> int | None:
        """The version an edit should claim: ``current`` if every version after ``since`` up to
        it was made here (so nobody else edited in between), else ``since`` (refused).
        ``pending``: claims of the open transaction, made here too (a composite edit's earlier steps)."""
        if since is None or current is None or current <= since:
            return since
        table = model.__tablename__
        with self._lock:
            made = self._made.get((table, row_id), set()) | {v for t, r, v in pending if (t, r) == (table, row_id)}
            return current if all(v in made for v in range(since + 1, current + 1)) else since


def current_version(session: Session, model: Versioned, row_id: int) -> int | None:
    return session.scalar(select(model.version).where(model.id == row_id))


def claim(session: Session, model: type[VersionedRow], row_id: int, seen: int | None) -> VersionedRow:
    """Raise the row's version if it is still ``seen`` (any version if ``None``) and return the
    row, freshly read, for the edit; :class:`EditConflictError` if another edit came first."""
    statement = update(model).where(model.id == row_id)
    if seen is not None:
        statement = statement.where(model.version == seen)
    statement = statement.values(version=model.version + 1, edited_by=session.info.get(CODER_KEY))
    claimed = rows_matched(session, statement.execution_options(synchronize_session=False)) == 1
    row = session.execute(
        select(model).where(model.id == row_id).execution_options(populate_existing=True)
    ).scalar_one_or_none()
    what = _WHAT[model]
    if row is not None and claimed:
        session.info.setdefault(CLAIMS_KEY, []).append((model.__tablename__, row_id, row.version))
    if row is None:
        raise _conflict(NotFoundError, f"this {what} was deleted meanwhile; your change was not applied",
                        model, row_id)
    if not claimed:
        raise _conflict(EditConflictError, conflict_message(row), model, row_id)
    return row


def conflict_message(row: Code | Case | Memo) -> str:
    """What to tell the coder whose edit was refused: who changed what meanwhile."""
    who = row.edited_by or "another coder"
    if isinstance(row, Memo):
        text = " ".join(row.text.split())
        shown = text if len(text) <= 60 else text[:57] + "…"
        return f"{who} edited this memo meanwhile (it now reads “{shown}”); your change was not applied"
    what = _WHAT[type(row)]
    return f"{who} changed this {what} meanwhile (it is now “{row.name}”); your change was not applied"


def _conflict(kind: type[QcoderError], message: str, model: Versioned, row_id: int) -> QcoderError:
    """The error, carrying what the refusing editor's views should re-read (``.changes``)."""
    error = kind(message)
    ids = frozenset({row_id})
    if model is Code:
        error.changes = Changes(codes=ids, code_tree=True)
    elif model is Case:
        error.changes = Changes(cases=ids)
    else:
        error.changes = Changes(memos=ids)
    return error
