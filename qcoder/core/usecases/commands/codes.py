"""Editing the code tree: add, rename, recolour, describe, move, merge, delete and restore."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, SQLColumnExpression, func, select, update
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.colours import normalise_colour, palette_colour
from qcoder.core.edits import Edit, Seen, undoable
from qcoder.core.errors import InvalidNameError, NotFoundError, QcoderError
from qcoder.core.row_set import RowKeys, RowSet
from qcoder.core.snapshots import CodeInfo
from qcoder.core.store.cascade import key_condition, primary_keys, references_to
from qcoder.core.store.models import Code, Coding, Memo
from qcoder.core.store.name_locks import lock_names
from qcoder.core.store.versions import claim
from qcoder.core.usecases.commands.row_edits import remove_rows
from qcoder.core.usecases.queries.code_tree import (
    PATH_SEPARATOR,
    children_of,
    code_path,
    descendant_ids,
    match_code_path,
)

_OWN_TABLES = frozenset({"codes", "codings", "memos"})
"""Tables that merge and delete handle themselves; rows of any other table that refers to a
code (disagreement resolutions, and whatever later issues add) are handled generically."""


def _code(session: Session, code_id: int) -> Code:
    code = session.get(Code, code_id)
    if code is None:
        raise NotFoundError(f"no code with id {code_id}")
    return code


def code_name(name: str) -> str:
    """``name`` stripped, refused if it can be no code's name (checking no sibling's)."""
    name = name.strip()
    if not name:
        raise InvalidNameError("a code needs a name")
    if name.startswith(PATH_SEPARATOR) or name.endswith(PATH_SEPARATOR):
        # Paths join names with '/': a name ending in one could never be found by its path.
        raise InvalidNameError(f"a code's name cannot start or end with '{PATH_SEPARATOR}' ('{name}')")
    return name


def name_taken(name: str) -> InvalidNameError:
    return InvalidNameError(f"there already is a code '{name}' there")


def _check_name(session: Session, name: str, parent_id: int | None, *, except_id: int | None = None) -> str:
    name = code_name(name)
    lock_names(session, "codes")
    clash = select(Code.id).where(_under(parent_id), Code.name == name)  # not every sibling loaded: in vivo has hundreds
    if except_id is not None:
        clash = clash.where(Code.id != except_id)
    if session.scalar(clash.limit(1)) is not None:
        raise name_taken(name)
    return name


def _under(parent_id: int | None) -> ColumnElement[bool]:
    return Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id


def after_last(positions: SQLColumnExpression[int]) -> ColumnElement[int]:
    """Where a new code goes among siblings whose positions are ``positions``: after the last.
    The highest position, not the count: one step down the index on (parent, position) whatever
    the number of siblings (an "In vivo" group has thousands), and after a deleted sibling (the
    others keep their positions) the new code still comes last, as the tree shows it."""
    return func.coalesce(func.max(positions) + 1, 0)


def add_code(
    session: Session,
    name: str,
    *,
    parent_id: int | None = None,
    colour: str | None = None,
    description: str = "",
    codable: bool = True,
    position: int | None = None,
    guid: str | None = None,
) -> Changes:
    """Add a code under ``parent_id`` (or at the root); ``created_id`` is the new code's id."""
    if parent_id is not None:
        _code(session, parent_id)
    name = _check_name(session, name, parent_id)
    if position is None or colour is None:  # one count of the codes, one step to the parent's last
        last = select(after_last(Code.position)).where(_under(parent_id)).scalar_subquery()
        total, after = session.execute(select(select(func.count()).select_from(Code).scalar_subquery(), last)).one()
        position = after if position is None else position
        colour = palette_colour(total) if colour is None else colour
    code = Code(
        parent_id=parent_id,
        name=name,
        colour=normalise_colour(colour),
        description=description,
        is_codable=codable,
        position=position,
    )
    if guid:
        code.guid = guid
    session.add(code)
    session.flush()
    path = name if parent_id is None else f"{code_path(session, parent_id)}{PATH_SEPARATOR}{name}"
    return code_added(CodeInfo(id=code.id, guid=code.guid, parent_id=parent_id, name=code.name, colour=code.colour,
                               description=code.description, codable=code.is_codable, position=code.position,
                               path=path, count=0, version=code.version))


def code_added(row: CodeInfo) -> Changes:
    """What adding the code ``row`` (as stored) changed; its inverse removes it."""
    return Changes(
        codes=frozenset({row.id}), code_tree=True, created_id=row.id, code_rows=(row,),
        undo=Edit(remove_rows, (RowKeys.ids("codes", [row.id]),)),
    )


