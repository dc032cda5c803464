"""The REFI-QDA schemas bundled with qcoder (no network at run time) and validation against them."""

from __future__ import annotations

from functools import lru_cache

from lxml import etree

from qcoder.core.resources import resource
from qcoder.io.refi_qda.xml_safety import safe_parser

PROJECT_NAMESPACE = "urn:QDA-XML:project:1.0"
CODEBOOK_NAMESPACE = "urn:QDA-XML:codebook:1.0"
_FILES = {"project": "Project-mrt2019.xsd", "codebook": "Codebook-mrt2019.xsd"}
MAX_REPORTED_ERRORS = 10


@lru_cache(maxsize=2)
def schema(kind: str) -> etree.XMLSchema:
    """The compiled XSD for ``"project"`` (QDPX) or ``"codebook"`` (QDC)."""
    data = resource("refi-qda", _FILES[kind]).read_bytes()
    return etree.XMLSchema(etree.fromstring(data, safe_parser()))


def validation_errors(root: etree._Element, kind: str) -> list[str]:
    """Why ``root`` is not valid against the schema (at most a few, then a count); empty if valid."""
    checker = schema(kind)
    if checker.validate(root.getroottree() if root.getparent() is None else root):
        return []
    return _described(list(checker.error_log))


def document_errors(xml: bytes, kind: str) -> list[str]:
    """Why the serialised document ``xml`` is not well-formed and valid; empty if it is.

    Parsing with the schema attached validates in the same pass, and the tree is dropped at once.
    """
    parser = etree.XMLParser(
        schema=schema(kind), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True
    )
    try:
        etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as error:
        return _described(list(error.error_log)) or [str(error)]
    return []


def _described(log: list) -> list[str]:  # type: ignore[type-arg]
    lines = [f"line {entry.line}: {entry.message}" for entry in log[:MAX_REPORTED_ERRORS]]
    if len(log) > MAX_REPORTED_ERRORS:
        lines.append(f"… and {len(log) - MAX_REPORTED_ERRORS} more schema errors")
    return lines
