"""Memos on the project, a source, a code or a case (a passage's memo is on its coding)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.edits import Edit, Seen
from qcoder.core.errors import NotFoundError, QcoderError
from qcoder.core.row_set import RowKeys
from qcoder.core.store.models import Case, Code, Coder, Memo, Source
from qcoder.core.store.versions import claim
from qcoder.core.usecases.commands.row_edits import remove_rows

TARGETS = ("project", "source", "code", "case")


_TARGET_MODELS = {"source": Source, "code": Code, "case": Case}


def add_memo(
    session: Session,
    text: str,
    coder_id: int,
    *,
    target: str = "project",
    target_id: int | None = None,
    guid: str | None = None,
) -> Changes:
    if target not in TARGETS:
        raise QcoderError(f"a memo is on one of: {', '.join(TARGETS)}")
    if (target == "project") != (target_id is None):
        raise QcoderError("a memo on a source, code or case needs its id")
    if target != "project" and session.get(_TARGET_MODELS[target], target_id) is None:
        raise NotFoundError(f"no {target} with id {target_id}")
    if session.get(Coder, coder_id) is None:
        raise NotFoundError(f"no coder with id {coder_id}")
    memo = Memo(text=text, coder_id=coder_id)
    if target != "project":
        setattr(memo, f"{target}_id", target_id)
    if guid:
        memo.guid = guid
    session.add(memo)
    session.flush()
    return Changes(
        memos=frozenset({memo.id}), created_id=memo.id, undo=Edit(remove_rows, (RowKeys.ids("memos", [memo.id]),))
    )


def edit_memo(session: Session, memo_id: int, text: str, *, seen_version: int | None = None) -> Changes:
    """Change a memo's text; ``seen_version`` is the version the editor showed."""
    if session.get(Memo, memo_id) is None:
        raise NotFoundError(f"no memo with id {memo_id}")
    memo = claim(session, Memo, memo_id, seen_version)
    inverse = Edit.of(edit_memo, memo_id, memo.text, seen=Seen("memos", memo_id, memo.version))
    memo.text = text
    return Changes(memos=frozenset({memo_id}), undo=inverse)
