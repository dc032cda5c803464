"""An HTML report of the study: codebook with counts, the collaboration map, a crosstab and
exemplar quotes per code — one self-contained file (inline CSS and SVG, nothing fetched).

Every piece of user text (names, definitions, quotes, memos) goes through :func:`html.escape`;
colours are re-checked as ``#RRGGBB`` before they reach a ``style`` attribute.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from sqlalchemy.orm import Session

from qcoder import __version__
from qcoder.core.errors import QcoderError
from qcoder.core.lifecycle.project import Project
from qcoder.core.snapshots import SegmentInfo
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.usecases.queries.project_totals import project_totals
from qcoder.core.wording import counted
from qcoder.io.codebook_export import CodebookRow, atomic_text, codebook_rows

QUOTES_PER_CODE = 3
QUOTE_CHARACTERS = 600
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
STYLE = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;max-width:1100px;margin:2em auto;padding:0 1em}
h1{margin-bottom:.2em}.meta{color:#59636e}nav a{margin-right:1em}
table{border-collapse:collapse;width:100%;margin:1em 0}
th,td{border-bottom:1px solid #d1d9e0;padding:.35em .5em;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}
.swatch{display:inline-block;width:.9em;height:.9em;border-radius:2px;margin-right:.4em;vertical-align:-.1em;border:1px solid #0002}
.group{font-weight:600}.definition{color:#3d444d;font-size:.92em}
blockquote{margin:.6em 0;padding:.4em .8em;border-left:4px solid #d1d9e0;background:#f6f8fa;white-space:pre-wrap}
.cite{color:#59636e;font-size:.85em}.star{color:#bf8700}
.map{width:100%;height:auto;border:1px solid #d1d9e0}.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:1em}
.dash{display:inline-block;width:2em;border-top:2px dashed #3c424a;margin-right:.4em;vertical-align:middle}
.missing{color:#59636e;font-style:italic}
.scroll{overflow-x:auto;max-width:100%}.scroll table{width:auto;min-width:100%}
"""


_NOT_BUILT = '<p class="missing">Not included in this report.</p>'


def _colour(value: str) -> str:
    return value if _COLOUR.match(value or "") else "#BAB0AC"


@dataclass
class ReportData:
    title: str
    codebook: list[CodebookRow]
    segments: list[SegmentInfo]
    totals: dict[str, int]
    sections: dict[str, str] = field(default_factory=dict)
    """Extra sections (map, crosstab) already rendered as HTML."""


SectionBuilder = Callable[[Session], dict[str, str]]
"""Makes the analysis sections (``map``, ``crosstab``) as HTML: ``qcoder.analysis.report_sections``."""


def gather(session: Session, title: str, sections: SectionBuilder | None = None) -> ReportData:
    totals = project_totals(session)
    segments = list_segments(session)
    codebook = codebook_rows(session)
    totals["passages"] = sum(row.passages for row in codebook)
    totals["codings"] = len(segments)
    data = ReportData(title, codebook, segments, totals)
    if sections is not None:
        data.sections.update(sections(session))
    return data


def _codebook_table(rows: list[CodebookRow]) -> str:
    out = ['<p class="meta">Passages: distinct coded spans, counted once however many coders coded them; '
           "with sub-codes: the passages of the code and of every code below it; codings: one per coder "
           "and passage.</p>",
           "<table><thead><tr><th>Code</th><th>Definition</th><th>Passages</th><th>With sub-codes</th>"
           "<th>Codings</th><th>Sources</th></tr></thead><tbody>"]
    for row in rows:
        code = row.code
        indent = f' style="padding-left:{0.5 + 1.4 * row.level:.1f}em"'
        name_class = "" if code.codable else ' class="group"'
        out.append(
            f'<tr><td{indent}><span class="swatch" style="background:{_colour(code.colour)}"></span>'
            f"<span{name_class}>{escape(code.name)}</span></td>"
            f'<td class="definition">{escape(code.description)}</td>'
            f'<td class="n">{row.passages}</td><td class="n">{row.total}</td><td class="n">{row.codings}</td>'
            f'<td class="n">{row.sources}</td></tr>'
        )
    out.append("</tbody></table>")
    return "".join(out)


