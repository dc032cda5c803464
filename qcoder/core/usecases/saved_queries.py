"""Saved queries: named filters of codings, stored in the project as an AND/OR/NOT tree in JSON.

The tree (built and evaluated by :mod:`qcoder.analysis.query`) has nodes
``{"op": "and"|"or", "args": [...]}`` and ``{"op": "not", "arg": {...}}``, and leaves that name
things by GUID: ``{"code": G}`` (the code and every code below it), ``{"coder": G}``,
``{"case": G}``, ``{"source": G}``, ``{"attribute": G, "cmp": "=", "value": "SME"}``,
``{"exemplar": true}``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.errors import InvalidNameError, NotFoundError, QcoderError
from qcoder.core.models import SavedQuery
from qcoder.core.edits import Edit, undoable
from qcoder.core.row_set import RowKeys, RowSet
from qcoder.core.usecases.row_edits import remove_rows, removed_rows, restore_rows

LEAVES = ("code", "coder", "case", "source", "attribute", "exemplar")
COMPARISONS = ("=", "!=", "<", "<=", ">", ">=", "~")
"""``~`` means "contains" (ignoring case)."""


@dataclass(frozen=True)
class SavedQueryInfo:
    id: int
    guid: str
    name: str
    expression: dict[str, Any]
    description: str
    created_at: datetime | None


def check_expression(node: Any) -> None:
    """Raise :class:`QcoderError` unless ``node`` is a well-formed query tree."""
    if not isinstance(node, dict):
        raise QcoderError("a query condition must be a JSON object")
    op = node.get("op")
    if op in ("and", "or"):
        args = node.get("args")
        if not isinstance(args, list) or not args:
            raise QcoderError(f"'{op}' needs a non-empty list of conditions in 'args'")
        for arg in args:
            check_expression(arg)
        return
    if op == "not":
        check_expression(node.get("arg"))
        return
    if op is not None:
        raise QcoderError(f"unknown query operator '{op}'")
    kinds = [key for key in LEAVES if key in node]
    if len(kinds) != 1:
        raise QcoderError(f"a query condition needs exactly one of: {', '.join(LEAVES)}")
    kind = kinds[0]
    if kind == "exemplar":
        if node["exemplar"] is not True:
            raise QcoderError("'exemplar' conditions are written {\"exemplar\": true}")
        return
    if not isinstance(node[kind], str) or not node[kind]:
        raise QcoderError(f"a '{kind}' condition needs a GUID")
    if kind == "attribute":
        if node.get("cmp", "=") not in COMPARISONS:
            raise QcoderError(f"compare attributes with one of {' '.join(COMPARISONS)}")
        if not isinstance(node.get("value"), str):
            raise QcoderError("an attribute condition needs a 'value'")


def _query(session: Session, query_id: int) -> SavedQuery:
    query = session.get(SavedQuery, query_id)
    if query is None:
        raise NotFoundError(f"no saved query with id {query_id}")
    return query


def _check_name(session: Session, name: str, except_id: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise InvalidNameError("a saved query needs a name")
    other = session.scalar(select(SavedQuery.id).where(SavedQuery.name == name))
    if other is not None and other != except_id:
        raise InvalidNameError(f"there already is a saved query '{name}'")
    return name


def save_query(
    session: Session, name: str, expression: dict[str, Any], *, description: str = "",
    coder_id: int | None = None, guid: str | None = None,
) -> Changes:
    """Store a new saved query; ``created_id`` is its id."""
    check_expression(expression)
    query = SavedQuery(
        name=_check_name(session, name), expression=json.dumps(expression, ensure_ascii=False),
        description=description, coder_id=coder_id,
    )
    if guid:
        query.guid = guid
    session.add(query)
    session.flush()
    return Changes(
        queries=frozenset({query.id}), created_id=query.id,
        undo=Edit(remove_rows, (RowKeys.ids("saved_queries", [query.id]),)),
    )


def update_query(
    session: Session, query_id: int, *, name: str | None = None,
    expression: dict[str, Any] | None = None, description: str | None = None,
) -> Changes:
    query = _query(session, query_id)
    inverse = Edit.of(
        update_query, query_id, name=query.name, expression=json.loads(query.expression),
        description=query.description,
    )
    if name is not None:
        query.name = _check_name(session, name, except_id=query_id)
    if expression is not None:
        check_expression(expression)
        query.expression = json.dumps(expression, ensure_ascii=False)
    if description is not None:
        query.description = description
    session.flush()
    return Changes(queries=frozenset({query_id}), undo=inverse)


def delete_query(session: Session, query_id: int) -> tuple[Changes, RowSet]:
    """Delete a saved query; the removed rows bring it back with the same id and GUID."""
    _query(session, query_id)
    removed = removed_rows(session, RowKeys.ids("saved_queries", [query_id]))
    return undoable(Changes(queries=frozenset({query_id})), Edit.of(restore_rows, removed)), removed


def restore_query(session: Session, snapshot: RowSet) -> Changes:
    return restore_rows(session, snapshot)


def _info(query: SavedQuery) -> SavedQueryInfo:
    return SavedQueryInfo(
        query.id, query.guid, query.name, json.loads(query.expression), query.description, query.created_at,
    )


def list_saved_queries(session: Session) -> list[SavedQueryInfo]:
    return [_info(q) for q in session.execute(select(SavedQuery).order_by(SavedQuery.name)).scalars()]


def saved_query(session: Session, query_id: int) -> SavedQueryInfo:
    return _info(_query(session, query_id))


def find_saved_query(session: Session, name: str) -> SavedQueryInfo:
    """The saved query called ``name`` (or with that GUID)."""
    query = session.scalar(select(SavedQuery).where((SavedQuery.name == name) | (SavedQuery.guid == name)))
    if query is None:
        raise NotFoundError(f"no saved query '{name}'")
    return _info(query)
