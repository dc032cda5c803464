"""Offline country → (latitude, longitude): centroids from the bundled Natural Earth outline.

``resources/world/country-centroids.json`` holds, per country, the centroid of its largest
polygon (computed once by ``resources/world/convert_world_atlas.py``). Names match loosely:
case and punctuation do not matter, and common short forms (``USA``, ``UK``, ``DR Congo``…)
are understood.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from qcoder.core.errors import QcoderError
from qcoder.core.resources import resource

ALIASES = {
    "usa": "United States of America",
    "us": "United States of America",
    "united states": "United States of America",
    "america": "United States of America",
    "uk": "United Kingdom",
    "great britain": "United Kingdom",
    "britain": "United Kingdom",
    "england": "United Kingdom",
    "scotland": "United Kingdom",
    "wales": "United Kingdom",
    "uae": "United Arab Emirates",
    "korea": "South Korea",
    "republic of korea": "South Korea",
    "dr congo": "Dem. Rep. Congo",
    "democratic republic of the congo": "Dem. Rep. Congo",
    "drc": "Dem. Rep. Congo",
    "czech republic": "Czechia",
    "ivory coast": "Côte d'Ivoire",
    "cote d ivoire": "Côte d'Ivoire",
    "the netherlands": "Netherlands",
    "holland": "Netherlands",
    "bosnia and herzegovina": "Bosnia and Herz.",
    "central african republic": "Central African Rep.",
    "dominican republic": "Dominican Rep.",
    "south sudan": "S. Sudan",
    "north macedonia": "Macedonia",
    "eswatini": "eSwatini",
    "swaziland": "eSwatini",
    "burma": "Myanmar",
    "viet nam": "Vietnam",
    "russian federation": "Russia",
    "turkiye": "Turkey",
    "türkiye": "Turkey",
    "prc": "China",
    "people's republic of china": "China",
}


@dataclass(frozen=True)
class Country:
    name: str
    iso_numeric: str | None
    lat: float
    lon: float


def _key(name: str) -> str:
    """Lower case, accents dropped, every punctuation mark (’ ' . -) a space."""
    spaced = "".join(
        " " if unicodedata.category(ch)[0] in "PZS" else ch for ch in unicodedata.normalize("NFKD", name)
    )
    plain = spaced.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", plain.lower()).strip()


@lru_cache(maxsize=1)
def _countries() -> dict[str, Country]:
    data = json.loads(resource("world", "country-centroids.json").read_text(encoding="utf-8"))
    table: dict[str, Country] = {}
    for entry in data["countries"]:
        country = Country(entry["name"], entry.get("iso_numeric"), float(entry["lat"]), float(entry["lon"]))
        table[_key(country.name)] = country
        if country.iso_numeric:
            table[country.iso_numeric] = country
    for alias, name in ALIASES.items():
        table.setdefault(_key(alias), table[_key(name)])
    return table


def find_country(name: str) -> Country | None:
    """The country called ``name`` (or with that ISO numeric code), or ``None``."""
    return _countries().get(_key(name)) or _countries().get(name.strip())


def country_position(name: str) -> tuple[float, float]:
    """(latitude, longitude) of a country's centroid; :class:`QcoderError` if it is unknown."""
    country = find_country(name)
    if country is None:
        raise QcoderError(f"unknown country '{name}'; give --lat and --lon instead")
    return country.lat, country.lon


def country_names() -> list[str]:
    return sorted({country.name for country in _countries().values()})
