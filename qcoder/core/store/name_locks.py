"""Checking that a name is free, safely when several coders write at once.

A use case checks that no sibling code (or case, or coder) has a name before it stores one. On
a project file writers take turns, so the check holds. On PostgreSQL at READ COMMITTED two
coders could both check, both find the name free and both store it; :func:`lock_names` takes
a transaction-wide advisory lock per kind of name first, so the second waits until the first
has committed and then finds its name taken (each statement there sees what is committed).
"""

from __future__ import annotations

import zlib

from sqlalchemy import text
from sqlalchemy.orm import Session


def lock_names(session: Session, kind: str) -> None:
    """Hold the names of ``kind`` (``"codes"``, ``"cases"``, ``"coders"``) until commit."""
    if session.get_bind().dialect.name != "postgresql":
        return
    key = zlib.crc32(f"qcoder-names-{kind}".encode())
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
