"""Saved queries: named filters of codings, stored in the project as an AND/OR/NOT tree in JSON.

The tree (built and evaluated by :mod:`qcoder.analysis.query`) has nodes
``{"op": "and"|"or", "args": [...]}`` and ``{"op": "not", "arg": {...}}``, and leaves that name
things by GUID: ``{"code": G}`` (the code and every code below it), ``{"coder": G}``,
``{"case": G}``, ``{"source": G}``, ``{"attribute": G, "cmp": "=", "value": "SME"}``,
``{"exemplar": true}``.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.edits import Edit
from qcoder.core.errors import InvalidNameError
from qcoder.core.row_set import RowKeys
from qcoder.core.store.models import SavedQuery
from qcoder.core.usecases.commands.row_edits import remove_rows
from qcoder.core.usecases.queries.saved_queries import _query, check_expression


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


def delete_query(session: Session, query_id: int) -> Changes:
    """Delete a saved query; the inverse brings it back with the same id and GUID."""
    _query(session, query_id)
    return remove_rows(session, RowKeys.ids("saved_queries", [query_id]))
