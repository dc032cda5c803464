"""Benchmark: import 200 transcripts of 50,000 characters each. Goal ≤ 0.4 s in total.

What is measured is ``import_files`` on a fresh project: reading and decoding the files,
detecting the ``Interviewer:``/``Participant:`` speaker turns, storing sources, texts and turns,
and the full-text index (``source_fts``, filled by triggers on ``source_texts`` when it exists).
The files are written once, before timing; each run imports into a new project file.

Run: python tests/benchmarks/bench_import.py  — prints the median of 5 runs.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select, text

from qcoder.core.lifecycle.project import Project
from qcoder.core.store.models import SourceText, SpeakerTurn
from qcoder.io.importer import import_files

FILES, CHARACTERS, RUNS = 200, 50_000, 5
WORDS = (
    "open model weights data community training release license partner compute evaluation "
    "we they it was really about the of and to in that because research Hugging Face Masakhane "
    "dataset fine-tuning benchmark tokenizer GPU cluster volunteers paper collaboration"
).split()


def transcript(rng: random.Random) -> str:
    """``Interviewer:``/``Participant:`` turns, answers of one to three paragraphs."""
    parts: list[str] = []
    size = 0
    speaker = "Interviewer"
    while size < CHARACTERS:
        paragraphs = 1 if speaker == "Interviewer" else rng.randint(1, 3)
        body = "\n\n".join(
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(15, 90))) for _ in range(paragraphs)
        )
        turn = f"{speaker}: {body}\n\n"
        parts.append(turn)
        size += len(turn)
        speaker = "Participant" if speaker == "Interviewer" else "Interviewer"
    return "".join(parts)[:CHARACTERS]


def write_files(folder: Path) -> list[Path]:
    rng = random.Random(3)
    paths = []
    for index in range(FILES):
        path = folder / f"interview-{index:03}.txt"
        path.write_text(transcript(rng), encoding="utf-8")
        paths.append(path)
    return paths


def run_once(folder: Path, paths: list[Path], number: int) -> tuple[float, float]:
    project = Project.create(folder / f"bench-{number}.qcoder", coder_name="bench", codebook=None)
    try:
        project.coder_id()
        started, cpu_started = time.perf_counter(), time.process_time()
        results = import_files(project, paths)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        assert all(result.ok for result in results), [r.line() for r in results if not r.ok][:3]
        with project.reading() as session:
            texts = session.scalar(select(func.count()).select_from(SourceText))
            turns = session.scalar(select(func.count()).select_from(SpeakerTurn))
            has_fts = session.execute(
                text("SELECT count(*) FROM sqlite_master WHERE name = 'source_fts'")
            ).scalar()
            indexed = (
                session.execute(text("SELECT count(*) FROM source_fts WHERE source_fts MATCH 'Masakhane'")).scalar()
                if has_fts else None
            )
        assert texts == FILES and turns > FILES * 50, (texts, turns)
        if number == 0:
            print(f"  {texts} sources, {turns} speaker turns, "
                  + (f"search index: {indexed} sources match 'Masakhane'" if has_fts else "no search index"))
        return elapsed, cpu
    finally:
        project.close()


def main() -> int:
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        paths = write_files(folder)
        runs = [run_once(folder, paths, number) for number in range(RUNS)]
    timings = [wall for wall, _cpu in runs]
    median = statistics.median(timings)
    print(f"import {FILES} × {CHARACTERS:,} characters: median {median:.3f} s "
          f"(runs: {', '.join(f'{t:.3f}' for t in timings)}); goal ≤ 0.4 s")
    # On a machine shared with other work the wall clock waits for the CPU; this shows the share
    # of it that was the import's own work.
    print(f"  CPU time of the import: median {statistics.median(cpu for _wall, cpu in runs):.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
