r"""Reading the code tree: snapshots in tree order, paths, and resolving a path to a code.

A path joins the names from the root with ``/``, e.g. ``Lifecycle stage/Pre-training``. Names
may contain ``/`` themselves (``Hackathons / sprints / working groups``); resolving a path
therefore matches existing names first, longest first, and only splits what is left — and
there a ``/`` with a space on both sides belongs to a name, so that
``On-ramp/Hackathons / sprints / working groups`` creates one code under ``On-ramp``.

To say exactly which ``/`` belong to names, escape them: ``Documentation\/data cards`` is one
name (``\\`` is a backslash); a path with a backslash is read that way, name by name, with no
guessing. A code's GUID addresses it too. :func:`escape_code_path` writes such a path.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import Row, func, select, text
from sqlalchemy.orm import Session

from qcoder.core.errors import NotFoundError
from qcoder.core.snapshots import CodeInfo
from qcoder.core.store.models import Code, Coding
from qcoder.core.usecases.queries.code_counts import CodeReach, code_reach  # noqa: F401  (read through here too)

PATH_SEPARATOR = "/"
_NEW_NAME_SEPARATOR = re.compile(r"(?<! )/|/(?! )")
"""A ``/`` that separates the names of codes still to be created: not one with spaces around it."""


_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def escape_code_name(name: str) -> str:
    return name.replace("\\", "\\\\").replace(PATH_SEPARATOR, "\\" + PATH_SEPARATOR)


def escape_code_path(names: Iterable[str]) -> str:
    """The path of the code with these names (from the root), every ``/`` in a name escaped."""
    return PATH_SEPARATOR.join(escape_code_name(name) for name in names)


def split_escaped_path(path: str) -> list[str]:
    """The names of an escaped path: ``/`` separates, ``\\/`` and ``\\\\`` stand for ``/`` and ``\\``."""
    names, current, index = [], [], 0
    while index < len(path):
        char = path[index]
        if char == "\\" and index + 1 < len(path) and path[index + 1] in ("\\", PATH_SEPARATOR):
            current.append(path[index + 1])
            index += 2
            continue
        if char == PATH_SEPARATOR:
            names.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    names.append("".join(current))
    return [name.strip() for name in names if name.strip()]


def split_new_names(remaining: str) -> list[str]:
    """The names in the part of a path that matched no existing code."""
    return [part.strip() for part in _NEW_NAME_SEPARATOR.split(remaining) if part.strip()]


def list_codes(session: Session, *, counts: bool = True) -> list[CodeInfo]:
    """Every code in tree order (depth first, by position), with its path and coding count
    (0 unless ``counts``: counting reads every passage, which views that keep counts of their
    own, or show none, need not wait for)."""
    tally = dict(
        session.execute(select(Coding.code_id, func.count()).group_by(Coding.code_id)).all()
    ) if counts else {}
    # Plain rows, not ORM objects: each read built (and left for the cycle collector) an object
    # graph per code, and this runs whenever a source is opened.
    codes = session.execute(
        select(Code.id, Code.guid, Code.parent_id, Code.name, Code.colour, Code.description, Code.is_codable,
               Code.position, Code.version).order_by(Code.position, Code.id)
    ).all()
    children: dict[int | None, list[Row]] = defaultdict(list)
    for code in codes:
        children[code.parent_id].append(code)
    # Depth first without a nested function calling itself: that is a reference cycle, which kept
    # every code's row and snapshot (1,000 objects per call) for the cycle collector's full runs.
    result: list[CodeInfo] = []
    pending: list[tuple[Row, str]] = [(code, "") for code in reversed(children.get(None, []))]
    while pending:
        code, prefix = pending.pop()
        path = f"{prefix}{PATH_SEPARATOR}{code.name}" if prefix else code.name
        result.append(
            CodeInfo(
                id=code.id,
                guid=code.guid,
                parent_id=code.parent_id,
                name=code.name,
                colour=code.colour,
                description=code.description,
                codable=code.is_codable,
                position=code.position,
                path=path,
                count=tally.get(code.id, 0),
                version=code.version,
            )
        )
        pending.extend((child, path) for child in reversed(children.get(code.id, [])))
    return result


def code_paths(session: Session) -> dict[int, str]:
    """Every code's path, from names and parents alone (no counting of passages)."""
    return code_paths_and_names(session)[0]


def code_paths_and_names(session: Session) -> tuple[dict[int, str], dict[int, str]]:
    """Every code's path and its own name (a name may hold the separator), from one read."""
    rows = {code: (parent, name) for code, parent, name in session.execute(select(Code.id, Code.parent_id, Code.name))}
    paths: dict[int, str] = {}
    for code in rows:
        _fill_path(code, rows, paths)
    return paths, {code: name for code, (_parent, name) in rows.items()}


