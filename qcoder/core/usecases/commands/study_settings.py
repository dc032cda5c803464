"""Settings of the study kept in the project file (docs/ARCHITECTURE.md §4), e.g. the map's layout.

They live in ``project_meta`` under ``setting:<key>``, so every coder who opens the file sees the
same map. They are view choices, not content: changing one returns empty :class:`Changes` — with
its inverse (the values they had), so that a change made in the window (a map node dragged) undoes.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.edits import Edit
from qcoder.core.store.models import ProjectMeta
from qcoder.core.usecases.queries.study_settings import PREFIX


def set_study_settings(session: Session, values: Mapping[str, str | None]) -> Changes:
    """Set settings (``None`` removes one); the inverse sets the values they had."""
    before: dict[str, str | None] = {}
    for key, value in values.items():
        row = session.get(ProjectMeta, PREFIX + key)
        before[key] = None if row is None else row.value
        if value is None:
            if row is not None:
                session.execute(delete(ProjectMeta).where(ProjectMeta.key == PREFIX + key))
        elif row is None:
            session.add(ProjectMeta(key=PREFIX + key, value=value))
        else:
            row.value = value
    session.flush()
    return Changes(undo=Edit.of(set_study_settings, before))