def _quote(segment: SegmentInfo) -> str:
    text = segment.text if len(segment.text) <= QUOTE_CHARACTERS else segment.text[:QUOTE_CHARACTERS] + "…"
    where = escape(segment.source) + (f", {escape(segment.speaker)}" if segment.speaker else "")
    star = '<span class="star" title="exemplar">★</span> ' if segment.exemplar else ""
    memo = f"<br>Memo: {escape(segment.memo)}" if segment.memo else ""
    return (
        f"<blockquote>{escape(text)}</blockquote>"
        f'<div class="cite">{star}{where} [{segment.start}–{segment.end}), coded by {escape(segment.coder)}{memo}</div>'
    )


def _quotes_section(data: ReportData) -> str:
    by_code: dict[int, list[SegmentInfo]] = defaultdict(list)
    for segment in data.segments:
        by_code[segment.code_id].append(segment)
    out: list[str] = []
    for row in data.codebook:
        chosen = sorted(by_code.get(row.code.id, []), key=lambda s: (not s.exemplar, s.source, s.start))
        if not chosen:
            continue
        out.append(f'<h3><span class="swatch" style="background:{_colour(row.code.colour)}"></span>'
                   f"{escape(row.code.path)} <small>({counted(row.passages, 'passage')})</small></h3>")
        out.extend(_quote(segment) for segment in chosen[:QUOTES_PER_CODE])
    return "".join(out) or '<p class="missing">No passages are coded yet.</p>'


def render(data: ReportData, generated: datetime | None = None) -> str:
    generated = generated or datetime.now(UTC)
    summary = ", ".join(f"{count} {name}" for name, count in data.totals.items())
    codable = sum(1 for row in data.codebook if row.code.codable)
    groups = len(data.codebook) - codable
    return "".join([
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">",
        f"<title>{escape(data.title)} — qcoder report</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(data.title)}</h1>",
        f'<p class="meta">{escape(summary)}; {codable} codes and {groups} groups in the codebook. Generated {generated:%Y-%m-%d %H:%M} UTC '
        f"by qcoder {escape(__version__)}.</p>",
        '<nav><a href="#codebook">Codebook</a><a href="#map">Collaboration map</a>'
        '<a href="#crosstab">Crosstab</a><a href="#quotes">Exemplar quotes</a></nav>',
        f'<h2 id="codebook">Codebook</h2>{_codebook_table(data.codebook)}',
        f'<h2 id="map">Collaboration map</h2>{data.sections.get("map", _NOT_BUILT)}',
        f'<h2 id="crosstab">Crosstab</h2>{data.sections.get("crosstab", _NOT_BUILT)}',
        f'<h2 id="quotes">Exemplar quotes</h2><p class="meta">Up to {QUOTES_PER_CODE} passages per code, '
        f"passages flagged as exemplars (★) first.</p>{_quotes_section(data)}",
        "</body></html>\n",
    ])


def write_html_report(project: Project, out: Path, sections: SectionBuilder | None = None) -> str:
    """Write the report atomically; returns a one-line summary."""
    out = Path(out)
    if not out.parent.is_dir():
        raise QcoderError(f"the folder {out.parent} does not exist")
    with project.reading() as session:
        data = gather(session, project.name, sections)
    with atomic_text(out) as handle:
        handle.write(render(data))
    codable = sum(1 for row in data.codebook if row.code.codable)
    return (f"wrote the report ({counted(codable, 'code')} and {counted(len(data.codebook) - codable, 'group')}, "
            f"{counted(data.totals['passages'], 'passage')}, {counted(len(data.segments), 'coding')}) to {out}")
