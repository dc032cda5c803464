"""Crosstabs on the hand-built study (answers worked out in analysis_fixtures)."""

from __future__ import annotations

import pytest
from analysis_fixtures import build_study, names

from qcoder.analysis.crosstab import crosstab
from qcoder.analysis.frequencies import NO_VALUE
from qcoder.core.errors import NotFoundError, QcoderError
from qcoder.core.usecases.commands.cases import set_attribute_value


@pytest.fixture
def study(empty_project):
    return empty_project, build_study(empty_project)


def _named(table, ids, layer=0):
    rows, columns = table.rows.categories, table.columns.categories
    return {
        (rows[r], columns[c]): names(ids, cell.coding_ids)
        for (cell_layer, r, c), cell in table.cells.items() if cell_layer == layer
    }


def test_code_group_against_a_case_attribute(study):
    project, ids = study
    with project.reading() as session:
        table = crosstab(session, "Ramp", "Type")
        by_cases = crosstab(session, "Ramp", "Type", count="cases")
    assert table.rows.categories == ("Compute", "Forums")
    assert table.columns.categories == ("Nonprofit", "SME", NO_VALUE)  # S4 has no case
    assert _named(table, ids) == {
        ("Compute", "SME"): {"c2", "c11"}, ("Compute", "Nonprofit"): {"c8", "c9"},
        ("Forums", "SME"): {"c3", "c5"}, ("Forums", NO_VALUE): {"c12"},
    }
    assert table.table() == [[2, 2, 0], [0, 2, 1]]
    assert by_cases.table() == [[1, 2, 0], [0, 1, 0]]
    assert table.row_totals[0, 0].value("passages") == 4 and table.column_totals[0, 1].value("cases") == 2


def test_code_group_against_a_code_group_by_overlap_and_turn(study):
    project, ids = study
    with project.reading() as session:
        overlap = crosstab(session, "Ramp", "Stage")
        turn = crosstab(session, "Ramp", "code:Stage", unit="turn")
        any_coder = crosstab(session, "Ramp", "code:Stage", unit="turn", same_coder=False)
    assert overlap.columns.categories == ("Pre", "Post")
    assert _named(overlap, ids) == {("Compute", "Pre"): {"c2"}, ("Compute", "Post"): {"c8"}}
    assert _named(turn, ids) == {("Compute", "Pre"): {"c2", "c11"}, ("Compute", "Post"): {"c8"}}
    assert _named(any_coder, ids) == {  # c3 (Bob) shares a turn with c1 (Ann); c9 (Bob) a text with c7 (Ann)
        ("Compute", "Pre"): {"c2", "c11"}, ("Compute", "Post"): {"c8", "c9"}, ("Forums", "Pre"): {"c3"},
    }


def test_split_by_a_third_dimension(study):
    project, ids = study
    with project.reading() as session:
        table = crosstab(session, "Ramp", "Type", by="Stage", unit="turn", same_coder=False)
        by_language = crosstab(session, "Stage", "Ramp", by="source:Language", unit="turn", same_coder=False)
        one_coder = crosstab(session, "Ramp", "Type", by="Stage", unit="turn")
    assert table.layers == ("Pre", "Post")
    assert _named(table, ids, layer=0) == {("Compute", "SME"): {"c2", "c11"}, ("Forums", "SME"): {"c3"}}
    assert _named(table, ids, layer=1) == {("Compute", "Nonprofit"): {"c8", "c9"}}
    assert _named(one_coder, ids, layer=0) == {("Compute", "SME"): {"c2", "c11"}}
    assert _named(one_coder, ids, layer=1) == {("Compute", "Nonprofit"): {"c8"}}
    assert by_language.layers == ("de", "en", NO_VALUE)
    # Pre folds in Data; c6 (Data) shares its turn [40, 80) with no on-ramp, so it is left out
    assert _named(by_language, ids, layer=1) == {("Pre", "Compute"): {"c1"}, ("Pre", "Forums"): {"c1"}, ("Post", "Compute"): {"c7"}}
    assert _named(by_language, ids, layer=0) == {("Pre", "Compute"): {"c10"}}


def test_a_saved_query_limits_the_row_passages(study):
    project, ids = study
    with project.reading() as session:
        table = crosstab(session, "Ramp", "Type", coding_ids={ids["c2"], ids["c12"], ids["c1"]})
    assert _named(table, ids) == {("Compute", "SME"): {"c2"}, ("Forums", NO_VALUE): {"c12"}}


def test_dimension_names_and_mistakes(study):
    project, ids = study
    with project.transaction() as session:
        set_attribute_value(session, "source", ids["S1"], "Type", "transcript")
    with project.reading() as session:
        with pytest.raises(QcoderError, match="both a case and a source attribute"):
            crosstab(session, "Ramp", "Type")
        assert crosstab(session, "Ramp", "case:Type").columns.categories == ("Nonprofit", "SME", NO_VALUE)
        assert crosstab(session, "Ramp", "source:Type").columns.categories == ("transcript", NO_VALUE)
        with pytest.raises(NotFoundError, match="neither a code group nor an attribute"):
            crosstab(session, "Ramp", "Colour")
        with pytest.raises(QcoderError, match="rows must be a code group"):
            crosstab(session, "case:Type", "Ramp")
        with pytest.raises(QcoderError, match="no codes below it"):
            crosstab(session, "Ramp/Compute", "Type")
        with pytest.raises(QcoderError, match="count must be"):
            crosstab(session, "Ramp", "Stage", count="words")
