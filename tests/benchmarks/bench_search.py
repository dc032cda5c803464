"""Benchmark: search over 10 MB of transcript text in 200 sources. Goal ≤ 50 ms per search.

Run: python tests/benchmarks/bench_search.py — prints the median of 7 runs for a
common word, a rare word, a phrase, a whole-word search and a regular expression, each in a fresh
read session; texts stay cached in memory between runs (as in the window), and the "cold" lines
empty that cache before every run, so that every text is read from the file again.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from qcoder.analysis import text_cache
from qcoder.analysis.search import search
from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.sources import add_source

SOURCES, TOTAL_CHARACTERS, RUNS = 200, 10_000_000, 7
GOAL_MS = 50.0

VOCABULARY = (
    "the and to of a we in that it was is for with our they on but so you have this be model data "
    "training community release weights open partners compute cluster research benchmark fine-tuning "
    "language datasets licence feedback contributors university startup grant evaluation safety "
    "collaboration hackathon documentation translation annotation quantised derivative leaderboard"
).split()
RARE = "zeppelin"


def build(path: Path) -> Project:
    rng = random.Random(11)
    weights = [1.0 / (rank + 1) for rank in range(len(VOCABULARY))]
    project = Project.create(path, coder_name="bench", codebook=None)
    per_source = TOTAL_CHARACTERS // SOURCES
    with project.transaction() as session:
        for index in range(SOURCES):
            lines, size = [], 0
            while size < per_source:
                speaker = "Interviewer" if len(lines) % 2 == 0 else "Participant"
                words = rng.choices(VOCABULARY, weights, k=rng.randint(8, 60))
                if rng.random() < 0.002:
                    words.append(RARE)
                line = f"{speaker}: " + " ".join(words).capitalize() + "."
                lines.append(line)
                size += len(line) + 1
            add_source(session, f"Interview {index:03}", "\n".join(lines)[:per_source])
    return project


def measure(project: Project, query: str, *, cold: bool = False, **options: bool) -> tuple[float, float, int]:
    """Median wall-clock and CPU milliseconds (the machine may be shared), and the hit count.

    ``cold`` empties the in-memory text cache before each run, so every text is read from the file.
    """
    times, cpu, hits = [], [], 0
    for _ in range(RUNS):
        if cold:
            text_cache.clear()
        started, started_cpu = time.perf_counter(), time.process_time()
        with project.reading() as session:
            hits = len(search(session, query, **options).hits)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(times), statistics.median(cpu), hits


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        project = build(Path(folder) / "bench.qcoder")
        try:
            with project.reading() as session:
                from sqlalchemy import func, select

                from qcoder.core.store.models import SourceText

                total = session.scalar(select(func.sum(func.length(SourceText.text))))
            print(f"{SOURCES} sources, {total:,} characters")
            failed = False
            cases = [
                ("common word 'compute'", "compute", {}),
                ("rare word", RARE, {}),
                ("phrase 'open weights'", "open weights", {}),
                ("whole word 'data'", "data", {"whole_words": True}),
                ("regex 'licen[cs]e'", r"licen[cs]e", {"regex": True}),
                ("scan without index 'compute'", "compute", {"use_index": False}),
                ("cold: common word 'compute'", "compute", {"cold": True}),
                ("cold: rare word", RARE, {"cold": True}),
                ("cold: regex 'licen[cs]e'", r"licen[cs]e", {"regex": True, "cold": True}),
            ]
            for label, query, options in cases:
                median, cpu, hits = measure(project, query, **options)
                print(f"{label:32} {median:8.1f} ms median of {RUNS} (CPU {cpu:5.1f} ms)  {hits:,} hits")
                failed |= median > GOAL_MS
        finally:
            project.close()
    print("goal ≤ {:.0f} ms: {}".format(GOAL_MS, "missed" if failed else "met"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