def ensure_code_path(session: Session, path: str) -> Changes:
    """The code at ``path``, creating the missing codes along it; ``created_id`` is its id.

    ``messages`` names each code created, so the caller can say so.
    """
    parent_id, missing = match_code_path(session, path)
    if parent_id is None and not missing:
        raise InvalidNameError("a code path needs at least one name")
    changes = Changes(created_id=parent_id)
    created: list[int] = []
    prefix = code_path(session, parent_id) if parent_id is not None else ""
    for name in missing:
        added = add_code(session, name, parent_id=parent_id)
        assert added.created_id is not None  # add_code names the code it made
        parent_id = added.created_id
        prefix = f"{prefix}{PATH_SEPARATOR}{name}" if prefix else name
        changes = changes.merged(added).merged(Changes(messages=(f"created code '{prefix}'",)))
        created.append(added.created_id)
    return undoable(changes, Edit.of(remove_rows, RowKeys.ids("codes", created)))


def _claim(session: Session, code_id: int, seen_version: int | None) -> Code:
    """The code, its version raised; refused if ``seen_version`` is given and stale."""
    code = claim(session, Code, code_id, seen_version)
    assert isinstance(code, Code)
    return code


def seen_code(code: Code) -> Seen:
    """The code at its version now: what the inverse of an edit just made of it claims."""
    return Seen("codes", code.id, code.version)


def rename_code(session: Session, code_id: int, name: str, *, seen_version: int | None = None) -> Changes:
    """Rename a code; ``seen_version`` is the version the editor showed (see :mod:`versions`)."""
    code = _claim(session, code_id, seen_version)
    inverse = Edit.of(rename_code, code_id, code.name, seen=seen_code(code))
    code.name = _check_name(session, name, code.parent_id, except_id=code_id)
    return Changes(codes=frozenset({code_id}), code_tree=True, undo=inverse)


def recolour_code(session: Session, code_id: int, colour: str, *, seen_version: int | None = None) -> Changes:
    colour = normalise_colour(colour)
    code = _claim(session, code_id, seen_version)
    inverse = Edit.of(recolour_code, code_id, code.colour, seen=seen_code(code))
    code.colour = colour
    return Changes(codes=frozenset({code_id}), undo=inverse)


def describe_code(session: Session, code_id: int, description: str, *, seen_version: int | None = None) -> Changes:
    code = _claim(session, code_id, seen_version)
    inverse = Edit.of(describe_code, code_id, code.description, seen=seen_code(code))
    code.description = description
    return Changes(codes=frozenset({code_id}), undo=inverse)


def set_codable(session: Session, code_id: int, codable: bool, *, seen_version: int | None = None) -> Changes:
    code = _claim(session, code_id, seen_version)
    if not codable and session.scalar(select(Coding.id).where(Coding.code_id == code_id).limit(1)):
        raise QcoderError(f"'{code.name}' has coded passages, so it cannot become a group")
    inverse = Edit.of(set_codable, code_id, code.is_codable, seen=seen_code(code))
    code.is_codable = codable
    return Changes(codes=frozenset({code_id}), undo=inverse)


def move_code(
    session: Session, code_id: int, parent_id: int | None, position: int | None = None,
    *, seen_version: int | None = None, positions: tuple[tuple[int, int], ...] = (),
) -> Changes:
    """Move a code (with its children) under ``parent_id`` at ``position`` among its siblings.

    Only the moved code's version is raised: renumbering its siblings is no edit of theirs.
    ``positions`` (code id, position) are set afterwards: the inverse of a move puts back every
    sibling's position, old and new, as it was.
    """
    code = _claim(session, code_id, seen_version)
    if parent_id is not None and parent_id in descendant_ids(session, code_id):
        raise QcoderError("a code cannot be moved into itself or one of its children")
    _check_name(session, code.name, parent_id, except_id=code_id)
    old_siblings = children_of(session, code.parent_id)
    siblings = [c for c in children_of(session, parent_id) if c.id != code_id]
    was = tuple((c.id, c.position) for c in {c.id: c for c in old_siblings + siblings + [code]}.values())
    inverse = Edit.of(move_code, code_id, code.parent_id, code.position, seen=seen_code(code), positions=was)
    position = len(siblings) if position is None else max(0, min(position, len(siblings)))
    siblings.insert(position, code)
    code.parent_id = parent_id
    for index, sibling in enumerate(siblings):
        sibling.position = index
    for other_id, other_position in positions:
        session.execute(update(Code).where(Code.id == other_id).values(position=other_position))
    session.flush()
    if positions:
        session.expire_all()
    moved = frozenset(c.id for c in siblings) | frozenset(other for other, _position in positions)
    return Changes(codes=moved, code_tree=True, undo=inverse)


def merge_codes(session: Session, source_id: int, target_id: int) -> Changes:
    """Move the codings, children and memos of ``source_id`` to ``target_id``, then delete it.

    A coding that would duplicate one the target already has (same source, span and coder) is
    dropped rather than doubled.
    """
    return merge_codes_recorded(session, source_id, target_id)[0]


