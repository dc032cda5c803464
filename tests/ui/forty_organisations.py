"""A project at the study's density: 40 organisations (15 in Europe), 12 of them interviewed.

Built through the use cases a researcher's actions run (organisations, sources, mention codings),
so that a map of it goes the whole way from the project file. Fictional names, real city
positions; the mentions are drawn with a fixed seed.
"""

from __future__ import annotations

import random
from pathlib import Path

from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.cases import link_source
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.organisations import ensure_organisation_code, set_organisation
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.cases import find_case
from qcoder.core.usecases.queries.organisations import ORG_TYPES

EUROPE = (
    ("Berlin", 52.52, 13.40), ("Paris", 48.86, 2.35), ("London", 51.51, -0.13), ("Amsterdam", 52.37, 4.90),
    ("Brussels", 50.85, 4.35), ("Zurich", 47.37, 8.54), ("Munich", 48.14, 11.58), ("Helsinki", 60.17, 24.94),
    ("Stockholm", 59.33, 18.07), ("Madrid", 40.42, -3.70), ("Barcelona", 41.39, 2.17), ("Milan", 45.46, 9.19),
    ("Vienna", 48.21, 16.37), ("Copenhagen", 55.68, 12.57), ("Luxembourg", 49.61, 6.13),
)
ELSEWHERE = (
    ("San Francisco", 37.77, -122.42), ("Seattle", 47.61, -122.33), ("New York", 40.71, -74.00),
    ("Toronto", 43.65, -79.38), ("Montreal", 45.50, -73.57), ("Boston", 42.36, -71.06), ("Beijing", 39.90, 116.40),
    ("Shanghai", 31.23, 121.47), ("Hangzhou", 30.27, 120.16), ("Tokyo", 35.68, 139.69), ("Seoul", 37.57, 126.98),
    ("Singapore", 1.35, 103.82), ("Bangalore", 12.97, 77.59), ("Abu Dhabi", 24.45, 54.38), ("Tel Aviv", 32.08, 34.78),
    ("Nairobi", -1.29, 36.82), ("Lagos", 6.52, 3.38), ("Cape Town", -33.92, 18.42), ("São Paulo", -23.55, -46.63),
    ("Buenos Aires", -34.60, -58.38), ("Santiago", -33.45, -70.67), ("Sydney", -33.87, 151.21),
    ("Bangkok", 13.76, 100.50), ("Jakarta", -6.21, 106.85), ("Mexico City", 19.43, -99.13),
)
KINDS = ("AI Lab", "Language Technologies", "Open Models Foundation", "Research Institute", "Compute Cooperative")
INTERVIEWED = (0, 1, 3, 7, 9, 15, 18, 21, 25, 30, 32, 36)
"""Indices (into Europe then elsewhere) of the 12 organisations interviewed."""


def organisations() -> list[tuple[str, float, float, str, bool]]:
    found = []
    for index, (city, lat, lon) in enumerate((*EUROPE, *ELSEWHERE)):
        name = f"{city} {KINDS[index % len(KINDS)]}"
        found.append((name, lat, lon, ORG_TYPES[index % len(ORG_TYPES)], index in INTERVIEWED))
    return found


def build_forty(path: Path) -> Path:
    everyone = organisations()
    chance = random.Random(19)
    with Project.create(path, coder_name="Ann", codebook=None) as project:
        coder = project.coder_id()
        with project.transaction() as session:
            codes = {}
            for name, lat, lon, org_type, interviewed in everyone:
                set_organisation(session, name, org_type=org_type, lat=lat, lon=lon, interviewed=interviewed)
                codes[name] = ensure_organisation_code(session, name).created_id
            for name, *_rest, interviewed in everyone:
                if not interviewed:
                    continue
                others = chance.sample([o[0] for o in everyone if o[0] != name], 7)
                sentences = [f"We worked with {other} on a shared dataset." for other in others]
                sentences += [f"And {others[0]} again, on evaluation." for _ in range(chance.randint(0, 3))]
                text = "\n".join(sentences) + "\n"
                source = add_source(session, f"interview {name}", text).created_id
                link_source(session, find_case(session, name), source)
                position = 0
                for sentence in sentences:
                    other = next(o for o in others if o in sentence)
                    start = text.index(other, position)
                    apply_coding(session, source, codes[other], start, start + len(other), coder)
                    position = start + len(other)
    return path
