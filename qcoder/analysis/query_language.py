"""The text form of a saved query, as typed on the command line or in the query editor.

::

    code:"On-ramp" AND NOT coder:Bob
    (case:EleutherAI OR "Organisation type" = "Small or medium enterprise") AND exemplar
    source."Language" != en OR case.Country ~ land

Conditions: ``code:PATH`` (the code and everything below it), ``coder:NAME``, ``case:NAME``,
``source:NAME``, ``exemplar``, and attribute comparisons ``NAME OP VALUE`` with ``OP`` one of
``= != < <= > >= ~`` (``~``: contains; ``<`` and ``>`` compare numbers as numbers); write
``case.NAME`` or ``source.NAME`` when both kinds of attribute have that name. ``AND`` binds
tighter than ``OR``; ``NOT`` applies to what follows; parentheses group. Names with spaces or
punctuation go in double quotes; a quote inside one is written twice.

:func:`parse_query` turns the text into a tree of plain names; :mod:`qcoder.analysis.query`
resolves the names to GUIDs before the tree is stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from qcoder.core.errors import QcoderError
from qcoder.core.usecases.queries.saved_queries import COMPARISONS

_TOKEN = re.compile(
    r'\s*(?:(?P<string>"(?:[^"]|"")*")|(?P<op>!=|<=|>=|[=<>~])|(?P<paren>[()])|(?P<colon>:)'
    r'|(?P<word>[^\s"()=<>~!:]+)|(?P<bad>\S))'
)
NAMED_KINDS = ("code", "coder", "case", "source")


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    position: int


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            break
        kind = match.lastgroup or "bad"
        value = match.group(kind)
        if kind == "bad":
            raise QcoderError(f"unexpected '{value}' at character {match.start(kind) + 1} of the query")
        if kind == "string":
            value = value[1:-1].replace('""', '"')
        tokens.append(Token(kind, value, match.start(kind)))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.index = 0

    def peek(self) -> Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def keyword(self, word: str) -> bool:
        token = self.peek()
        if token is not None and token.kind == "word" and token.text.upper() == word:
            self.index += 1
            return True
        return False

    def take(self, kind: str, what: str) -> Token:
        token = self.peek()
        if token is None or token.kind != kind:
            where = f"at character {token.position + 1}" if token else "at the end"
            raise QcoderError(f"expected {what} {where} of the query")
        self.index += 1
        return token

    def parse(self) -> dict[str, Any]:
        if not self.tokens:
            raise QcoderError("the query is empty")
        tree = self.expression()
        token = self.peek()
        if token is not None:
            raise QcoderError(f"unexpected '{token.text}' at character {token.position + 1} of the query")
        return tree

    def expression(self) -> dict[str, Any]:
        terms = [self.term()]
        while self.keyword("OR"):
            terms.append(self.term())
        return terms[0] if len(terms) == 1 else {"op": "or", "args": terms}

    def term(self) -> dict[str, Any]:
        factors = [self.factor()]
        while self.keyword("AND"):
            factors.append(self.factor())
        return factors[0] if len(factors) == 1 else {"op": "and", "args": factors}

    def factor(self) -> dict[str, Any]:
        if self.keyword("NOT"):
            return {"op": "not", "arg": self.factor()}
        token = self.peek()
        if token is not None and token.kind == "paren" and token.text == "(":
            self.index += 1
            inner = self.expression()
            closing = self.peek()
            if closing is None or closing.text != ")":
                raise QcoderError("a '(' in the query is never closed")
            self.index += 1
            return inner
        return self.condition()

    def value(self, what: str) -> str:
        token = self.peek()
        if token is None or token.kind not in ("word", "string"):
            where = f"at character {token.position + 1}" if token else "at the end"
            raise QcoderError(f"expected {what} {where} of the query")
        self.index += 1
        return token.text

    def condition(self) -> dict[str, Any]:
        first = self.peek()
        if first is not None and first.kind == "word" and first.text.lower() == "exemplar":
            self.index += 1
            return {"exemplar": True}
        name = self.value("a condition")
        following = self.peek()
        if (first is not None and first.kind == "word" and name.lower() in ("case.", "source.")
                and following is not None and following.kind == "string"):
            name += self.value("an attribute name")  # case."Organisation type"
            following = self.peek()
        if following is not None and following.kind == "colon":
            self.index += 1
            kind = name.lower()
            if kind not in NAMED_KINDS:
                raise QcoderError(f"'{name}:' is not a condition; use one of {', '.join(k + ':' for k in NAMED_KINDS)}")
            return {kind: self.value(f"a {kind} name after '{name}:'")}
        operator = self.take("op", f"':' or a comparison ({' '.join(COMPARISONS)}) after '{name}'")
        applies_to = None
        for prefix in ("case.", "source."):
            if name.lower().startswith(prefix) and len(name) > len(prefix):
                applies_to, name = prefix[:-1], name[len(prefix):]
        node: dict[str, Any] = {"attribute": name, "cmp": operator.text, "value": self.value(f"a value after '{operator.text}'")}
        if applies_to:
            node["applies_to"] = applies_to
        return node


def parse_query(text: str) -> dict[str, Any]:
    """The tree of ``text``, with names (not yet GUIDs) in its leaves."""
    return _Parser(text).parse()


def quote(name: str) -> str:
    """``name`` as a bare word if it can be one, else in double quotes."""
    if name and re.fullmatch(r'[^\s"()=<>~!:]+', name) and name.upper() not in ("AND", "OR", "NOT") \
            and name.lower() != "exemplar":
        return name
    return '"' + name.replace('"', '""') + '"'


def format_query(tree: dict[str, Any], *, top: bool = True) -> str:
    """The text form of a tree of names; :func:`parse_query` of it gives the tree back."""
    op = tree.get("op")
    if op in ("and", "or"):
        joined = f" {op.upper()} ".join(format_query(arg, top=False) for arg in tree["args"])
        return joined if top else f"({joined})"
    if op == "not":
        return "NOT " + format_query(tree["arg"], top=False)
    if tree.get("exemplar"):
        return "exemplar"
    for kind in NAMED_KINDS:
        if kind in tree:
            return f"{kind}:{quote(tree[kind])}"
    name = quote(tree["attribute"])
    if tree.get("applies_to"):
        name = f"{tree['applies_to']}.{name}"
    return f"{name} {tree.get('cmp', '=')} {quote(tree['value'])}"
