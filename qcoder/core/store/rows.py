"""Plain copies of table rows, so that a delete can be undone with the same ids and GUIDs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, Executable, insert, inspect
from sqlalchemy.orm import DeclarativeBase, Session


@dataclass(frozen=True)
class RowSnapshot:
    """The rows of one table, as plain column → value mappings."""

    model: type[DeclarativeBase]
    rows: tuple[tuple[tuple[str, Any], ...], ...]

    @classmethod
    def of(cls, model: type[DeclarativeBase], objects: Iterable[DeclarativeBase]) -> RowSnapshot:
        columns = [attr.key for attr in inspect(model).column_attrs]
        return cls(
            model,
            tuple(tuple((name, getattr(obj, name)) for name in columns) for obj in objects),
        )

    def restore(self, session: Session) -> None:
        if self.rows:
            session.execute(insert(self.model), [dict(row) for row in self.rows])

    def ids(self) -> frozenset[int]:
        return frozenset(dict(row)["id"] for row in self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def restore_all(session: Session, snapshots: Sequence[RowSnapshot]) -> None:
    """Insert snapshots in order (parents before children) and flush."""
    for snapshot in snapshots:
        snapshot.restore(session)
    session.flush()


def rows_matched(session: Session, statement: Executable) -> int:
    """How many rows an ``UPDATE`` or ``DELETE`` matched: its result is always a
    ``CursorResult``, which ``Session.execute``'s signature does not say."""
    return cast(CursorResult[Any], session.execute(statement)).rowcount
