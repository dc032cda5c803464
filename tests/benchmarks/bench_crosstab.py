"""Benchmark: crosstabs over 100,000 codings (200 sources, 40 cases). Goal ≤ 0.3 s each.

Run: python tests/benchmarks/bench_crosstab.py — prints the median of 5 runs of
on-ramps × organisation type, on-ramps × lifecycle stage (overlap), the three-way on-ramps ×
organisation type × stage, and the co-occurrence matrix of all codes, each in a fresh read session.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from qcoder.analysis.cooccurrence import cooccurrence
from qcoder.analysis.crosstab import crosstab
from qcoder.core.lifecycle.project import Project
from qcoder.core.snapshots import TurnInfo
from qcoder.core.store.models import Coding
from qcoder.core.usecases.commands.cases import add_case, link_source, set_attribute_value
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.code_tree import list_codes

SOURCES, CODINGS, CASES, RUNS = 200, 100_000, 40, 5
GOAL_SECONDS = 0.3
TYPES = ("Non-profit", "Public research", "SME", "Large enterprise")


def build(path: Path) -> Project:
    rng = random.Random(5)
    project = Project.create(path, coder_name="bench")
    coders = [project.coder_id()]
    with project.transaction() as session:
        from qcoder.core.usecases.commands.coders import ensure_coder

        coders.append(ensure_coder(session, "second"))
        cases = []
        for index in range(CASES):
            case_id = add_case(session, f"Org {index}").created_id
            set_attribute_value(session, "case", case_id, "Organisation type", TYPES[index % 4])
            cases.append(case_id)
        sources = []
        for index in range(SOURCES):
            text = " ".join(rng.choice(("open", "model", "data", "compute", "partner")) for _ in range(10_000))
            turns = [TurnInfo(start, min(start + 600, len(text)), "Interviewer" if start % 1200 else "Participant")
                     for start in range(0, len(text), 600)]  # a turn every ~100 words, as in transcripts
            source_id = add_source(session, f"Interview {index}", text, turns=turns).created_id
            link_source(session, cases[index % CASES], source_id)
            sources.append((source_id, len(text)))
        codes = [c for c in list_codes(session) if c.codable]
        rows = []
        for _ in range(CODINGS):
            source_id, length = rng.choice(sources)
            start = rng.randrange(0, length - 400)
            rows.append({"source_id": source_id, "code_id": rng.choice(codes).id, "start": start,
                         "end": start + rng.randint(20, 400), "coder_id": rng.choice(coders)})
        session.execute(insert(Coding), rows)
    return project


def measure(project: Project, run) -> tuple[float, float, str]:  # type: ignore[no-untyped-def]
    """Median wall-clock and CPU seconds (the machine may be shared with other work)."""
    times, cpu, summary = [], [], ""
    for _ in range(RUNS):
        started, started_cpu = time.perf_counter(), time.process_time()
        with project.reading() as session:
            summary = run(session)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(times), statistics.median(cpu), summary


def main() -> int:
    cases = [
        ("On-ramp × Organisation type", lambda s: _cells(crosstab(s, "On-ramp", "Organisation type"))),
        ("On-ramp × Lifecycle stage (overlap)", lambda s: _cells(crosstab(s, "On-ramp", "Lifecycle stage"))),
        ("On-ramp × type × stage (turn)", lambda s: _cells(crosstab(s, "On-ramp", "Organisation type", by="Lifecycle stage", unit="turn"))),
        ("cases: Challenge × type", lambda s: _cells(crosstab(s, "Challenge", "Organisation type", count="cases"))),
    ]
    extra = [("co-occurrence, all codes (overlap; no goal)", lambda s: f"{len(cooccurrence(s).cells)} cells")]
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        project = build(Path(folder) / "bench.qcoder")
        try:
            print(f"{SOURCES} sources, {CODINGS:,} codings, {CASES} cases")
            for label, run in cases + extra:
                median, cpu, summary = measure(project, run)
                print(f"{label:44} {median * 1000:7.0f} ms median of {RUNS} (CPU {cpu * 1000:4.0f} ms)  {summary}")
                failed |= median > GOAL_SECONDS and (label, run) in cases
        finally:
            project.close()
    print("goal ≤ {:.1f} s: {}".format(GOAL_SECONDS, "missed" if failed else "met"))
    return 1 if failed else 0


def _cells(table) -> str:  # type: ignore[no-untyped-def]
    return f"{sum(len(c.coding_ids) for c in table.cells.values()):,} passages in {len(table.cells)} cells"


if __name__ == "__main__":
    sys.exit(main())
