"""The framework matrix (NVivo's name): cases (organisations) × codes, with counts and quotes.

Rows are cases, columns the children of a code group (a code deeper down counts for the child
it sits under). A cell holds the passages of that column's codes in the sources of that case,
by the one counting rule (docs/ARCHITECTURE.md §11): *passages* are distinct spans, once however many
coders coded them; *codings* are coder × passage. Each cell keeps its quotes (one per passage).
Cases can be filtered by attribute values (``governance model=Single-company project``), and
``consensus`` keeps only passages coded by enough coders.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.analysis.board_groups import board_groups
from qcoder.analysis.map_inputs import CODE, CODER, CODING, END, START, load_spans, load_texts
from qcoder.core.errors import QcoderError
from qcoder.core.store.models import Coder, Source, case_sources
from qcoder.core.usecases.queries.cases import list_cases
from qcoder.core.usecases.queries.code_tree import code_path, list_codes, resolve_code_path


@dataclass(frozen=True)
class Quote:
    coding_id: int
    source: str
    start: int
    end: int
    text: str
    coders: tuple[str, ...]
    """Everyone who coded this passage with a code of the column."""
    coding_ids: tuple[int, ...] = ()
    """Every coding of the passage (one per coder and code)."""


@dataclass(frozen=True)
class FrameworkCell:
    quotes: tuple[Quote, ...]
    codings: int

    @property
    def passages(self) -> int:
        return len(self.quotes)

    @property
    def coding_ids(self) -> tuple[int, ...]:
        """Every coding behind the cell (a passage two coders coded gives two)."""
        return tuple(i for q in self.quotes for i in q.coding_ids)


EMPTY = FrameworkCell((), 0)


@dataclass(frozen=True)
class FrameworkMatrix:
    group: str
    cases: tuple[str, ...]
    codes: tuple[str, ...]
    colours: tuple[str, ...]
    cells: dict[tuple[str, str], FrameworkCell] = field(default_factory=dict)
    where: tuple[tuple[str, str], ...] = ()
    consensus: int | str | None = None

    def cell(self, case: str, code: str) -> FrameworkCell:
        return self.cells.get((case, code), EMPTY)

    def value(self, case: str, code: str, count: str = "passages") -> int:
        cell = self.cell(case, code)
        return cell.codings if count == "codings" else cell.passages

    @property
    def caption(self) -> str:
        filters = "".join(f"; {key} = {value}" for key, value in self.where)
        agreed = ""
        if self.consensus is not None:
            agreed = "; only passages coded by all coders" if self.consensus == "all" else (
                f"; only passages coded by at least {self.consensus} coders")
        return (f"Passages (distinct coded spans, once however many coders coded them) of each {self.group} code "
                f"in the sources of each case{filters}{agreed}.")


def parse_where(texts: Sequence[str]) -> tuple[tuple[str, str], ...]:
    found = []
    for text in texts:
        key, separator, value = text.partition("=")
        if not separator or not key.strip():
            raise QcoderError(f"'{text}': filter cases by KEY=VALUE, e.g. 'governance model=Single-company project'")
        found.append((key.strip(), value.strip()))
    return tuple(found)


def build_framework_matrix(
    session: Session, group: str | None = None, *, where: Sequence[tuple[str, str]] = (),
    consensus: int | str | None = None, organisations_only: bool = False,
) -> FrameworkMatrix:
    """Cases × the codes of ``group`` (default: the board's first item group, e.g. On-ramp)."""
    if group is None:
        chosen = board_groups(session)
        if not chosen.items:
            raise QcoderError("choose the code group whose codes are the columns")
        group_id = chosen.items[0]
    else:
        group_id = resolve_code_path(session, group)
    codes = list_codes(session)
    children = [c for c in codes if c.parent_id == group_id]
    if not children:
        raise QcoderError(f"'{code_path(session, group_id)}' has no codes below it to make columns of")
    parent = {c.id: c.parent_id for c in codes}
    fold: dict[int, int] = {}
    for code in codes:
        current: int | None = code.id
        while current is not None and parent.get(current) != group_id:
            current = parent.get(current)
        if current is not None:
            fold[code.id] = current
    cases = [c for c in list_cases(session) if _matches(dict(c.attributes), where)]
    if organisations_only:
        from qcoder.core.usecases.queries.organisations import list_organisations

        organisations = {o.case_id for o in list_organisations(session)}
        cases = [c for c in cases if c.id in organisations]
    cases.sort(key=lambda c: c.name.casefold())
    wanted_cases = {c.id: c.name for c in cases}
    case_of_source: dict[int, list[str]] = defaultdict(list)
    for case_id, source_id in session.execute(select(case_sources.c.case_id, case_sources.c.source_id)):
        if case_id in wanted_cases:
            case_of_source[source_id].append(wanted_cases[case_id])
    spans = load_spans(session, set(fold), consensus=consensus)
    spans = {s: rows for s, rows in spans.items() if s in case_of_source}
    texts = load_texts(session, set(spans))
    source_names = dict(session.execute(select(Source.id, Source.name)).all())
    coder_names = dict(session.execute(select(Coder.id, Coder.name)).all())
    names = {c.id: c.name for c in codes}
    found: dict[tuple[str, str], dict[tuple[int, int, int], list]] = defaultdict(dict)
    codings: dict[tuple[str, str], int] = defaultdict(int)
    for source_id, rows in spans.items():
        for span in rows:
            column = names[fold[span[CODE]]]
            for case in case_of_source[source_id]:
                key = (case, column)
                codings[key] += 1
                passage = found[key].setdefault((source_id, span[START], span[END]), [span[CODING], set(), []])
                passage[1].add(coder_names.get(span[CODER], "?"))
                passage[2].append(span[CODING])
    cells = {
        key: FrameworkCell(tuple(
            Quote(coding_id, source_names[s], start, end, texts[s][start:end], tuple(sorted(coders)), tuple(ids))
            for (s, start, end), (coding_id, coders, ids) in sorted(passages.items(), key=lambda p: (source_names[p[0][0]], p[0][1]))
        ), codings[key])
        for key, passages in found.items()
    }
    return FrameworkMatrix(
        code_path(session, group_id), tuple(c.name for c in cases), tuple(c.name for c in children),
        tuple(c.colour for c in children), cells, tuple(where), consensus,
    )


def _matches(values: dict[str, str], where: Sequence[tuple[str, str]]) -> bool:
    lowered = {k.casefold(): v for k, v in values.items()}
    return all((lowered.get(key.casefold()) or "").casefold() == value.casefold() for key, value in where)


