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
    log = list(checker.error_log)
    lines = [f"line {entry.line}: {entry.message}" for entry in log[:MAX_REPORTED_ERRORS]]
    if len(log) > MAX_REPORTED_ERRORS:
        lines.append(f"… and {len(log) - MAX_REPORTED_ERRORS} more schema errors")
    return lines
