"""The consensus filter of docs/ARCHITECTURE.md §11: only passages coded (with the same code) by enough coders.

``consensus`` is ``None`` (every passage), a number k (a passage counts when at least k coders
coded that span with that code) or ``"all"`` (every coder who coded anything in the project).
It applies to crosstabs, the lifecycle board, the matrix and the map's links.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from qcoder.analysis.map_inputs import CODE, CODER, END, START, Span
from qcoder.core.errors import QcoderError
from qcoder.core.store.models import Coding

Consensus = int | str | None


def parse_consensus(text: str | None) -> Consensus:
    """``all``, a whole number ≥ 1, or nothing — as typed on the command line."""
    if text is None or text == "":
        return None
    if text.strip().lower() == "all":
        return "all"
    try:
        value = int(text)
    except ValueError:
        raise QcoderError(f"consensus must be 'all' or a number of coders, not '{text}'") from None
    if value < 1:
        raise QcoderError("consensus must be at least 1 coder")
    return value


def required_coders(session: Session, consensus: Consensus) -> int | None:
    """How many coders a passage needs (``None``: no filter)."""
    if consensus is None:
        return None
    if consensus == "all":
        return max(1, session.scalar(select(func.count(distinct(Coding.coder_id)))) or 0)
    if not isinstance(consensus, int) or consensus < 1:
        raise QcoderError(f"consensus must be 'all' or a number of coders ≥ 1, not '{consensus}'")
    return consensus


def describe_consensus(consensus: Consensus) -> str:
    if consensus is None:
        return ""
    return "coded by all coders" if consensus == "all" else f"coded by at least {consensus} coders"


def keep_consensus(spans: dict[int, list[Span]], minimum: int | None) -> dict[int, list[Span]]:
    """Only the codings whose span was coded with their code by at least ``minimum`` coders."""
    if minimum is None or minimum <= 1:
        return spans
    kept: dict[int, list[Span]] = {}
    for source_id, source_spans in spans.items():
        coders: dict[tuple[int, int, int], set[int]] = defaultdict(set)
        for span in source_spans:
            coders[span[START], span[END], span[CODE]].add(span[CODER])
        rows = [s for s in source_spans if len(coders[s[START], s[END], s[CODE]]) >= minimum]
        if rows:
            kept[source_id] = rows
    return kept
