"""Pseudonymising a project, the whole step as the window and the CLI run it (find every hit,
replace it in every text and name, re-anchor every coding, record the history, keep the table).

- ``sample``: the sample study (12 short interviews), its 10 interviewees' names: 154 hits;
- ``twelve``: 12 interviews of 40,000 characters with 150 overlapping codings each and about
  60 names per interview put at random places: 6 names, 718 hits;
- ``preview``: the dialog's list of every hit (:func:`find_hits`, on the GUI thread);
- ``raw floor``: the same number of history rows and text updates by plain ``sqlite3`` on one
  40,000-character text (the database's own cost of one recorded edit: the text-edit trigger
  and the full-text index), times the hits.

Each figure is the median of ``RUNS`` runs on fresh copies. Run: python tests/benchmarks/bench_pseudonymise.py
"""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.pseudonymise import pseudonymise
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.pseudonymise import PseudonymEntry, find_hits
from qcoder.io.sample_study import build_sample_project
from tests.benchmarks.workload import overlapping_spans, transcript

RUNS = 3
NAMES = ("Amara", "Kofi", "Zürich", "Lagos", "Nadia", "Okafor")
TWELVE_MAP = [PseudonymEntry(name, f"P{number}") for number, name in enumerate(NAMES)]
SAMPLE_MAP = [PseudonymEntry(name, f"P{number}") for number, name in enumerate(
    "Greta Rodrigo Wanjiru Haruto Chidi Aino Marc Dana Priya Camille".split())]


def build_twelve(path: Path) -> None:
    rng = random.Random(3)
    project = Project.create(path, coder_name="Ann")
    coder = project.coder_id()
    with project.transaction() as session:
        code = add_code(session, "theme").created_id
        for index in range(12):
            words = transcript(40_000, seed=index).split(" ")
            for _ in range(60):
                words[rng.randrange(len(words))] = rng.choice(NAMES)
            text = " ".join(words)
            source = add_source(session, f"interview {index}", text).created_id
            for start, end in overlapping_spans(len(text), 150, seed=index):
                apply_coding(session, source, code, start, end, coder)
    project.close()


def time_pseudonymise(original: Path, entries: list[PseudonymEntry], folder: Path) -> tuple[float, int]:
    times, hits = [], 0
    for run in range(RUNS):
        copy = folder / f"run{run}-{original.name}"
        shutil.copy(original, copy)
        project = Project.open(copy, coder_name="Ann")
        started = time.perf_counter()
        with project.transaction() as session:
            hits = len(pseudonymise(session, entries).hits)
        times.append(time.perf_counter() - started)
        project.close()
    return statistics.median(times), hits


def time_preview(original: Path, entries: list[PseudonymEntry]) -> float:
    """The dialog's preview (every hit in context), which runs on the GUI thread."""
    project = Project.open(original, coder_name="Ann", read_only=True)
    times = []
    for _run in range(RUNS):
        started = time.perf_counter()
        with project.reading() as session:
            find_hits(session, entries)
        times.append(time.perf_counter() - started)
    project.close()
    return statistics.median(times)


def raw_floor(original: Path, edits: int, folder: Path) -> float:
    copy = folder / "raw.qcoder"
    shutil.copy(original, copy)
    connection = sqlite3.connect(copy)
    source, text = connection.execute("SELECT source_id, text FROM source_texts LIMIT 1").fetchone()
    started = time.perf_counter()
    for index in range(edits):
        new = text[:100] + "Y" * (index % 3) + text[101:]
        connection.execute(
            'INSERT INTO source_edits (guid, source_id, start, "end", new_text, characters, sha256, edited_at) '
            "VALUES (?, ?, 100, 101, ?, ?, ?, '2026-01-01')",
            (f"bench-{index}", source, "Y" * (index % 3), len(new), hashlib.sha256(new.encode()).hexdigest()))
        connection.execute("UPDATE source_texts SET text = ? WHERE source_id = ?", (new, source))
        text = new
    elapsed = time.perf_counter() - started
    connection.rollback()
    connection.close()
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        sample = build_sample_project(folder / "sample.qcoder")
        twelve = folder / "twelve.qcoder"
        build_twelve(twelve)
        seconds, hits = time_pseudonymise(sample, SAMPLE_MAP, folder)
        print(f"sample   {hits:4} hits  {seconds:6.2f} s")
        seconds, hits = time_pseudonymise(twelve, TWELVE_MAP, folder)
        print(f"twelve   {hits:4} hits  {seconds:6.2f} s")
        print(f"preview: sample {time_preview(sample, SAMPLE_MAP):.3f} s, twelve {time_preview(twelve, TWELVE_MAP):.3f} s")
        print(f"raw floor for {hits} recorded edits of a 40,000-character text: {raw_floor(twelve, hits, folder):.2f} s")


if __name__ == "__main__":
    main()
