"""In-vivo coding: a code named after the selected words, made and given to the passage at once."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.edits import Edit
from qcoder.core.store.models import Code
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding

IN_VIVO_GROUP = "In vivo"
GROUP_COLOUR = "#6C757D"
GROUP_DESCRIPTION = "Codes named after participants' own words."


def in_vivo_code(
    session: Session, name: str, source_id: int, start: int, end: int, coder_id: int,
    *, group: str = IN_VIVO_GROUP,
) -> Changes:
    """Add the code ``name`` under the top-level group ``group`` (made, not codable, if missing)
    and code ``[start, end)`` of the source with it, in the caller's one transaction.

    ``created_id`` is the new code's id; the coding is stated in full (``coding_rows``,
    ``codings_before``). The inverse takes back the coding, the code and a group made here.
    """
    # the group's row, not only its id: add_code's look at the parent and its path then read nothing
    found = session.scalars(select(Code).where(Code.parent_id.is_(None), Code.name == group).limit(1)).first()
    group_id = found.id if found is not None else None
    steps: list[Changes] = []
    if group_id is None:
        made = add_code(session, group, colour=GROUP_COLOUR, description=GROUP_DESCRIPTION, codable=False)
        steps.append(made)
        group_id = made.created_id
    code = add_code(session, name, parent_id=group_id)
    assert code.created_id is not None
    steps.append(code)
    steps.append(apply_coding(session, source_id, code.created_id, start, end, coder_id))
    changes = Changes()
    for step in steps:
        changes = changes.merged(step)
    inverse = Edit.sequence([step.undo for step in reversed(steps) if step.undo is not None])
    return replace(changes, created_id=code.created_id, undo=inverse)
