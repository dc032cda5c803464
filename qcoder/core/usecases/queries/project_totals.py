"""How many sources, cases and coders a project has (the report's and the summary's totals)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qcoder.core.store.models import Case, Coder, Source


def project_totals(session: Session) -> dict[str, int]:
    """``{"sources": n, "cases": n, "coders": n}``."""
    return {
        kind: session.scalar(select(func.count()).select_from(model)) or 0
        for kind, model in (("sources", Source), ("cases", Case), ("coders", Coder))
    }
