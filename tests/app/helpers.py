"""Real project files for the service tests: a lead's project and a coder's copy with more work."""

from __future__ import annotations

from pathlib import Path

from qcoder.core.lifecycle.project import Project
from qcoder.core.lifecycle.restore import copy_database
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.sources import list_sources

TEXT = "Interviewer: Who helped?\nAmara: The lab next door shared its weights.\n"


def make_project(path: Path, *, coder: str = "Ann", sources: int = 1) -> Path:
    with Project.create(path, coder_name=coder, codebook=None) as project:
        coder_id = project.coder_id()
        with project.transaction() as session:
            code = add_code(session, "Helpers").created_id
            for number in range(sources):
                source = add_source(session, f"interview {number + 1}", TEXT).created_id
                apply_coding(session, source, code, 13, 24, coder_id)
    return path


def coders_copy(original: Path, copy: Path, coder: str = "Bo") -> Path:
    """A copy of ``original`` in which ``coder`` coded one more passage."""
    copy_database(original, copy)
    with Project.open(copy, coder_name=coder) as project:
        coder_id = project.coder_id()
        with project.transaction() as session:
            apply_coding(session, 1, 1, 25, 30, coder_id)
    return copy


def counts(path: Path) -> tuple[int, int]:
    """(sources, codings) of the project file at ``path``."""
    with Project.open(path, read_only=True) as project, project.reading() as session:
        sources = list_sources(session)
    return len(sources), sum(s.codings for s in sources)
