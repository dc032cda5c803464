"""Benchmark: team work at the reference scale — 200 transcripts (~1 million words), two coders
with 50,000 codings each (100,000 in all) on 40 codes.

Measured, median of 3 runs each:

- ``compute_agreement`` for both coders over all codes and sources (from spans, no per-character
  arrays: ~6 million characters × 40 codes would be 240 million units);
- ``list_disagreements`` for both coders, and for one source and code (what the pane re-lists
  after a resolution);
- ``merge_project_files`` of Bob's copy (his 50,000 codings) into a new file from Ann's copy;
- merging the same copy again (idempotent: adds nothing).

Run: python tests/benchmarks/bench_team.py
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from qcoder.analysis.agreement import compute_agreement
from qcoder.analysis.disagreements import list_disagreements
from qcoder.app.merging import merge_project_files
from qcoder.core.lifecycle.project import Project
from qcoder.core.lifecycle.restore import copy_database
from qcoder.core.store.models import Coding
from qcoder.core.usecases.commands.coders import ensure_coder
from qcoder.core.usecases.commands.codes import ensure_code_path
from qcoder.core.usecases.commands.sources import add_source

sys.path.insert(0, str(Path(__file__).parent))
from workload import transcript

SOURCES, CHARACTERS, CODES, PER_CODER, RUNS = 200, 30_000, 40, 50_000, 3


def build(folder: Path) -> tuple[Path, Path]:
    """Ann's and Bob's copies of one study; Bob's spans are Ann's, shifted a little, or his own."""
    base = folder / "base.qcoder"
    with Project.create(base, coder_name="Lead", codebook=None) as project, project.transaction() as session:
        for index in range(SOURCES):
            add_source(session, f"interview-{index:03}", transcript(CHARACTERS, seed=index))
        for index in range(CODES):
            ensure_code_path(session, f"Group {index // 10}/Code {index}")
    ann_path, bob_path = folder / "ann.qcoder", folder / "bob.qcoder"
    copy_database(base, ann_path)
    copy_database(base, bob_path)
    rng = random.Random(8)
    ann_spans, bob_spans = [], []
    for _ in range(PER_CODER):
        source, code = rng.randint(1, SOURCES), rng.randint(1, CODES + CODES // 10)
        start = rng.randrange(0, CHARACTERS - 600)
        end = start + rng.randint(40, 500)
        ann_spans.append((source, code, start, end))
        if rng.random() < 0.7:
            shift = rng.randint(-30, 30)
            bob_spans.append((source, code, max(0, start + shift), end + rng.randint(-30, 30)))
        else:
            other = rng.randrange(0, CHARACTERS - 600)
            bob_spans.append((source, rng.randint(1, CODES + CODES // 10), other, other + rng.randint(40, 500)))
    for path, name, spans in ((ann_path, "Ann", ann_spans), (bob_path, "Bob", bob_spans)):
        with Project.open(path, coder_name=name) as project, project.transaction() as session:
            coder = ensure_coder(session, name)
            codable = set(range(1, CODES + CODES // 10 + 1))
            session.execute(
                insert(Coding),
                [
                    {"source_id": s, "code_id": c, "start": a, "end": max(a + 1, b), "coder_id": coder}
                    for s, c, a, b in spans if c in codable
                ],
            )
    return ann_path, bob_path


def median_seconds(action, runs: int = RUNS) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(runs):
        began = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="qcoder-bench-team-") as name:
        folder = Path(name)
        began = time.perf_counter()
        ann, bob = build(folder)
        print(f"built two copies in {time.perf_counter() - began:.1f} s")
        merged = folder / "merged-0.qcoder"
        merge_project_files(ann, bob, out=merged)
        counter = iter(range(1, 100))

        def merge_new() -> object:
            return merge_project_files(ann, bob, out=folder / f"merged-{next(counter)}.qcoder").report

        seconds, report = median_seconds(merge_new)
        print(f"merge Bob's copy into a new file: {seconds:.2f} s median of {RUNS} ({report.summary()})")
        seconds, report = median_seconds(lambda: merge_project_files(merged, bob).report)
        print(f"merge the same copy again:       {seconds:.2f} s median of {RUNS} ({report.summary()})")
        with Project.open(merged, read_only=True) as project, project.reading() as session:
            seconds, result = median_seconds(lambda: compute_agreement(session, ["Ann", "Bob"]))
            overall = result.overall
            print(f"agreement, {len(result.per_code)} codes, {overall.units:,} units: {seconds:.2f} s median "
                  f"of {RUNS} (κ = {overall.cohen_kappa:.3f}, α = {overall.krippendorff_alpha:.3f})")
            seconds, found = median_seconds(lambda: list_disagreements(session, ["Ann", "Bob"]))
            print(f"disagreements: {len(found):,} passages in {seconds:.2f} s median of {RUNS}")
            one = found[len(found) // 2]
            seconds, some = median_seconds(lambda: list_disagreements(
                session, ["Ann", "Bob"], source_ids={one.source_id}, code_ids={one.code_id}))
            print(f"disagreements of one source and code (the pane's refresh after a resolution): "
                  f"{len(some)} passages in {seconds * 1000:.0f} ms median of {RUNS}")


if __name__ == "__main__":
    main()
