"""How many elements an XML document holds, counted on its bytes before it is parsed.

A parsed element costs lxml about a kilobyte with its attributes, and the reading that follows
more again, so a project of a few megabytes on disk can hold millions of tiny selections that
would take gigabytes and minutes. Counting start tags is a byte scan in C (``bytes.count``), done
chunk by chunk while the entry decompresses, so a file over the limit is refused early, before
it fills the memory.
"""

from __future__ import annotations

from qcoder.io.refi_qda.errors import RefiQdaError

MAX_ELEMENTS = 400_000
"""Elements in one ``project.qde`` or ``.qdc`` at most: about 130,000 coded selections. Chosen
from measurements (``tests/benchmarks/bench_refi_bounds.py``, peak resident size of the whole
import): the reference workload (200 transcripts, 100,000 codings, 300,000 elements) peaks at
about 260 MB, 130,000 coded selections in one source (390,000 elements) at about 230 MB, both
within the 300 MB bound; the values read grow with the passages (about 1 KB each)."""


class ElementCounter:
    """Counts start tags (``<`` not followed by ``/``, ``?`` or ``!``) over the chunks fed to it."""

    def __init__(self, name: str, limit: int = MAX_ELEMENTS) -> None:
        self.name, self.limit = name, limit
        self.elements = 0
        self._ended_with_lt = False

    def feed(self, chunk: bytes) -> None:
        opened = chunk.count(b"<")
        closing = chunk.count(b"</") + chunk.count(b"<?") + chunk.count(b"<!")
        if self._ended_with_lt and chunk[:1] in (b"/", b"?", b"!"):
            closing += 1  # a tag split between two chunks
        self._ended_with_lt = chunk.endswith(b"<")
        self.elements += opened - closing
        if self.elements > self.limit:
            raise RefiQdaError(
                f"{self.name} holds more than {self.limit:,} XML elements (selections, codings…), "
                "more than qcoder reads from one file; refused (split the project, or export it in parts)"
            )


def count_elements(data: bytes, name: str, limit: int = MAX_ELEMENTS) -> int:
    """The number of elements in ``data``; :class:`RefiQdaError` above ``limit``."""
    counter = ElementCounter(name, limit)
    counter.feed(data)
    return counter.elements
