"""Undo as data: an edit is a use case call held as plain values, and running it gives its inverse.

An editing use case ``f(session, ...) -> Changes`` states in ``Changes.undo`` the :class:`Edit`
that takes the project back to where it was; playing that edit returns, in its own ``Changes``,
the edit that does the first one again. So undo and redo are the same operation: play what the
last play returned. A window's undo stack holds these values only, never ORM objects.

Edits that claim a row's version (renaming a code, editing a memo or a case) name the row and the
version they are based on in :class:`Seen`; the player passes the version to claim as the use
case's ``seen_version``, counting versions this project made itself since then as its own
(:class:`qcoder.core.store.versions.OwnVersions`), so only another coder's edit in between refuses it.

Rows added or removed are :class:`qcoder.core.row_set.RowKeys` and
:class:`qcoder.core.row_set.RowSet` values, played by :func:`remove_rows` and
:func:`restore_rows` (in :mod:`qcoder.core.usecases.commands.row_edits`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.store.models import Case, Code, Memo
from qcoder.core.store.versions import CLAIMS_KEY, OwnVersions, Versioned, current_version

_VERSIONED: dict[str, Versioned] = {"codes": Code, "cases": Case, "memos": Memo}


@dataclass(frozen=True)
class Seen:
    """The row an edit claims the version of, and the version the edit is based on.

    A case may be named by ``name`` instead of ``row_id``: an edit of an organisation may create or
    remove its case, so its id is found when the edit is played (none: nothing to claim).
    """

    table: str
    row_id: int | None
    version: int | None
    name: str | None = None

    def expected(self, session: Session, own: OwnVersions | None) -> int | None:
        """The version to claim now: the current one if only this project edited the row since."""
        model = _VERSIONED[self.table]
        row_id = self.row_id
        if row_id is None and self.name is not None:
            row_id = session.scalar(select(Case.id).where(Case.name == self.name))
        if row_id is None or own is None:
            return self.version
        pending = session.info.get(CLAIMS_KEY, ())
        return own.expected(model, row_id, self.version, current_version(session, model, row_id), pending)


@dataclass(frozen=True)
class Edit:
    """``use_case(session, *args, **kwargs)``, with ``seen_version`` added from ``seen`` if given."""

    use_case: Callable[..., Any]
    args: tuple[Any, ...] = ()
    kwargs: tuple[tuple[str, Any], ...] = ()
    seen: Seen | None = None

    @classmethod
    def of(cls, use_case: Callable[..., Any], *args: Any, seen: Seen | None = None, **kwargs: Any) -> Edit:
        return cls(use_case, args, tuple(kwargs.items()), seen)

    @classmethod
    def sequence(cls, edits: Sequence[Edit]) -> Edit:
        """Several edits played in order as one (a composite edit); its inverse undoes them backwards."""
        flat: list[Edit] = []
        for edit in edits:
            flat.extend(edit.args[0] if edit.use_case is play_sequence else (edit,))
        if not flat:
            return cls(nothing)
        return flat[0] if len(flat) == 1 else cls(play_sequence, (tuple(flat),))

    def play(self, session: Session, own: OwnVersions | None = None) -> Changes:
        """Run the edit; the answer's ``undo`` is the edit that takes it back."""
        kwargs = dict(self.kwargs)
        if self.use_case is play_sequence:
            kwargs["own"] = own
        if self.seen is not None:
            kwargs["seen_version"] = self.seen.expected(session, own)
        result = self.use_case(session, *self.args, **kwargs)
        changes = result[0] if isinstance(result, tuple) else result
        assert isinstance(changes, Changes), f"{self.use_case.__name__} returned no Changes"
        if changes.undo is None:
            raise TypeError(f"{self.use_case.__name__} states no inverse, so it cannot be undone")
        return changes


def play(session: Session, edit: Edit, own: OwnVersions | None = None) -> Changes:
    """:meth:`Edit.play` as a use case (one transaction of the caller's)."""
    return edit.play(session, own)


def play_sequence(session: Session, edits: tuple[Edit, ...], *, own: OwnVersions | None = None) -> Changes:
    """Play ``edits`` in order; the inverse plays their inverses in the opposite order."""
    changes = Changes()
    inverses: list[Edit] = []
    for edit in edits:
        done = edit.play(session, own)
        inverses.append(done.undo)  # type: ignore[arg-type]
        changes = changes.merged(done)
    return replace(changes, undo=Edit.sequence(inverses[::-1]))


def nothing(session: Session) -> Changes:
    """The edit that changes nothing (the inverse of an edit that found nothing to do)."""
    return Changes(undo=Edit(nothing))


def undoable(changes: Changes, inverse: Edit) -> Changes:
    """``changes`` stating ``inverse`` as the way back."""
    return replace(changes, undo=inverse)
