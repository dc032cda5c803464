"""Parsing untrusted XML: no entities, no network, no DTD, no huge trees; names by local part.

Real files use the namespaces ``urn:QDA-XML:project:1.0``, ``...:1:0`` and ``...:0:4`` (and
sometimes none), so readers match elements on their local names only.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from qcoder.io.refi_qda.errors import RefiQdaError


def safe_parser() -> etree.XMLParser:
    """lxml's parser for files from elsewhere: no entities, network, DTD, comments or processing
    instructions; ``huge_tree`` stays off, so libxml2 keeps its limits (depth 256, one text node
    at most 10 MB). :mod:`qcoder.io.refi_qda.xml_stream` uses the same settings."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False,
        remove_comments=True, remove_pis=True,
    )


def check_no_dtd(head: bytes, name: str) -> None:
    """Refuse a document whose start (``head``) declares a DTD (XXE, "billion laughs")."""
    if head.find(b"<!DOCTYPE", 0, 1 << 16) >= 0:
        raise RefiQdaError(
            f"{name} declares a DTD or XML entities, which qcoder refuses to read for safety"
        )


def parse_xml(data: bytes, name: str) -> etree._Element:
    """The root element of ``data``; refuses DTDs (XXE, "billion laughs") with a clear message."""
    check_no_dtd(data, name)
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as error:
        raise RefiQdaError(f"{name} is not well-formed XML ({error})") from None
    return checked_root(root, name)


def local(element: etree._Element) -> str:
    """The element's name without its namespace (``""`` for comments and the like)."""
    tag = element.tag
    if type(tag) is not str:
        return ""
    return tag[tag.rfind("}") + 1:]


def children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    """The children called ``name`` in any namespace (or none), matched by lxml in C."""
    return element.iterchildren("{*}" + name)


def child(element: etree._Element, name: str) -> etree._Element | None:
    return next(element.iterchildren("{*}" + name), None)


def child_text(element: etree._Element, name: str) -> str | None:
    found = child(element, name)
    if found is None:
        return None
    return "".join(found.itertext())  # type: ignore[arg-type]  # lxml-stubs: a parsed tree's text is str


def namespace(element: etree._Element) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


def checked_root(root: etree._Element | None, name: str) -> etree._Element:
    """The root a parser gave for ``name``, refused when it is missing (an empty document) or its
    document declares a DTD."""
    if root is None:
        raise RefiQdaError(f"{name} is empty")
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise RefiQdaError(f"{name} declares a DTD, which qcoder refuses to read for safety")
    return root
