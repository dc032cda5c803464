"""Every memo of the project in one list, whatever it is on: a passage (its coding's memo), a
source, a code, a case or the project — for the Memos pane."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.store.models import Case, Coder, Coding, Memo, Source
from qcoder.core.usecases.queries.code_tree import list_codes

KINDS = ("passage", "source", "code", "case", "project")


@dataclass(frozen=True)
class MemoEntry:
    kind: str
    """One of :data:`KINDS`: what the memo is on."""
    on: str
    """What it is on, as a person reads it: "04-orchid-systems [120, 190): Lifecycle stage/…"."""
    text: str
    coder: str
    created_at: datetime | None
    source_id: int | None = None
    code_id: int | None = None
    case_name: str | None = None
    start: int | None = None
    end: int | None = None
    memo_id: int | None = None
    coding_id: int | None = None


def all_memos(session: Session) -> list[MemoEntry]:
    """Passage memos in text order per source, then the other memos oldest first."""
    paths = {c.id: c.path for c in list_codes(session)}
    entries = [
        MemoEntry("passage", f"{source} [{start}, {end}) · {paths.get(code_id, '?')}", memo or "", coder, created,
                  source_id=source_id, code_id=code_id, start=start, end=end, coding_id=coding_id)
        for coding_id, source_id, source, code_id, start, end, memo, coder, created in session.execute(
            select(Coding.id, Coding.source_id, Source.name, Coding.code_id, Coding.start, Coding.end, Coding.memo,
                   Coder.name, Coding.created_at)
            .join(Source, Source.id == Coding.source_id).join(Coder, Coder.id == Coding.coder_id)
            .where(Coding.memo.is_not(None), Coding.memo != "")
            .order_by(Source.name, Coding.start, Coding.id)
        )
    ]
    sources = dict(session.execute(select(Source.id, Source.name)).all())
    cases = dict(session.execute(select(Case.id, Case.name)).all())
    for memo, coder in session.execute(
        select(Memo, Coder.name).join(Coder, Coder.id == Memo.coder_id).order_by(Memo.created_at, Memo.id)
    ):
        if memo.source_id is not None:
            kind, on = "source", sources.get(memo.source_id, "?")
        elif memo.code_id is not None:
            kind, on = "code", paths.get(memo.code_id, "?")
        elif memo.case_id is not None:
            kind, on = "case", cases.get(memo.case_id, "?")
        else:
            kind, on = "project", "the project"
        entries.append(MemoEntry(kind, on, memo.text, coder, memo.created_at, source_id=memo.source_id,
                                 code_id=memo.code_id, case_name=cases.get(memo.case_id) if memo.case_id else None,
                                 memo_id=memo.id))
    return entries
