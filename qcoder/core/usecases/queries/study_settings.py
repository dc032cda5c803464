"""The reads about study settings, for views and exports; the edits are in
:mod:`qcoder.core.usecases.commands.study_settings`."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.store.models import ProjectMeta

PREFIX = "setting:"


def study_settings(session: Session, prefix: str = "") -> dict[str, str]:
    """Every setting whose key starts with ``prefix`` (without the storage prefix)."""
    rows = session.execute(
        select(ProjectMeta.key, ProjectMeta.value).where(ProjectMeta.key.startswith(PREFIX + prefix, autoescape=True))
    ).all()
    return {key[len(PREFIX):]: value for key, value in rows}


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
