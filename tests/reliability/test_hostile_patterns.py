"""Regular expressions that backtrack without end: a search returns or is refused in seconds,
with one line and a non-zero exit on the command line (run in a subprocess that times the command
after start-up, as tests/reliability/measured_cli.py does)."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from qcoder.analysis.search import SearchCancelled, SearchTimeout, search
from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.sources import add_source

SECONDS = 5.0
CATASTROPHIC = r"(a|a)+\1b"
"""Exponential in the ``regex`` package too (the back-reference defeats its repeat guards)."""


REPOSITORY = Path(__file__).resolve().parents[2]


def _qcoder(*arguments: str) -> tuple[subprocess.CompletedProcess[str], float]:
    """The finished command (its exit status as the command returned it) and its own time in
    seconds (without Python's start-up)."""
    report = Path(tempfile.mkstemp(suffix=".json")[1])
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tests.reliability.measured_cli", str(report), *arguments],
            cwd=REPOSITORY, capture_output=True, text=True, timeout=60, check=False,
        )
        measured = json.loads(report.read_text() or "{}")
    except subprocess.TimeoutExpired:
        pytest.fail(f"qcoder {' '.join(arguments)} ran past 60 s")
    finally:
        report.unlink()
    assert "seconds" in measured, f"the command did not finish normally: {done.stderr[-2000:]}"
    done.returncode = measured["status"]
    return done, measured["seconds"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("sample") / "s.qcoder"
    done, _ = _qcoder("sample", "--out", str(path))
    assert done.returncode == 0, done.stderr
    return str(path)


def test_the_find_the_questions_pattern_answers_in_seconds(sample):
    done, seconds = _qcoder("search", sample, r"(\w+\s?)+\?", "--regex")
    assert done.returncode == 0, done.stderr
    assert seconds < SECONDS, f"the search took {seconds:.1f} s"
    assert "Interviewer: [Why release your models at all?]" in done.stdout


def test_a_runaway_pattern_is_stopped_with_one_line(tmp_path):
    path = tmp_path / "p.qcoder"
    with Project.create(path, coder_name="Ann", codebook=None) as project, project.transaction() as session:
        add_source(session, "Long a", "a" * 400 + "\n")
    done, seconds = _qcoder("search", str(path), CATASTROPHIC, "--regex")
    assert seconds < SECONDS, f"the search took {seconds:.1f} s"
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert "was stopped after" in lines[0] and "simplify it" in lines[0]


@pytest.fixture
def runaway(tmp_path):
    with Project.create(tmp_path / "p.qcoder", coder_name="Ann", codebook=None) as project:
        with project.transaction() as session:
            add_source(session, "Long a", "a" * 400)
            add_source(session, "Short", "ab aab")
        yield project


def test_the_time_limit_covers_the_whole_search(runaway):
    with runaway.reading() as session:
        started = time.perf_counter()
        with pytest.raises(SearchTimeout, match="Long a"):
            search(session, CATASTROPHIC, regex=True, time_limit=0.3)
        assert time.perf_counter() - started < 1.5
        # an ordinary pattern is untouched by the limit
        hits = search(session, r"a+b", regex=True, time_limit=0.3).hits
        assert [h.hit for h in hits] == ["ab", "aab"]


def test_a_runaway_search_asked_to_stop_stops_at_once(runaway):
    asked_at = time.perf_counter() + 0.2

    def cancelled() -> bool:
        return time.perf_counter() > asked_at

    with runaway.reading() as session, pytest.raises(SearchCancelled):
        search(session, CATASTROPHIC, regex=True, cancelled=cancelled)
    assert time.perf_counter() - asked_at < 0.5


def test_a_phrase_search_asked_to_stop_stops_between_texts(runaway):
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 1

    with runaway.reading() as session, pytest.raises(SearchCancelled):
        search(session, "a", cancelled=cancelled, use_index=False)
