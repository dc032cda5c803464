"""The code groups and attributes an analysis can be built on, as (label, spec) pairs for combo boxes."""

from __future__ import annotations

from qcoder.core.sessions import Session
from qcoder.core.usecases.queries.cases import list_attributes
from qcoder.core.usecases.queries.code_tree import list_codes

UNITS = (("Overlapping passages", "overlap"), ("Same speaker turn", "turn"), ("Same source", "source"))


def code_groups(session: Session) -> list[tuple[str, str]]:
    """Codes with codes below them, by path; the spec is ``code:PATH``."""
    codes = list_codes(session, counts=False)
    parents = {c.parent_id for c in codes if c.parent_id is not None}
    return [(c.path, f"code:{c.path}") for c in codes if c.id in parents]


def attributes(session: Session) -> list[tuple[str, str]]:
    return [(f"{a.name} ({a.applies_to} attribute)", f"{a.applies_to}:{a.name}") for a in list_attributes(session)]


def dimensions(session: Session) -> list[tuple[str, str]]:
    return code_groups(session) + [("Cases (each case, e.g. each organisation)", "cases")] + attributes(session)
