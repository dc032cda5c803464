"""Reading ``project.qde`` as it decompresses, without ever holding its whole tree.

A project's bulk is its passages: one ``PlainTextSelection`` (with its ``Coding``s) per coded
passage, 100,000 and more. Each is read into a :class:`~.model.RefiSelection` the moment its end
tag arrives and then cut out of the tree, so the tree keeps only the small rest (codes, users,
cases, the sources' own elements) and memory grows with what is kept, not with the file. The
first :data:`KEPT_FOR_CHECKING` passages stay in the tree for the schema check.

The parser is lxml's pull parser with the safe settings of :mod:`.xml_safety` (no entities, no
DTD, no network, no ``huge_tree``: libxml2 keeps its limits on depth and on the size of one
text); the chunks come from :meth:`.safe_archive.SafeArchive.stream`, which caps the bytes
inflated, and an :class:`~.xml_size.ElementCounter` refuses a file with too many elements as the
chunks come in, before they are parsed.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import cast

from lxml import etree

from qcoder.io.refi_qda.errors import RefiQdaError
from qcoder.io.refi_qda.model import RefiSelection
from qcoder.io.refi_qda.schemas import FULL_CHECK_ELEMENTS
from qcoder.io.refi_qda.xml_safety import check_no_dtd, checked_root, local

READ_AHEAD_BYTES = 64 * 2**20
"""Decompressed XML read (and its elements counted) before parsing starts: a file up to this size
with too many elements is refused before any of it is parsed — quickly, as parsing 400,000 tiny
elements would take seconds. Bytes cost far less memory than the tree or the values read."""
KEPT_FOR_CHECKING = FULL_CHECK_ELEMENTS
"""Passages left in the tree for the schema check (a small file is checked whole)."""
STREAMED_PARENTS = frozenset({"TextSource", "Representation"})
"""The elements whose ``PlainTextSelection``s are passages (a ``Note``'s names its own passage)."""


@dataclass
class StreamedXml:
    root: etree._Element
    """The document without the passages of its sources (but the first few, left for checking)."""
    selections: dict[etree._Element, list[RefiSelection]] = field(default_factory=dict)
    """Each text element (``TextSource``, a PDF's ``Representation``) → its passages, in order."""

    def drop_passages(self) -> None:
        """Take out the passages left in the tree for the schema check (they were read already)."""
        for parent in self.selections:
            for element in list(parent.iterchildren("{*}PlainTextSelection")):
                parent.remove(element)


def read_ahead(chunks: Iterable[bytes], limit: int = READ_AHEAD_BYTES) -> Iterator[bytes]:
    """``chunks``, of which the first ``limit`` bytes are pulled in before the first is given out
    (so that the checks on them — size, element count — run before the parser sees any)."""
    source = iter(chunks)
    ahead: deque[bytes] = deque()
    size = 0
    for chunk in source:
        ahead.append(chunk)
        size += len(chunk)
        if size >= limit:
            break
    while ahead:
        yield ahead.popleft()  # handed over and dropped: the parser copies what it keeps
    yield from source


def stream_xml(chunks: Iterable[bytes], name: str,
               read_selection: Callable[[etree._Element], RefiSelection]) -> StreamedXml:
    """Parse the document in ``chunks``; each passage goes through ``read_selection`` as it ends."""
    parser = etree.XMLPullParser(
        events=("end",), tag="{*}PlainTextSelection", resolve_entities=False, no_network=True, huge_tree=False,
        load_dtd=False, dtd_validation=False, remove_comments=True, remove_pis=True,
    )  # the settings of xml_safety.safe_parser
    selections: dict[etree._Element, list[RefiSelection]] = {}
    kept = 0
    first = True
    last_parent: etree._Element | None = None
    passages: list[RefiSelection] | None = None
    try:
        for chunk in chunks:
            if first:
                check_no_dtd(chunk, name)
                first = False
            parser.feed(chunk)
            for _, element in parser.read_events():
                element = cast(etree._Element, element)  # "end" events carry elements
                parent = element.getparent()
                if parent is not last_parent:  # passages come in runs: one look per source
                    last_parent, passages = parent, None
                    if parent is not None and local(parent) in STREAMED_PARENTS:
                        passages = selections.setdefault(parent, [])
                if passages is None or parent is None:
                    continue
                passages.append(read_selection(element))
                if kept < KEPT_FOR_CHECKING:  # left in the tree for the schema check
                    kept += 1
                else:
                    parent.remove(element)
        root = parser.close()
    except etree.XMLSyntaxError as error:
        raise RefiQdaError(f"{name} is not well-formed XML ({error})") from None
    return StreamedXml(checked_root(root, name), selections)
