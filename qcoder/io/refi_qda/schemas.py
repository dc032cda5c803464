"""The REFI-QDA schemas bundled with qcoder (no network at run time) and validation against them."""

from __future__ import annotations

import threading
from collections import defaultdict
from functools import lru_cache
from typing import Any

from lxml import etree

from qcoder.core.resources import resource
from qcoder.io.refi_qda.xml_safety import safe_parser

PROJECT_NAMESPACE = "urn:QDA-XML:project:1.0"
CODEBOOK_NAMESPACE = "urn:QDA-XML:codebook:1.0"
_FILES = {"project": "Project-mrt2019.xsd", "codebook": "Codebook-mrt2019.xsd"}
MAX_REPORTED_ERRORS = 10
FULL_CHECK_ELEMENTS = 5_000
"""Files with more elements are checked on a sample: libxml2 describes each schema error by the
element's path, counting its preceding siblings, so a file with a million faulty selections side
by side takes hours (1.5 million: past 5 minutes and 1.9 GB, then stopped)."""
SAMPLE_PER_KIND = 100
"""A sample keeps this many children of each kind under each element, spread over all of them."""
_COMPILING = threading.Lock()
"""libxml2 sets up its built-in schema types on the first compilation in a process, and two
threads compiling at once then may corrupt them: "Document is not valid XML Schema", a crash
("double free or corruption") or a thread looping for ever, seen in the export's two checks
(5 of 30 new processes with four threads compiling at once went wrong)."""


def compiled_schema(kind: str) -> etree.XMLSchema:
    """A newly compiled XSD for ``"project"`` (QDPX) or ``"codebook"`` (QDC), 2 ms: lxml keeps one
    error log per schema object, so checks that run at the same time each take their own. One
    thread at a time compiles (:data:`_COMPILING`); the checks themselves run at the same time."""
    data = resource("refi-qda", _FILES[kind]).read_bytes()
    with _COMPILING:
        return etree.XMLSchema(etree.fromstring(data, safe_parser()))


schema = lru_cache(maxsize=2)(compiled_schema)
"""The compiled XSD of each kind, compiled once (for checks on the GUI thread or one at a time)."""


def validation_errors(root: etree._Element, kind: str, *, elements: int | None = None) -> list[str]:
    """Why ``root`` is not valid against the schema (at most a few, then a count); empty if valid.

    An imported document (``elements`` says how many it has) above :data:`FULL_CHECK_ELEMENTS`
    is checked on a sample, which bounds the time, and the answer says so; what qcoder wrote
    itself (no ``elements``) is checked whole.
    """
    checker = schema(kind)
    total = elements or 0
    target = root if total <= FULL_CHECK_ELEMENTS else sampled(root)
    if checker.validate(target.getroottree() if target.getparent() is None else target):
        return []
    lines = _described(list(checker.error_log))  # type: ignore[call-overload]  # lxml-stubs: the log is iterable
    if target is not root:
        lines.insert(0, f"a large file ({total:,} elements): the schema was checked on a sample of "
                        f"{sum(1 for _ in target.iter()):,} of them, every kind of element included")
    return lines


def sampled(root: etree._Element, per_kind: int = SAMPLE_PER_KIND) -> etree._Element:
    """A copy of ``root`` keeping, under each element, at most ``per_kind`` children of each tag,
    evenly spread (schema order and every kind of child are kept)."""
    copy = etree.Element(root.tag, root.attrib, nsmap=root.nsmap)  # type: ignore[arg-type]  # lxml-stubs: both are accepted
    copy.text = root.text
    by_tag: dict[object, list[etree._Element]] = defaultdict(list)
    for item in root:
        by_tag[item.tag].append(item)
    kept: set[int] = set()
    for items in by_tag.values():
        step = max(1, len(items) // per_kind)
        kept.update(id(item) for item in items[::step][:per_kind])
    for item in root:
        if id(item) in kept:
            if isinstance(item.tag, str):
                child = sampled(item, per_kind)
                child.tail = item.tail
                copy.append(child)
    return copy


def document_errors(xml: bytes, kind: str) -> list[str]:
    """Why the serialised document ``xml`` is not well-formed and valid; empty if it is.

    Parsed, then the tree validated whole: a quarter faster than validating while parsing (a
    schema attached to the parser), and lxml lets other threads run during both. The tree is
    dropped at once. Safe to call from several threads at once (a schema object of its own).
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as error:
        return _described(list(error.error_log)) or [str(error)]  # type: ignore[call-overload]  # lxml-stubs: iterable
    checker = compiled_schema(kind)
    if checker.validate(root.getroottree()):
        return []
    return _described(list(checker.error_log)) or ["the document does not match the schema"]  # type: ignore[call-overload]  # lxml-stubs: iterable


def _described(log: list[Any]) -> list[str]:
    lines = [f"line {entry.line}: {entry.message}" for entry in log[:MAX_REPORTED_ERRORS]]
    if len(log) > MAX_REPORTED_ERRORS:
        lines.append(f"… and {len(log) - MAX_REPORTED_ERRORS} more schema errors")
    return lines
