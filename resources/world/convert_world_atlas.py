"""Convert Natural Earth 1:110m TopoJSON (npm ``world-atlas``) into qcoder's compact world resource.

Run once, by hand, when the outline should change::

    cd /tmp && npm pack world-atlas && tar xzf world-atlas-*.tgz
    python resources/world/convert_world_atlas.py /tmp/package resources/world

It writes ``land-110m.json`` (land polygons as lon/lat rings rounded to 0.01°) and
``countries-110m.json`` (per country: name, ISO 3166-1 numeric code, centroid of its largest
polygon, and its rings for drawing borders), and ``country-centroids.json`` (the same without
rings, for the offline country → latitude/longitude lookup). Pure Python: TopoJSON arcs are delta-encoded and
quantised; a ring is the concatenation of its arcs (a negative index ``~i`` means arc ``i``
reversed), each arc after the first without its first point.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

DECIMALS = 2


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[tuple[float, float]]], indices: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def polygons(geometry: dict, arcs: list[list[tuple[float, float]]]) -> list[list[list[tuple[float, float]]]]:
    if geometry["type"] == "Polygon":
        return [[unwrapped(ring(arcs, r)) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[unwrapped(ring(arcs, r)) for r in polygon] for polygon in geometry["arcs"]]
    return []


def unwrapped(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The ring with continuous longitudes: no jump of more than 180° between neighbours.

    Natural Earth cuts shapes at the antimeridian, so a ring may hop from 180 to -180; drawn
    naively that is a line across the whole map. Unwrapped rings may reach beyond ±180; a
    renderer draws them shifted by ±360 as well, clipped to the map.
    """
    out: list[tuple[float, float]] = []
    shift = 0.0
    for x, y in points:
        if out:
            previous = out[-1][0]
            while x + shift - previous > 180:
                shift -= 360
            while x + shift - previous < -180:
                shift += 360
        out.append((x + shift, y))
    return out


def signed_area_and_centroid(points: list[tuple[float, float]]) -> tuple[float, float, float]:
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if abs(area) < 1e-12:
        xs, ys = zip(*points)
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return area, cx / (6 * area), cy / (6 * area)


def rounded(points: list[tuple[float, float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in points:
        point = [round(x, DECIMALS), round(y, DECIMALS)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def convert(package: Path, out: Path) -> None:
    land = json.loads((package / "land-110m.json").read_text())
    land_arcs = decode_arcs(land)
    land_rings = [
        rounded(r)
        for geometry in land["objects"]["land"]["geometries"]
        for polygon in polygons(geometry, land_arcs)
        for r in polygon
    ]
    (out / "land-110m.json").write_text(
        json.dumps({"source": "Natural Earth 1:110m land via npm world-atlas 2", "rings": land_rings},
                   separators=(",", ":"))
    )
    countries = json.loads((package / "countries-110m.json").read_text())
    country_arcs = decode_arcs(countries)
    entries = []
    for geometry in countries["objects"]["countries"]["geometries"]:
        shapes = polygons(geometry, country_arcs)
        if not shapes:
            continue
        best = max((signed_area_and_centroid(p[0]) for p in shapes), key=lambda t: abs(t[0]))
        entries.append({
            "name": geometry["properties"]["name"],
            "iso_numeric": geometry.get("id"),
            "lat": round(best[2], 2),
            "lon": round((best[1] + 180) % 360 - 180, 2),
            "rings": [rounded(p[0]) for p in shapes],
        })
    entries.sort(key=lambda e: e["name"])
    (out / "countries-110m.json").write_text(
        json.dumps({"source": "Natural Earth 1:110m countries via npm world-atlas 2", "countries": entries},
                   separators=(",", ":"), ensure_ascii=False)
    )
    centroids = [{k: e[k] for k in ("name", "iso_numeric", "lat", "lon")} for e in entries]
    (out / "country-centroids.json").write_text(
        json.dumps({"source": "centroids of the largest polygon, Natural Earth 1:110m countries",
                    "countries": centroids}, indent=0, ensure_ascii=False)
    )


if __name__ == "__main__":
    convert(Path(sys.argv[1]), Path(sys.argv[2]))