@dataclass(frozen=True)
class MergedCodes:
    """What a merge moved and dropped, enough for :func:`unmerge_codes` to undo it exactly."""

    source_code: RowSet
    target_id: int
    moved_coding_ids: tuple[int, ...]
    dropped_codings: RowSet
    moved_memo_ids: tuple[int, ...]
    moved_children: tuple[tuple[int, int], ...]
    """(child id, its old position)."""
    repointed: tuple[tuple[str, str, tuple[tuple[int, ...], ...]], ...] = ()
    """(table, column, primary keys) of rows of other tables that referred to the merged code
    (e.g. disagreement resolutions) and now refer to the target."""


def merge_codes_recorded(session: Session, source_id: int, target_id: int) -> tuple[Changes, MergedCodes]:
    """:func:`merge_codes`, also returning what it did so that it can be undone."""
    if source_id == target_id:
        raise QcoderError("a code cannot be merged into itself")
    source = _code(session, source_id)
    target = _code(session, target_id)
    if target_id in descendant_ids(session, source_id):
        raise QcoderError("a code cannot be merged into one of its own children")
    if not target.is_codable and session.scalar(
        select(Coding.id).where(Coding.code_id == source_id).limit(1)
    ) is not None:
        raise QcoderError(
            f"'{target.name}' is a group that passages cannot carry; merge '{source.name}' into a code"
        )
    target_children = {child.name for child in children_of(session, target_id)}
    clashes = sorted(c.name for c in children_of(session, source_id) if c.name in target_children)
    if clashes:
        raise InvalidNameError(
            f"'{target.name}' already has codes called {', '.join(repr(n) for n in clashes)}; "
            "merge or rename those first"
        )
    existing = {
        (source, start, end, coder)
        for source, start, end, coder in session.execute(
            select(Coding.source_id, Coding.start, Coding.end, Coding.coder_id).where(
                Coding.code_id == target_id
            )
        )
    }
    moved: list[int] = []
    dropped: list[Coding] = []
    for coding in session.execute(select(Coding).where(Coding.code_id == source_id)).scalars():
        key = (coding.source_id, coding.start, coding.end, coding.coder_id)
        if key in existing:
            dropped.append(coding)
        else:
            existing.add(key)
            moved.append(coding.id)
    dropped_snapshot = RowSet.of_objects(Coding, dropped)
    for coding in dropped:
        session.delete(coding)
    if moved:
        session.execute(update(Coding).where(Coding.id.in_(moved)).values(code_id=target_id))
    memo_ids = tuple(session.execute(select(Memo.id).where(Memo.code_id == source_id)).scalars())
    session.execute(update(Memo).where(Memo.code_id == source_id).values(code_id=target_id))
    repointed = []
    for table, column in references_to(Code.__table__, exclude=_OWN_TABLES):
        keys = primary_keys(session, table, column == source_id)
        if keys:
            session.execute(update(table).where(column == source_id).values({column.name: target_id}))
            repointed.append((table.name, column.name, tuple(keys)))
    offset = len(children_of(session, target_id))
    children = children_of(session, source_id)
    moved_children = tuple((child.id, child.position) for child in children)
    for index, child in enumerate(children):
        child.parent_id = target_id
        child.position = offset + index
    session.flush()
    record = MergedCodes(
        RowSet.of_objects(Code, [source]), target_id, tuple(moved), dropped_snapshot, memo_ids, moved_children,
        tuple(repointed),
    )
    session.delete(source)
    session.flush()
    changes = Changes(
        codes=frozenset({source_id, target_id}), codings=frozenset(moved) | dropped_snapshot.ids(),
        code_tree=True, undo=Edit.of(unmerge_codes, record),
    )
    return changes, record


def unmerge_codes(session: Session, record: MergedCodes) -> Changes:
    record.source_code.restore(session)
    source_id = next(iter(record.source_code.ids()))
    if record.moved_coding_ids:
        session.execute(update(Coding).where(Coding.id.in_(record.moved_coding_ids)).values(code_id=source_id))
    if record.moved_memo_ids:
        session.execute(update(Memo).where(Memo.id.in_(record.moved_memo_ids)).values(code_id=source_id))
    for child_id, position in record.moved_children:
        session.execute(update(Code).where(Code.id == child_id).values(parent_id=source_id, position=position))
    for table_name, column, keys in record.repointed:
        table = Code.metadata.tables[table_name]
        session.execute(update(table).where(key_condition(table, list(keys))).values({column: source_id}))
    record.dropped_codings.restore(session)
    session.expire_all()
    return Changes(
        codes=frozenset({source_id, record.target_id}),
        codings=frozenset(record.moved_coding_ids) | record.dropped_codings.ids(),
        code_tree=True, undo=Edit.of(merge_codes, source_id, record.target_id),
    )
