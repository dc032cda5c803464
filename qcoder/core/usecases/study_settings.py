"""Settings of the study kept in the project file (docs/ARCHITECTURE.md §4), e.g. the map's layout.

They live in ``project_meta`` under ``setting:<key>``, so every coder who opens the file sees the
same map. They are view choices, not content: changing one returns empty :class:`Changes`.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.models import ProjectMeta

PREFIX = "setting:"


def study_settings(session: Session, prefix: str = "") -> dict[str, str]:
    """Every setting whose key starts with ``prefix`` (without the storage prefix)."""
    rows = session.execute(
        select(ProjectMeta.key, ProjectMeta.value).where(ProjectMeta.key.startswith(PREFIX + prefix, autoescape=True))
    ).all()
    return {key[len(PREFIX):]: value for key, value in rows}


def set_study_settings(session: Session, values: Mapping[str, str | None]) -> Changes:
    """Set settings (``None`` removes one)."""
    for key, value in values.items():
        row = session.get(ProjectMeta, PREFIX + key)
        if value is None:
            if row is not None:
                session.execute(delete(ProjectMeta).where(ProjectMeta.key == PREFIX + key))
        elif row is None:
            session.add(ProjectMeta(key=PREFIX + key, value=value))
        else:
            row.value = value
    session.flush()
    return Changes()
