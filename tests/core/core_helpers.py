"""Small helpers for use-case tests: run one use case in its own transaction, read a snapshot."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qcoder.core.project import Project


def run(project: Project, use_case: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run ``use_case`` in one committed transaction, as the window and the CLI do."""
    with project.transaction() as session:
        return use_case(session, *args, **kwargs)


def read(project: Project, reader: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    with project.reading() as session:
        return reader(session, *args, **kwargs)
