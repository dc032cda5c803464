"""Row counts SQLAlchemy's typing hides."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Executable
from sqlalchemy.orm import Session


def rows_matched(session: Session, statement: Executable) -> int:
    """How many rows an ``UPDATE`` or ``DELETE`` matched: its result is always a
    ``CursorResult``, which ``Session.execute``'s signature does not say."""
    return cast(CursorResult[Any], session.execute(statement)).rowcount
