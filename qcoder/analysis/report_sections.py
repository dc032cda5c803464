"""The analysis sections of the HTML report (``qcoder.io.html_report``): the collaboration map
and a code crosstab, as escaped HTML fragments. The report itself lives in ``io``, which may not
import ``analysis``; whoever writes a report (command line, window) passes :func:`report_sections`.

When the project has nothing to show (no organisations, no code groups to cross) a section says
so instead of drawing an empty figure.
"""

from __future__ import annotations

from html import escape

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.analysis.board_groups import board_groups
from qcoder.analysis.code_matrix import build_code_matrix
from qcoder.analysis.collaboration_map import build_collaboration_map
from qcoder.analysis.report_map_svg import legend_html, map_svg
from qcoder.core.errors import QcoderError
from qcoder.core.store.models import Code

TOP_EDGES = 25


def map_section(session: Session) -> str:
    try:
        network = build_collaboration_map(session)
    except QcoderError as error:
        return f'<p class="missing">No map: {escape(str(error))}.</p>'
    if not network.nodes:
        return ('<p class="missing">No map: the project has no organisations yet (cases with a type, '
                "or codes under “Organisations”).</p>")
    svg, unplaced = map_svg(network)
    parts = [svg, legend_html()]
    if unplaced:
        parts.append(f'<p class="meta">Not on the map (no country or coordinates): {escape(", ".join(unplaced))}.</p>')
    edges = sorted(network.edges, key=lambda e: (-e.weight, e.source, e.target))[:TOP_EDGES]
    if edges:
        rows = "".join(
            f'<tr><td>{escape(e.source)}</td><td>{escape(e.target)}</td><td class="n">{e.weight}</td></tr>'
            for e in edges
        )
        parts.append(f"<table><thead><tr><th>Organisation</th><th>Mentions</th><th>Passages</th></tr></thead>"
                     f"<tbody>{rows}</tbody></table>")
    return "".join(parts)


def _groups(session: Session) -> tuple[str | None, str | None] | None:
    """Stage × on-ramp when the codebook has them (found by GUID), else its first two top-level groups."""
    chosen = board_groups(session)
    if chosen.stage is not None and chosen.items:
        return None, None
    roots = session.execute(
        select(Code.name).where(Code.parent_id.is_(None), Code.is_codable.is_(False)).order_by(Code.position, Code.id)
    ).scalars().all()
    return (roots[0], roots[1]) if len(roots) >= 2 else None


def crosstab_section(session: Session) -> str:
    groups = _groups(session)
    if groups is None:
        return '<p class="missing">No crosstab: the codebook needs two top-level code groups to cross.</p>'
    try:
        matrix = build_code_matrix(session, *groups)
    except QcoderError as error:
        return f'<p class="missing">No crosstab: {escape(str(error))}.</p>'
    top = matrix.maximum() or 1
    head = "".join(f"<th>{escape(c)}</th>" for c in matrix.columns.names)
    body = []
    for row in matrix.rows.names:
        cells = []
        for column in matrix.columns.names:
            value = matrix.value(row, column)
            shade = 0.08 + 0.6 * value / top if value else 0
            cells.append(f'<td class="n" style="background:rgba(13,92,223,{shade:.2f})">{value or ""}</td>')
        body.append(f"<tr><th>{escape(row)}</th>{''.join(cells)}</tr>")
    caption = (f"Passages of each {escape(matrix.column_group)} code coded together (overlapping) with each "
               f"{escape(matrix.row_group)} code (distinct coded spans, counted once however many coders coded "
               "them).")
    # a wide crosstab scrolls inside its own box, not the whole page
    return (f'<p class="meta">{caption}</p><div class="scroll"><table><thead><tr><th></th>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')


def report_sections(session: Session) -> dict[str, str]:
    return {"map": map_section(session), "crosstab": crosstab_section(session)}