def code_paths_and_names_of(session: Session, code_ids: Iterable[int]) -> tuple[dict[int, str], dict[int, str]]:
    """The path and own name of each of ``code_ids`` (those that exist), as
    :func:`code_paths_and_names` gives them: a few codes walked up the tree one by one (retrieving
    one code read a tree of hundreds of in-vivo codes), many from one read of the whole tree."""
    wanted = set(code_ids)
    if len(wanted) > FEW_CODES:
        return code_paths_and_names(session)
    paths: dict[int, str] = {}
    names: dict[int, str] = {}
    for code in wanted:
        lineage = list(session.execute(_LINEAGE, {"code": code}).scalars())
        if lineage:
            paths[code], names[code] = PATH_SEPARATOR.join(lineage), lineage[-1]
    return paths, names


FEW_CODES = 16
_LINEAGE = text(
    """
    WITH RECURSIVE up(id, parent_id, name, depth) AS (
        SELECT id, parent_id, name, 0 FROM codes WHERE id = :code
        UNION ALL SELECT codes.id, codes.parent_id, codes.name, up.depth + 1 FROM codes JOIN up ON codes.id = up.parent_id
        WHERE up.depth < 1000
    ) SELECT name FROM up ORDER BY depth DESC
    """
)


def _fill_path(code: int, rows: dict[int, tuple[int | None, str]], paths: dict[int, str]) -> str:
    if code not in paths:
        parent, name = rows[code]
        paths[code] = name if parent is None or parent not in rows else f"{_fill_path(parent, rows, paths)}{PATH_SEPARATOR}{name}"
    return paths[code]


def code_path(session: Session, code_id: int) -> str:
    names: list[str] = []
    current: int | None = code_id
    while current is not None:
        code = session.get(Code, current)
        if code is None:
            raise NotFoundError(f"no code with id {code_id}")
        names.append(code.name)
        current = code.parent_id
    return PATH_SEPARATOR.join(reversed(names))


def code_info(session: Session, code_id: int) -> CodeInfo:
    """One code as it stands (``count`` left 0: reading it costs a count of its codings), in
    two plain reads (the code, its path up the tree): an in-vivo code's row is read with it."""
    code = session.execute(select(Code.id, Code.guid, Code.parent_id, Code.name, Code.colour, Code.description,
                                  Code.is_codable, Code.position, Code.version).where(Code.id == code_id)).first()
    if code is None:
        raise NotFoundError(f"no code with id {code_id}")
    return CodeInfo(
        id=code.id, guid=code.guid, parent_id=code.parent_id, name=code.name, colour=code.colour,
        description=code.description, codable=code.is_codable, position=code.position,
        path=PATH_SEPARATOR.join(session.execute(_LINEAGE, {"code": code_id}).scalars()), count=0,
        version=code.version,
    )


def children_of(session: Session, parent_id: int | None) -> list[Code]:
    return list(
        session.execute(
            select(Code).where(Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id)
            .order_by(Code.position, Code.id)
        ).scalars()
    )


def match_code_path(session: Session, path: str) -> tuple[int | None, list[str]]:
    """Walk ``path`` down the existing tree: the deepest code reached, and the names left over."""
    if "\\" in path:
        return _match_escaped(session, split_escaped_path(path))
    if _GUID.fullmatch(path.strip()):
        found = session.scalar(select(Code.id).where(Code.guid == path.strip()))
        if found is not None:
            return found, []
    remaining = path.strip().strip(PATH_SEPARATOR).strip()
    parent_id: int | None = None
    while remaining:
        candidates = sorted(children_of(session, parent_id), key=lambda c: len(c.name), reverse=True)
        for code in candidates:
            if remaining == code.name or remaining.startswith(code.name + PATH_SEPARATOR):
                parent_id = code.id
                remaining = remaining[len(code.name) + 1:]  # one separator: "//" is not "/"
                break
        else:
            break
    left = split_new_names(remaining) if remaining else []
    return parent_id, left


def _match_escaped(session: Session, names: list[str]) -> tuple[int | None, list[str]]:
    parent_id: int | None = None
    for depth, name in enumerate(names):
        found = next((c.id for c in children_of(session, parent_id) if c.name == name), None)
        if found is None:
            return parent_id, names[depth:]
        parent_id = found
    return parent_id, []


def resolve_code_path(session: Session, path: str) -> int:
    """The id of the code at ``path``; :class:`NotFoundError` if there is none."""
    code_id, left = match_code_path(session, path)
    if code_id is None or left:
        raise NotFoundError(f"no code '{path}'")
    return code_id


def descendant_ids(session: Session, code_id: int) -> list[int]:
    """``code_id`` and every code below it (``code_id`` first), walked down the parent index:
    reading every code's parent cost a millisecond per call once in-vivo codes ran to hundreds,
    and retrieval asks it for each code shown."""
    below = [child for child in session.execute(_DESCENDANTS, {"code": code_id}).scalars() if child != code_id]
    return [code_id, *below]


_DESCENDANTS = text(
    """
    WITH RECURSIVE down(id) AS (
        SELECT CAST(:code AS INTEGER) UNION SELECT codes.id FROM codes JOIN down ON codes.parent_id = down.id
    ) SELECT id FROM down
    """
)
