"""The issue's "done when": two coders' copies of the sample study merge into one project with
both coders' work and nothing doubled; agreement and disagreements work on the result."""

from __future__ import annotations

import sqlite3

from qcoder.analysis.agreement import compute_agreement
from qcoder.analysis.disagreements import list_disagreements
from qcoder.app.merging import merge_project_files
from qcoder.core.lifecycle.project import Project
from qcoder.core.lifecycle.restore import copy_database
from qcoder.io.sample_study import build_sample_project


def rows(path, query):
    connection = sqlite3.connect(path)
    try:
        return sorted(connection.execute(query).fetchall())
    finally:
        connection.close()


CODINGS = ("SELECT c.guid, c.source_id, c.code_id, c.start, c.\"end\", k.name, c.exemplar, c.memo "
           "FROM codings c JOIN coders k ON k.id = c.coder_id")


def keep_only(path, coder: str) -> None:
    """Make ``path`` one coder's copy: the other coders' codings were never in it."""
    connection = sqlite3.connect(path)
    connection.execute("DELETE FROM codings WHERE coder_id NOT IN (SELECT id FROM coders WHERE name = ?)", (coder,))
    connection.commit()
    connection.close()


def test_two_coders_copies_of_the_sample_study_merge_into_the_whole_study(tmp_path):
    study = build_sample_project(tmp_path / "sample.qcoder")
    coders = sorted({row[5] for row in rows(study, CODINGS)})
    assert len(coders) == 2
    first, second = tmp_path / "first.qcoder", tmp_path / "second.qcoder"
    copy_database(study, first)
    copy_database(study, second)
    keep_only(first, coders[0])
    keep_only(second, coders[1])
    merged = tmp_path / "merged.qcoder"
    report = merge_project_files(first, second, out=merged).report
    assert report.conflicts == []
    assert report.added["codings"] == len(rows(second, CODINGS))
    assert sum(report.added.values()) == report.added["codings"]  # sources, codes, cases: all known
    assert rows(merged, CODINGS) == rows(study, CODINGS)  # both coders' work, nothing doubled
    for table in ("sources", "codes", "cases", "memos", "attribute_values", "case_sources"):
        assert rows(merged, f"SELECT * FROM {table}") == rows(study, f"SELECT * FROM {table}"), table
    assert merge_project_files(merged, second).report.total_added == 0
    assert merge_project_files(merged, first).report.total_added == 0
    assert rows(merged, CODINGS) == rows(study, CODINGS)
    with Project.open(merged, read_only=True) as project, project.reading() as session:
        agreement = compute_agreement(session, coders)
        disagreements = list_disagreements(session, coders)
    assert agreement.overall.cohen_kappa is not None and 0 < agreement.overall.cohen_kappa <= 1
    assert all(d.coders_with for d in disagreements)
