"""One ingest in one transaction of an open project: what a flow that brings rows in calls."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from qcoder.core.ingest.engine import Ingest
from qcoder.core.lifecycle.project import Project


@contextmanager
def ingesting(project: Project) -> Iterator[Ingest]:
    """An :class:`Ingest` within one transaction of ``project`` (committed when the block ends
    normally, rolled back otherwise), with SQLite given room for bulk inserts."""
    with project.transaction() as session:
        ingest = Ingest(session)
        with ingest.bulk_cache():
            yield ingest
