"""The reads about memos, for views and exports; the edits are in
:mod:`qcoder.core.usecases.commands.memos`."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.snapshots import MemoInfo
from qcoder.core.store.models import Coder, Memo


def list_memos(session: Session, *, target: str | None = None, target_id: int | None = None) -> list[MemoInfo]:
    query = select(Memo, Coder.name).join(Coder, Coder.id == Memo.coder_id).order_by(Memo.created_at, Memo.id)
    if target is not None and target != "project":
        query = query.where(getattr(Memo, f"{target}_id") == target_id)
    elif target == "project":
        query = query.where(
            Memo.source_id.is_(None) & Memo.code_id.is_(None) & Memo.case_id.is_(None)
        )
    return [
        MemoInfo(m.id, m.guid, m.text, coder, m.created_at, m.source_id, m.code_id, m.case_id, m.version)
        for m, coder in session.execute(query)
    ]
