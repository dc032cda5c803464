"""Benchmark: map data (network, lifecycle board, matrix) from 100,000 codings. Goal ≤ 0.3 s each.

Run: python tests/benchmarks/bench_map.py  — prints the median of 5 runs.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from qcoder.analysis.code_matrix import build_code_matrix
from qcoder.analysis.collaboration_map import MapFilters, build_collaboration_map
from qcoder.analysis.lifecycle_board import build_lifecycle_board
from qcoder.core.lifecycle.project import Project
from qcoder.core.store.models import Coding
from qcoder.core.usecases.commands.cases import link_source
from qcoder.core.usecases.commands.organisations import ensure_organisation_code, set_organisation
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.code_tree import list_codes

SOURCES, CODINGS, ORGANISATIONS = 200, 100_000, 40


def build(path: Path) -> Project:
    rng = random.Random(7)
    project = Project.create(path, coder_name="bench")
    coder = project.coder_id()
    words = "open model data compute partner community release weights training".split()
    with project.transaction() as session:
        for index in range(ORGANISATIONS):
            set_organisation(session, f"Org {index}", org_type=str(index % 4 + 1), lat=rng.uniform(-50, 60),
                             lon=rng.uniform(-170, 170), interviewed=index < SOURCES)
        for index in range(ORGANISATIONS, ORGANISATIONS + 60):
            ensure_organisation_code(session, f"Org {index}")
        source_ids = []
        for index in range(SOURCES):
            text = " ".join(rng.choice(words) for _ in range(5000))
            source_id = add_source(session, f"Interview {index}", text).created_id
            link_source(session, index % ORGANISATIONS + 1, source_id)
            source_ids.append((source_id, len(text)))
        codes = [c for c in list_codes(session) if c.codable]
        mentions = [c.id for c in codes if c.path.startswith("Organisations/")]
        others = [c.id for c in codes if not c.path.startswith("Organisations/")]
        rows = []
        for _ in range(CODINGS):
            source_id, length = rng.choice(source_ids)
            start = rng.randrange(0, length - 400)
            end = start + rng.randint(20, 400)
            code = rng.choice(mentions) if rng.random() < 0.15 else rng.choice(others)
            rows.append({"source_id": source_id, "code_id": code, "start": start, "end": end,
                         "coder_id": coder, "exemplar": rng.random() < 0.02})
        session.execute(insert(Coding), rows)
    return project


def median_seconds(fn, runs: int = 5) -> tuple[float, float]:
    """Median wall-clock and CPU seconds (CPU time is steadier on a shared machine)."""
    wall, cpu = [], []
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    return statistics.median(wall), statistics.median(cpu)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        project = build(Path(folder) / "bench.qcoder")
        try:
            cases = {
                "network": lambda s: build_collaboration_map(s),
                "network --with-code On-ramp": lambda s: build_collaboration_map(s, MapFilters(with_codes=("On-ramp",))),
                "network unit=turn": lambda s: build_collaboration_map(s, MapFilters(unit="turn")),
                "lifecycle board": lambda s: build_lifecycle_board(s),
                "matrix stage x on-ramp": lambda s: build_code_matrix(s),
            }
            worst = 0.0
            for name, fn in cases.items():
                def run(fn=fn):
                    with project.reading() as session:
                        return fn(session)
                result = run()
                seconds, cpu = median_seconds(run)
                worst = max(worst, seconds)
                size = f"{len(result.edges)} edges" if hasattr(result, "edges") else ""
                print(f"{name:30s} median {seconds * 1000:6.1f} ms wall, {cpu * 1000:6.1f} ms CPU  {size}")
            print(f"{CODINGS} codings in {SOURCES} sources; goal 300 ms; worst median {worst * 1000:.1f} ms")
        finally:
            project.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
