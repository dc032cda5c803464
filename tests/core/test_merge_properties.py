"""Properties of merging, on random edits of two copies of one project: the merge holds exactly
the first copy's codings plus each coding of the second that it lacks (by source text, code
path, span and coder), nothing doubled, and merging again changes nothing."""

from __future__ import annotations

import sqlite3
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcoder.app.merging import merge_project_files
from qcoder.core.lifecycle.project import Project
from qcoder.core.lifecycle.restore import copy_database
from qcoder.core.usecases.commands.coders import ensure_coder
from qcoder.core.usecases.commands.codes import ensure_code_path
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.code_tree import list_codes
from qcoder.core.usecases.queries.sources import list_sources

TEXTS = ["alpha beta gamma delta epsilon zeta eta theta", "one two three four five six seven eight nine"]
PATHS = ["A", "A/x", "A/y", "B", "B/z"]

edit = st.one_of(
    st.tuples(st.just("code"), st.sampled_from(["Ann", "Bob", "Cy"]), st.integers(0, 2),
              st.sampled_from(PATHS), st.integers(0, 30), st.integers(1, 15)),
    st.tuples(st.just("new code"), st.sampled_from(PATHS + ["C/new", "A/x/deep"])),
    st.tuples(st.just("new source"), st.sampled_from(["extra text one", "extra text two"])),
)


def apply_edits(path: Path, edits) -> None:  # type: ignore[no-untyped-def]
    with Project.open(path, coder_name="Lead") as project, project.transaction() as session:
        for item in edits:
            if item[0] == "code":
                _, coder, source_index, code_path, start, size = item
                sources = list_sources(session)
                source = sources[source_index % len(sources)]
                start = min(start, source.characters - 1)
                code_id = ensure_code_path(session, code_path).created_id
                apply_coding(session, source.id, code_id, start, min(source.characters, start + size),
                             ensure_coder(session, coder))
            elif item[0] == "new code":
                ensure_code_path(session, item[1])
            elif not any(s.name == item[1] for s in list_sources(session)):
                add_source(session, item[1], item[1] + " as its own text")


def coding_keys(path: Path) -> list[tuple]:
    with Project.open(path, read_only=True) as project, project.reading() as session:
        paths = {c.id: c.path for c in list_codes(session)}
        hashes = {s.id: s.sha256 for s in list_sources(session)}
    connection = sqlite3.connect(path)
    rows = connection.execute(
        "SELECT c.source_id, c.code_id, c.start, c.\"end\", k.name FROM codings c JOIN coders k ON k.id = c.coder_id"
    ).fetchall()
    connection.close()
    return sorted((hashes[s], paths[c], a, b, k) for s, c, a, b, k in rows)


def table_counts(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    counts = {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    connection.close()
    return counts


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(edit, max_size=6), st.lists(edit, max_size=6), st.lists(edit, max_size=6))
def test_merge_is_the_union_and_idempotent(base_edits, ours_edits, theirs_edits):
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder) / "base.qcoder"
        with Project.create(base, coder_name="Lead", codebook=None) as project, project.transaction() as session:
            for index, text in enumerate(TEXTS):
                add_source(session, f"s{index}", text)
        apply_edits(base, base_edits)
        ours, theirs, merged = (Path(folder) / name for name in ("ours.qcoder", "theirs.qcoder", "merged.qcoder"))
        copy_database(base, ours)
        copy_database(base, theirs)
        apply_edits(ours, ours_edits)
        apply_edits(theirs, theirs_edits)
        report = merge_project_files(ours, theirs, out=merged).report
        mine = coding_keys(ours)
        new = set(coding_keys(theirs)) - set(mine)
        # All of ours (a copy may code one span twice) plus each new coding once: nothing doubled.
        assert Counter(coding_keys(merged)) == Counter(mine) + Counter(new)
        assert report.conflicts == []
        once = table_counts(merged)
        assert merge_project_files(merged, theirs).report.total_added == 0
        assert merge_project_files(merged, ours).report.total_added == 0
        assert table_counts(merged) == once
