"""The collaboration map as an inline SVG for the HTML report (no Qt: plain SVG text).

Equirectangular projection over the bundled Natural Earth land outline, organisations as dots
coloured by type (grey for organisations only mentioned), dashed edges whose width grows with
the number of passages. Every label is escaped.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from html import escape

from qcoder.analysis.collaboration_map import CollaborationMap
from qcoder.core.resources import resource
from qcoder.core.usecases.queries.organisations import MENTIONED_ONLY, ORG_TYPES
from qcoder.core.wording import counted

WIDTH, HEIGHT = 960.0, 480.0
NORTH, SOUTH = 84.0, -58.0
TYPE_COLOURS = {  # the study's map legend (the same pale fills as the window's map)
    ORG_TYPES[0]: "#B9A8F5", ORG_TYPES[1]: "#8DB8F7", ORG_TYPES[2]: "#6FD89C", ORG_TYPES[3]: "#F0DC62",
    MENTIONED_ONLY: "#BDBDBD",
}
LEGEND = {
    ORG_TYPES[0]: "Non-profit / grassroots", ORG_TYPES[1]: "Public research institute or public body",
    ORG_TYPES[2]: "Small or medium enterprise", ORG_TYPES[3]: "Large enterprise",
    MENTIONED_ONLY: "Mentioned only (not interviewed)",
}


def project(lat: float, lon: float) -> tuple[float, float]:
    return (lon + 180.0) * WIDTH / 360.0, (NORTH - lat) * HEIGHT / (NORTH - SOUTH)


@lru_cache(maxsize=1)
def land_path() -> str:
    """The land as one SVG path ``d`` (rings wrapped past ±180° drawn shifted as well)."""
    data = json.loads(resource("world", "land-110m.json").read_text(encoding="utf-8"))
    parts: list[str] = []
    for ring in data["rings"]:
        if len(ring) < 3:
            continue
        for shift in (-360.0, 0.0, 360.0):
            xs = [x + shift for x, _ in ring]
            if max(xs) < -180 or min(xs) > 180:
                continue
            points = [project(lat, lon + shift) for lon, lat in ring]
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
    return "".join(parts)


def map_svg(network: CollaborationMap) -> tuple[str, list[str]]:
    """The SVG, and the names of organisations that could not be placed (no coordinates)."""
    placed = {n.name: project(n.lat, n.lon) for n in network.nodes if n.lat is not None and n.lon is not None}
    unplaced = sorted(n.name for n in network.nodes if n.name not in placed)
    heaviest = max((e.weight for e in network.edges), default=1) or 1
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0f} {HEIGHT:.0f}" role="img" '
        'aria-label="Collaboration map" class="map">',
        f'<rect width="{WIDTH:.0f}" height="{HEIGHT:.0f}" fill="#ffffff"/>',
        f'<path d="{land_path()}" fill="#eef0f2" stroke="#c3c8ce" stroke-width="0.5"/>',
    ]
    for edge in network.edges:
        if edge.source not in placed or edge.target not in placed:
            continue
        (x1, y1), (x2, y2) = placed[edge.source], placed[edge.target]
        width = 0.8 + 3.2 * math.sqrt(edge.weight / heaviest)
        out.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#3c424a" stroke-opacity="0.65" '
            f'stroke-width="{width:.1f}" stroke-dasharray="4 3"><title>{escape(edge.source)} → {escape(edge.target)}: '
            f"{counted(edge.weight, 'passage')}</title></line>"
        )
    for node in network.nodes:
        if node.name not in placed:
            continue
        x, y = placed[node.name]
        colour = TYPE_COLOURS.get(node.category, TYPE_COLOURS[MENTIONED_ONLY])
        radius = 3.5 + min(6.0, math.sqrt(node.mentions_made + node.mentions_received))
        out.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{colour}" stroke="#1f2328" stroke-width="0.6">'
            f"<title>{escape(node.name)} ({escape(LEGEND.get(node.category, node.category))}; "
            f"{node.mentions_made} mentions made, {node.mentions_received} received)</title></circle>"
            + (f'<text x="{x - radius - 2:.1f}" y="{y + 3:.1f}" font-size="9" text-anchor="end">'
               if x > WIDTH * 0.8 else f'<text x="{x + radius + 2:.1f}" y="{y + 3:.1f}" font-size="9">')
            + f"{escape(node.name)}</text>"
        )
    out.append("</svg>")
    return "".join(out), unplaced


def legend_html() -> str:
    items = "".join(
        f'<li><span class="swatch" style="background:{colour}"></span>{escape(LEGEND[kind])}</li>'
        for kind, colour in TYPE_COLOURS.items()
    )
    return f'<ul class="legend">{items}<li><span class="dash"></span>mentions in a collaborative context</li></ul>'
