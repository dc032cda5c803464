"""In-vivo coding: a code named after the selected words, made and given to the passage at once."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from sqlalchemy import Insert, Select, bindparam, func, insert, select
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.colours import normalise_colour, palette_colour
from qcoder.core.edits import Edit
from qcoder.core.errors import NotFoundError
from qcoder.core.snapshots import CodeInfo
from qcoder.core.store.models import Code, Coder, Source
from qcoder.core.store.name_locks import lock_names
from qcoder.core.usecases.commands.codes import add_code, after_last, code_added, code_name
from qcoder.core.usecases.commands.codings import apply_coding, check_bounds, coding_stored
from qcoder.core.usecases.queries.code_tree import PATH_SEPARATOR

IN_VIVO_GROUP = "In vivo"
GROUP_COLOUR = "#6C757D"
GROUP_DESCRIPTION = "Codes named after participants' own words."


@cache
def _statements() -> tuple[Select, Insert]:
    """Built once (building them costs more than running them): one query reads all the new code
    and its passage need — the group, the code of that name already in it if any, the count that
    gives the code its colour and the place after the group's last, the source's length, the
    coder's name —, one statement stores the code."""
    codes = Code.__table__
    group, sibling, namesake = codes.alias("grp"), codes.alias("sibling"), codes.alias("namesake")
    facts = select(
        group.c.id,
        select(func.count()).select_from(codes).scalar_subquery(),
        select(after_last(sibling.c.position)).where(sibling.c.parent_id == group.c.id).scalar_subquery(),
        select(namesake.c.id).where(namesake.c.parent_id == group.c.id, namesake.c.name == bindparam("name"))
        .limit(1).scalar_subquery(),  # one, even from a file whose siblings share a name (a server refuses two rows)
        select(Source.characters).where(Source.id == bindparam("source")).scalar_subquery(),
        select(Coder.name).where(Coder.id == bindparam("coder")).scalar_subquery(),
    ).where(group.c.parent_id.is_(None), group.c.name == bindparam("group")).limit(1)
    store = insert(codes).returning(codes.c.id, codes.c.guid, codes.c.version)
    return facts, store


def in_vivo_code(
    session: Session, name: str, source_id: int, start: int, end: int, coder_id: int,
    *, group: str = IN_VIVO_GROUP,
) -> Changes:
    """Add the code ``name`` under the top-level group ``group`` (made, not codable, if missing)
    and code ``[start, end)`` of the source with it, in the caller's one transaction. Words coded
    in vivo before are coded again with the code they made then (as QualCoder does):
    the change is then that coding alone (no ``code_tree``).

    ``created_id`` is the new code's id; the coding is stated in full (``coding_rows``,
    ``codings_before``). The inverse takes back the coding, the code and a group made here.
    Once the group exists (every in-vivo code but the first) it is one query and two inserts,
    the same as :func:`add_code` then :func:`apply_coding` would do in seven statements.
    """
    name = code_name(name)
    facts, store = _statements()
    session.flush()  # what the caller's transaction added before (a source) is seen by the query
    lock_names(session, "codes")  # on a server: no other coder's same new name until commit
    connection = session.connection()
    found = connection.execute(facts, {"group": group, "name": name, "source": source_id, "coder": coder_id}).first()
    if found is None:
        return _with_new_group(session, name, source_id, start, end, coder_id, group)
    group_id, total, position, namesake, characters, coder = found
    if namesake is not None:
        return apply_coding(session, source_id, namesake, start, end, coder_id)
    check_bounds(source_id, characters, start, end)
    if coder is None:
        raise NotFoundError(f"no coder with id {coder_id}")
    colour = normalise_colour(palette_colour(total))
    code_id, guid, version = connection.execute(store, {
        "parent_id": group_id, "name": name, "colour": colour, "description": "", "is_codable": True,
        "position": position,
    }).one()
    code = code_added(CodeInfo(id=code_id, guid=guid, parent_id=group_id, name=name, colour=colour, description="",
                               codable=True, position=position, path=f"{group}{PATH_SEPARATOR}{name}", count=0,
                               version=version))
    coding = coding_stored(session, source_id, code_id, start, end, coder_id, coder)
    return _joined([code, coding])


def _with_new_group(
    session: Session, name: str, source_id: int, start: int, end: int, coder_id: int, group: str,
) -> Changes:
    """The first in-vivo code: the group is made too, then the code and its passage."""
    made = add_code(session, group, colour=GROUP_COLOUR, description=GROUP_DESCRIPTION, codable=False)
    assert made.created_id is not None
    code = add_code(session, name, parent_id=made.created_id)
    assert code.created_id is not None
    return _joined([made, code, apply_coding(session, source_id, code.created_id, start, end, coder_id)])


def _joined(steps: list[Changes]) -> Changes:
    """The steps as one change, named after the new code (the last but one step); the inverse
    takes them back in the opposite order."""
    changes = Changes()
    for step in steps:
        changes = changes.merged(step)
    inverse = Edit.sequence([step.undo for step in reversed(steps) if step.undo is not None])
    return replace(changes, created_id=steps[-2].created_id, undo=inverse)
