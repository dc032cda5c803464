"""The reads about saved queries, for views and exports; the edits are in
:mod:`qcoder.core.usecases.commands.saved_queries`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.errors import NotFoundError, QcoderError
from qcoder.core.store.models import SavedQuery

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


def _info(query: SavedQuery) -> SavedQueryInfo:
    return SavedQueryInfo(
        query.id, query.guid, query.name, json.loads(query.expression), query.description, query.created_at,
    )


def list_saved_queries(session: Session) -> list[SavedQueryInfo]:
    return [_info(q) for q in session.execute(select(SavedQuery).order_by(SavedQuery.name)).scalars()]


def find_saved_query(session: Session, name: str) -> SavedQueryInfo:
    """The saved query called ``name`` (or with that GUID)."""
    query = session.scalar(select(SavedQuery).where((SavedQuery.name == name) | (SavedQuery.guid == name)))
    if query is None:
        raise NotFoundError(f"no saved query '{name}'")
    return _info(query)
