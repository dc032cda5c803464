"""Frequencies and co-occurrence on the hand-built study (answers worked out in analysis_fixtures)."""

from __future__ import annotations

import pytest
from analysis_fixtures import build_study, names

from qcoder.analysis.cooccurrence import cooccurrence
from qcoder.analysis.frequencies import NO_VALUE, attribute_frequencies, code_frequencies
from qcoder.core.errors import QcoderError


@pytest.fixture
def study(empty_project):
    return empty_project, build_study(empty_project)


def test_code_frequencies(study):
    project, ids = study
    with project.reading() as session:
        rows = {row.path: row for row in code_frequencies(session)}
    compute = rows["Ramp/Compute"]
    assert (compute.passages, compute.sources, compute.cases, compute.coders) == (4, 3, 3, 2)
    assert names(ids, compute.coding_ids) == {"c2", "c8", "c9", "c11"}
    forums = rows["Ramp/Forums"]
    assert (forums.passages, forums.sources, forums.cases, forums.coders) == (3, 2, 1, 2)
    pre = rows["Stage/Pre"]
    assert (pre.passages, pre.sources, pre.cases, pre.coders) == (2, 2, 2, 2)
    assert (pre.total_passages, pre.total_sources, pre.total_cases) == (3, 2, 2)
    assert names(ids, pre.total_coding_ids) == {"c1", "c6", "c10"}
    stage = rows["Stage"]
    assert (stage.passages, stage.total_passages, stage.depth, stage.codable) == (0, 5, 0, False)
    assert rows["Stage/Pre/Data"].depth == 2
    assert rows["Stage/Post"].characters == 20


def test_code_frequencies_of_a_subset(study):
    project, ids = study
    with project.reading() as session:
        rows = {row.path: row for row in code_frequencies(session, coding_ids={ids["c2"], ids["c3"]})}
    assert rows["Ramp/Compute"].passages == 1 and rows["Ramp"].total_passages == 2 and rows["Stage"].total_passages == 0


def test_attribute_frequencies(study):
    project, ids = study
    with project.reading() as session:
        rows = {(r.attribute, r.value): r for r in attribute_frequencies(session)}
    sme = rows["Type", "SME"]
    assert (sme.applies_to, sme.owners, sme.sources, sme.passages) == ("case", 2, 2, 8)
    assert names(ids, sme.coding_ids) == {"c1", "c2", "c3", "c4", "c5", "c6", "c10", "c11"}
    assert (rows["Type", "Nonprofit"].owners, rows["Type", "Nonprofit"].passages) == (1, 3)
    assert ("Type", NO_VALUE) not in rows  # every case has a type
    assert (rows["Language", "en"].owners, rows["Language", "en"].passages) == (2, 9)
    assert (rows["Language", NO_VALUE].owners, rows["Language", NO_VALUE].passages) == (1, 1)  # S4


def _cells(result, ids):
    code = {ref.id: ref.name for ref in result.codes}
    return {(code[r], code[c]): names(ids, cell.passages) for (r, c), cell in result.cells.items()}


def test_cooccurrence_by_overlap_of_one_coder(study):
    project, ids = study
    with project.reading() as session:
        result = cooccurrence(session)
    # c2–c3 and c4–c6 overlap too, but Ann made one and Bob the other
    assert _cells(result, ids) == {
        ("Pre", "Compute"): {"c1"}, ("Compute", "Pre"): {"c2"},
        ("Post", "Compute"): {"c7"}, ("Compute", "Post"): {"c8"},
    }
    cell = result.cell(ids["Pre"], ids["Compute"])
    assert names(ids, cell.coding_ids) == {"c1", "c2"} and cell.sources == (ids["S1"],)
    order = [ref.name for ref in result.codes]
    assert order == ["Pre", "Data", "Post", "Compute", "Forums"]
    with project.reading() as session:
        assert [r.name for r in cooccurrence(session, only_together=True).codes] == ["Pre", "Post", "Compute"]
    assert result.matrix()[order.index("Compute")][order.index("Pre")] == 1
    assert result.matrix()[order.index("Pre")][order.index("Pre")] == 0


def test_cooccurrence_by_overlap_of_any_coder(study):
    project, ids = study
    with project.reading() as session:
        result = cooccurrence(session, same_coder=False)
    assert _cells(result, ids) == {
        ("Pre", "Compute"): {"c1"}, ("Compute", "Pre"): {"c2"},
        ("Compute", "Forums"): {"c2"}, ("Forums", "Compute"): {"c3"},
        ("Post", "Data"): {"c4"}, ("Data", "Post"): {"c6"},
        ("Post", "Compute"): {"c7"}, ("Compute", "Post"): {"c8"},
    }


def test_cooccurrence_by_turn_and_source(study):
    project, ids = study
    with project.reading() as session:
        turn = _cells(cooccurrence(session, unit="turn", same_coder=False), ids)
        source = _cells(cooccurrence(session, group="Ramp", unit="source", same_coder=False), ids)
        one_coder = _cells(cooccurrence(session, unit="turn"), ids)
    assert turn["Pre", "Forums"] == {"c1"} and turn["Forums", "Pre"] == {"c3"}  # turn [0, 40) of S1
    assert turn["Compute", "Post"] == {"c8", "c9"}  # S2 has no turns: the whole text is one
    assert turn["Pre", "Compute"] == {"c1", "c10"}
    assert ("Forums", "Post") not in turn  # c5 is alone in the last turn
    assert source == {("Compute", "Forums"): {"c2"}, ("Forums", "Compute"): {"c3", "c5"}}
    assert one_coder == {
        ("Pre", "Compute"): {"c1", "c10"}, ("Compute", "Pre"): {"c2", "c11"},
        ("Post", "Compute"): {"c7"}, ("Compute", "Post"): {"c8"},
    }


def test_cooccurrence_pairs_and_filters(study):
    project, ids = study
    with project.reading() as session:
        pairs = cooccurrence(session, unit="turn", same_coder=False).pairs()
        limited = cooccurrence(session, coding_ids={ids["c1"], ids["c2"], ids["c3"]}, same_coder=False)
        with pytest.raises(QcoderError):
            cooccurrence(session, unit="paragraph")
    assert [(p.first.name, p.second.name, p.first_passages, p.second_passages, p.sources) for p in pairs] == [
        ("Pre", "Compute", 2, 2, 2), ("Post", "Compute", 1, 2, 1), ("Pre", "Forums", 1, 1, 1),
        ("Data", "Post", 1, 1, 1), ("Compute", "Forums", 1, 1, 1),
    ]
    assert names(ids, pairs[0].coding_ids) == {"c1", "c2", "c10", "c11"}
    assert set(_cells(limited, ids)) == {("Pre", "Compute"), ("Compute", "Pre"), ("Compute", "Forums"), ("Forums", "Compute")}
