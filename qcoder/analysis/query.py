"""Saved queries: from typed text to a stored tree of GUIDs, back to text, and to a set of codings.

A stored tree names codes, coders, cases, sources and attributes by GUID (see
:mod:`qcoder.core.usecases.queries.saved_queries`), so renaming a code leaves a query meaning the same.
:func:`evaluate` gives the ids of the codings a tree selects; retrieval, crosstabs,
co-occurrence, frequencies and exports take such a set as their ``coding_ids``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.analysis.query_language import format_query, parse_query
from qcoder.core.errors import NotFoundError, QcoderError
from qcoder.core.store.models import Attribute, AttributeValue, Case, Coder, Coding, Source, case_sources
from qcoder.core.usecases.queries.code_tree import code_path, descendant_ids, resolve_code_path
from qcoder.core.usecases.queries.saved_queries import check_expression, find_saved_query

Tree = dict[str, Any]
_MODELS = {"code": None, "coder": Coder, "case": Case, "source": Source}


def _map_leaves(tree: Tree, leaf: Callable[[Tree], Tree]) -> Tree:
    op = tree.get("op")
    if op in ("and", "or"):
        return {"op": op, "args": [_map_leaves(arg, leaf) for arg in tree["args"]]}
    if op == "not":
        return {"op": "not", "arg": _map_leaves(tree["arg"], leaf)}
    return leaf(tree)


def compile_query(session: Session, text: str) -> Tree:
    """Parse ``text`` and resolve its names to GUIDs: the tree to store."""
    return resolve_names(session, parse_query(text))


def resolve_names(session: Session, tree: Tree) -> Tree:
    def leaf(node: Tree) -> Tree:
        if node.get("exemplar"):
            return {"exemplar": True}
        if "code" in node:
            return {"code": _guid(session, "code", node["code"])}
        for kind in ("coder", "case", "source"):
            if kind in node:
                return {kind: _guid(session, kind, node[kind])}
        return {"attribute": _attribute_guid(session, node["attribute"], node.get("applies_to")),
                "cmp": node.get("cmp", "="), "value": node["value"]}

    resolved = _map_leaves(tree, leaf)
    check_expression(resolved)
    return resolved


def _guid(session: Session, kind: str, name: str) -> str:
    if kind == "code":
        from qcoder.core.store.models import Code

        code = session.get(Code, resolve_code_path(session, name))
        assert code is not None
        return code.guid
    model = _MODELS[kind]
    assert model is not None  # codes are found by their path above
    guids = list(session.execute(select(model.guid).where((model.name == name) | (model.guid == name))).scalars())
    if not guids:
        raise NotFoundError(f"no {kind} '{name}'")
    if len(guids) > 1:
        raise QcoderError(f"several {kind}s are called '{name}'; use the GUID")
    return guids[0]


def _attribute_guid(session: Session, name: str, applies_to: str | None) -> str:
    query = select(Attribute.guid, Attribute.applies_to).where(Attribute.name == name)
    if applies_to:
        query = query.where(Attribute.applies_to == applies_to)
    found = session.execute(query).all()
    if not found:
        raise NotFoundError(f"no {applies_to + ' ' if applies_to else ''}attribute '{name}'")
    if len(found) > 1:
        raise QcoderError(f"'{name}' is both a case and a source attribute: write case.{name} or source.{name}")
    return found[0][0]


def describe(session: Session, tree: Tree) -> str:
    """The text form of a stored tree, with today's names (a deleted thing shows as its GUID)."""

    def leaf(node: Tree) -> Tree:
        if node.get("exemplar"):
            return node
        if "code" in node:
            from qcoder.core.store.models import Code

            code_id = session.scalar(select(Code.id).where(Code.guid == node["code"]))
            return {"code": code_path(session, code_id) if code_id is not None else node["code"]}
        for kind in ("coder", "case", "source"):
            if kind in node:
                model = _MODELS[kind]
                assert model is not None  # only codes have none
                name = session.scalar(select(model.name).where(model.guid == node[kind]))
                return {kind: name or node[kind]}
        attribute = session.execute(
            select(Attribute.name, Attribute.applies_to).where(Attribute.guid == node["attribute"])
        ).first()
        named: Tree = {"attribute": attribute[0] if attribute else node["attribute"],
                       "cmp": node.get("cmp", "="), "value": node["value"]}
        if attribute is not None and _ambiguous(session, attribute[0]):
            named["applies_to"] = attribute[1]
        return named

    return format_query(_map_leaves(tree, leaf))


