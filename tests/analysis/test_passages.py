"""The passages behind a number, read source by source or in one pass: the same answer."""

from __future__ import annotations

from analysis_fixtures import build_study

from qcoder.analysis import passages
from qcoder.analysis.passages import segments_for


def test_segments_for_reads_only_what_it_needs_and_agrees_with_one_pass(empty_project, monkeypatch):
    ids = build_study(empty_project)
    wanted = {ids["c12"], ids["c2"], ids["c10"], ids["c1"]}
    with empty_project.reading() as session:
        by_source = segments_for(session, wanted)
        monkeypatch.setattr(passages, "PER_SOURCE_LIMIT", 0)
        in_one_pass = segments_for(session, wanted)
        assert segments_for(session, set()) == []
    assert by_source == in_one_pass
    assert [(s.source, s.start, s.code, s.coder, s.cases) for s in by_source] == [
        ("S1", 0, "Stage/Pre", "Ann", ("Alpha",)), ("S1", 10, "Ramp/Compute", "Ann", ("Alpha",)),
        ("S3", 0, "Stage/Pre", "Bob", ("Gamma",)), ("S4", 0, "Ramp/Forums", "Ann", ()),
    ]
    assert by_source[0].speaker == "Ann" and by_source[0].text == "word00 word01 word02"
