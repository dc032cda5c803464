"""The passages behind a node, edge, cell or board item, made into quotes only when looked at.

A view over 100,000 codings may have tens of thousands of supporting passages; counting them
must not cost building a quote for each. :class:`EvidenceList` holds (source, span) references
and the texts, and builds an :class:`Evidence` when an item is read.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple, overload

from qcoder.analysis.map_inputs import CODE, CODER, CODING, END, EXEMPLAR, START, MapInputs, Span


class Evidence(NamedTuple):
    """A passage behind an edge, node or cell."""

    coding_id: int
    source_id: int
    source: str
    start: int
    end: int
    text: str
    coder: str
    exemplar: bool
    code: str = ""


@dataclass(frozen=True)
class QuoteMaker:
    """What turns a (source, span) reference into an :class:`Evidence`."""

    inputs: MapInputs
    texts: dict[int, str]

    def make(self, source_id: int, span: Span) -> Evidence:
        return Evidence(
            span[CODING], source_id, self.inputs.source_names[source_id], span[START], span[END],
            self.texts[source_id][span[START]:span[END]], self.inputs.coders.get(span[CODER], "?"),
            bool(span[EXEMPLAR]), self.inputs.codes[span[CODE]].path,
        )


class EvidenceList(Sequence[Evidence]):
    """An immutable sequence of passages, each built on access."""

    __slots__ = ("_maker", "_refs")

    def __init__(self, refs: Sequence[tuple[int, Span]], maker: QuoteMaker | None) -> None:
        self._refs = tuple(refs)
        self._maker = maker

    def __len__(self) -> int:
        return len(self._refs)

    @overload
    def __getitem__(self, index: int) -> Evidence: ...
    @overload
    def __getitem__(self, index: slice) -> list[Evidence]: ...

    def __getitem__(self, index: int | slice) -> Evidence | list[Evidence]:
        assert self._maker is not None
        if isinstance(index, slice):
            return [self._maker.make(*ref) for ref in self._refs[index]]
        return self._maker.make(*self._refs[index])

    def __iter__(self) -> Iterator[Evidence]:
        maker = self._maker
        assert maker is not None or not self._refs
        return (maker.make(*ref) for ref in self._refs)  # type: ignore[union-attr]  # asserted above: no refs without a maker

    def exemplars(self) -> list[Evidence]:
        assert self._maker is not None or not self._refs
        return [self._maker.make(*ref) for ref in self._refs if ref[1][EXEMPLAR]]  # type: ignore[union-attr]  # asserted above: no refs without a maker

    def passages(self) -> int:
        """Distinct passages: the same span coded by two coders is one passage."""
        return len({(source_id, span[START], span[END]) for source_id, span in self._refs})

    def source_ids(self) -> set[int]:
        return {source_id for source_id, _ in self._refs}

    def __repr__(self) -> str:
        return f"EvidenceList({len(self._refs)} passages)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, EvidenceList) and self._refs == other._refs

    def __hash__(self) -> int:
        return hash(self._refs)
