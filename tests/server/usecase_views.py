"""What a project shows, read through the main use cases and analyses, as plain comparable values.

The team-server tests read a project file and a server project that went through the same
actions with :func:`views` and compare: the server must show exactly what a file shows.
Timestamps and GUIDs are left out: two projects are not made at the same instant or with the same GUIDs.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from qcoder.analysis.agreement import compute_agreement
from qcoder.analysis.collaboration_map import build_collaboration_map
from qcoder.analysis.cooccurrence import cooccurrence
from qcoder.analysis.crosstab import crosstab
from qcoder.analysis.disagreements import active_coders, list_disagreements
from qcoder.analysis.frequencies import attribute_frequencies, code_frequencies
from qcoder.analysis.lifecycle_board import build_lifecycle_board
from qcoder.analysis.search import search
from qcoder.core.usecases.queries.cases import list_attributes, list_cases
from qcoder.core.usecases.queries.code_tree import code_reach, list_codes
from qcoder.core.usecases.queries.coders import list_coders
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.usecases.queries.memos import list_memos
from qcoder.core.usecases.queries.organisations import list_organisations
from qcoder.core.usecases.queries.reach_tally import load_tally
from qcoder.core.usecases.queries.segments import segments_by_ids
from qcoder.core.usecases.queries.sources import list_sources, source_turns


def plain(value: Any) -> Any:
    """Dataclasses, tuples, sets and dicts as comparable plain values; datetimes as their zone-awareness."""
    if isinstance(value, datetime):
        return "datetime"  # a file's are naive UTC, a server's aware UTC (test_pg_usecases checks)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name != "guid"}
    if isinstance(value, dict):
        return sorted(([plain(k), plain(v)] for k, v in value.items()), key=repr)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((plain(v) for v in value), key=repr)
    if isinstance(value, float):
        return round(value, 9)
    return value


def views(session: Session) -> dict[str, Any]:
    coders = [c.name for c in list_coders(session)]
    active = active_coders(session)
    shown: dict[str, Any] = {
        "codes": list_codes(session),
        "reach": code_reach(session),
        "tally": load_tally(session).everything(),
        "sources": list_sources(session),
        "turns": [source_turns(session, s.id) for s in list_sources(session)],
        "segments": list_segments(session),
        "segments by ids": sorted(segments_by_ids(session, [s.coding_id for s in list_segments(session)], context=40),
                                  key=lambda s: (s.source, s.start, s.end, s.code)),
        "cases": list_cases(session),
        "attributes": list_attributes(session),
        "memos": list_memos(session),
        "coders": coders,
        "organisations": list_organisations(session),
        "code frequencies": code_frequencies(session),
        "attribute frequencies": attribute_frequencies(session),
        "cooccurrence": cooccurrence(session),
        "map": build_collaboration_map(session),
        "lifecycle": build_lifecycle_board(session),
        "search": search(session, "compute"),
        "search regex": search(session, r"share[ds]?\b", regex=True),
    }
    groups = [c.path for c in list_codes(session) if not c.codable and c.parent_id is None]
    if len(groups) >= 2:
        shown["crosstab"] = crosstab(session, groups[0], groups[1])
    if len(active) >= 2:
        shown["agreement"] = compute_agreement(session, active[:2])
        shown["disagreements"] = list_disagreements(session, active[:2])
    return {name: plain(value) for name, value in shown.items()}
