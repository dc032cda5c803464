"""Work on the open project for a job: a query in a reading session, or a use case in one
transaction, run from the job's thread (each opens its own session and connection)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qcoder.core.lifecycle.project import Project
from qcoder.ui.jobs.job import JobContext, Work


def reading(project: Project, query: Callable[..., Any], *args: Any, cancellable: bool = False, **kwargs: Any) -> Work:
    """``query(session, *args, **kwargs)`` in a session that commits nothing; with
    ``cancellable`` the query also gets ``cancelled=`` the job's question whether to stop."""

    def work(context: JobContext) -> Any:
        extra = {"cancelled": context.cancelled} if cancellable else {}
        with project.reading() as session:
            return query(session, *args, **kwargs, **extra)

    return work


def writing(project: Project, use_case: Callable[..., Any], *args: Any, cancellable: bool = False,
            **kwargs: Any) -> Work:
    """``use_case(session, *args, **kwargs)`` in one transaction (retried on a server when it
    collided with another coder's, see :meth:`Project.write`)."""

    def work(context: JobContext) -> Any:
        extra = {"cancelled": context.cancelled} if cancellable else {}
        return project.write(use_case, *args, **kwargs, **extra)

    return work
