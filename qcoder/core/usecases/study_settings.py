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


PLACE_SETTING = "map.place."
"""Study settings ``map.place.<layout>.<organisation>`` = ``a,b``: where a node was dragged."""


def kept_places(session: Session, layout: str) -> dict[str, tuple[float, float]]:
    """Where nodes of ``layout`` were dragged to, as the study keeps them (unreadable ones left out)."""
    prefix = f"{PLACE_SETTING}{layout}."
    places: dict[str, tuple[float, float]] = {}
    for key, value in study_settings(session, prefix).items():
        try:
            a, b = (float(part) for part in value.split(","))
        except ValueError:
            continue
        places[key[len(prefix):]] = (a, b)
    return places
