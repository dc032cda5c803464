"""Small helpers for use-case tests: run one use case in its own transaction, read a snapshot."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.lifecycle.project import Project
from qcoder.core.store.models import Base
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.sources import add_source


def run(project: Project, use_case: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run ``use_case`` in one committed transaction, as the window and the CLI do."""
    with project.transaction() as session:
        return use_case(session, *args, **kwargs)


def read(project: Project, reader: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    with project.reading() as session:
        return reader(session, *args, **kwargs)


def make_project(path: Path, coder: str = "Ann", codings: int = 1) -> Path:
    """A small project file at ``path``: one source, one code and ``codings`` codings of it."""
    with Project.create(path, coder_name=coder, codebook=None) as project:
        with project.transaction() as session:
            source = add_source(session, "amara", "Amara: The lab shared compute with us.\n").created_id
            code = add_code(session, "help").created_id
        coder_id = project.coder_id()
        for number in range(codings):
            with project.transaction() as session:
                apply_coding(session, source, code, number, number + 5, coder_id)
    return path


def count(path: Path, table: str = "codings") -> int:
    """Rows of ``table`` in the file at ``path``, read with plain sqlite3 (not while it is open)."""
    connection = sqlite3.connect(path)
    try:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        connection.close()


def dump(session: Session) -> dict[str, list[Any]]:
    """Every row of every table, in key order: two dumps are equal when the project is."""
    return {
        table.name: list(session.execute(select(table).order_by(*table.primary_key.columns)).all())
        for table in Base.metadata.sorted_tables
    }