def _ambiguous(session: Session, name: str) -> bool:
    return len(session.execute(select(Attribute.id).where(Attribute.name == name)).all()) > 1


def evaluate(session: Session, tree: Tree) -> set[int]:
    """The ids of the codings that ``tree`` selects."""
    check_expression(tree)
    universe: list[set[int]] = []

    def everything() -> set[int]:
        if not universe:
            universe.append(set(session.execute(select(Coding.id)).scalars()))
        return universe[0]

    def visit(node: Tree) -> set[int]:
        op = node.get("op")
        if op == "and":
            result = visit(node["args"][0])
            for arg in node["args"][1:]:
                if not result:
                    break
                result &= visit(arg)
            return result
        if op == "or":
            return set().union(*(visit(arg) for arg in node["args"]))
        if op == "not":
            return everything() - visit(node["arg"])
        return _leaf_codings(session, node)

    return visit(tree)


def _leaf_codings(session: Session, node: Tree) -> set[int]:
    if node.get("exemplar"):
        return _ids(session, Coding.exemplar.is_(True))
    if "code" in node:
        from qcoder.core.store.models import Code

        code_id = session.scalar(select(Code.id).where(Code.guid == node["code"]))
        if code_id is None:
            raise NotFoundError("the query names a code that no longer exists")
        return _ids(session, Coding.code_id.in_(descendant_ids(session, code_id)))
    if "coder" in node:
        return _ids(session, Coding.coder_id == _id_of(session, Coder, node["coder"], "coder"))
    if "source" in node:
        return _ids(session, Coding.source_id == _id_of(session, Source, node["source"], "source"))
    if "case" in node:
        case_id = _id_of(session, Case, node["case"], "case")
        return _ids(session, Coding.source_id.in_(select(case_sources.c.source_id).where(case_sources.c.case_id == case_id)))
    return _ids(session, Coding.source_id.in_(_attribute_sources(session, node)))


def _ids(session: Session, condition: Any) -> set[int]:
    return set(session.execute(select(Coding.id).where(condition)).scalars())


def _id_of(session: Session, model: Any, guid: str, kind: str) -> int:
    found = session.scalar(select(model.id).where(model.guid == guid))
    if found is None:
        raise NotFoundError(f"the query names a {kind} that no longer exists")
    return found


def _attribute_sources(session: Session, node: Tree) -> set[int]:
    attribute = session.scalar(select(Attribute).where(Attribute.guid == node["attribute"]))
    if attribute is None:
        raise NotFoundError("the query names an attribute that no longer exists")
    test = _comparison(node.get("cmp", "="), node["value"])
    owner = AttributeValue.case_id if attribute.applies_to == "case" else AttributeValue.source_id
    owners = {
        owner_id for owner_id, value in session.execute(
            select(owner, AttributeValue.value).where(AttributeValue.attribute_id == attribute.id)
        ) if owner_id is not None and test(value)
    }
    if attribute.applies_to == "source":
        return owners
    return set(session.execute(select(case_sources.c.source_id).where(case_sources.c.case_id.in_(owners))).scalars())


def _comparison(cmp: str, wanted: str) -> Callable[[str], bool]:
    """A test of a stored value; numbers compare as numbers, text ignoring case."""

    def number(text: str) -> float | None:
        try:
            return float(text)
        except ValueError:
            return None

    folded = wanted.casefold()
    if cmp == "~":
        return lambda value: folded in value.casefold()
    if cmp in ("=", "!="):

        def same(value: str) -> bool:
            mine, theirs = number(value), number(wanted)
            if mine is not None and theirs is not None:
                return mine == theirs
            return value.casefold() == folded

        return same if cmp == "=" else (lambda value: not same(value))
    target = number(wanted)

    def ordered(value: str) -> bool:
        mine = number(value)
        left, right = (mine, target) if mine is not None and target is not None else (value.casefold(), folded)
        return {"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right}[cmp]  # type: ignore[operator]  # both numbers or both folded text

    return ordered


def saved_query_codings(session: Session, name: str) -> set[int]:
    """The codings the saved query called ``name`` selects."""
    return evaluate(session, find_saved_query(session, name).expression)
