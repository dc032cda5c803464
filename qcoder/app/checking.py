"""Checking a project (``qcoder check`` and File ▸ Check the project): first that its schema is
qcoder's own — a file from elsewhere may carry triggers or views, and then its rows are not read,
since reading them would run them — then its rows, references, positions and texts."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

from qcoder.core.lifecycle.project import Project
from qcoder.core.store.integrity import Problem, check_connection
from qcoder.core.store.project_checks import schema_problems
from qcoder.core.team.server_url import is_server_url

__all__ = ["Problem", "check_open_project", "check_project"]


def check_project(target: str, opened: Callable[[], AbstractContextManager[Project]]) -> list[Problem]:
    """The problems of the project file or server project ``target``; ``opened`` opens it for
    reading (only when its schema is qcoder's own)."""
    foreign, missing = ([], []) if is_server_url(target) else schema_problems(Path(target))
    if foreign:
        return [Problem("schema", finding) for finding in foreign]
    with opened() as project:
        return _checked(project, missing)


def check_open_project(project: Project) -> list[Problem]:
    """The problems of a project already open (the window's): its schema was checked when it was
    opened, so a foreign one never got this far."""
    missing = [] if project.path is None else schema_problems(project.path)[1]
    return _checked(project, missing)


def _checked(project: Project, missing: list[str]) -> list[Problem]:
    with project.engine.connect() as connection:
        return [Problem("schema", finding) for finding in missing] + check_connection(connection)
