from __future__ import annotations

import pytest
from map_fixtures import build_small_study

from qcoder.analysis.code_matrix import build_code_matrix
from qcoder.analysis.collaboration_map import MapFilters, build_collaboration_map
from qcoder.analysis.lifecycle_board import UNSTAGED, build_lifecycle_board
from qcoder.core.errors import QcoderError
from qcoder.core.usecases.queries.organisations import MENTIONED_ONLY


@pytest.fixture
def small(study_project):
    ids = build_small_study(study_project)
    return study_project, ids


def network(project, **filters):
    with project.reading() as session:
        return build_collaboration_map(session, MapFilters(**filters))


def test_edges_run_from_the_source_organisation_to_each_mentioned_one(small):
    project, _ = small
    result = network(project)
    assert result.edge_set() == {("Acme", "Borealis"), ("Acme", "Cedar"), ("Borealis", "Acme")}
    # Ann and Bob coded the same span: one passage, two codings behind it
    assert result.edge("Acme", "Borealis").weight == 1
    assert len(result.edge("Acme", "Borealis").evidence) == 2
    assert result.edge("Acme", "Cedar").weight == 1
    evidence = result.edge("Borealis", "Acme").evidence[0]
    assert evidence.text == "Acme shared data" and evidence.source == "Interview B" and evidence.coder == "Bob"


def test_nodes_carry_type_position_and_mentioned_only(small):
    project, _ = small
    result = network(project)
    assert {n.name for n in result.nodes} == {"Acme", "Borealis", "Cedar"}
    acme = result.node("Acme")
    assert acme.category == "small or medium enterprise" and acme.country == "Kenya"
    assert acme.lat == pytest.approx(0.6, abs=1) and acme.lon == pytest.approx(37.8, abs=1)
    assert result.node("Borealis").category == "public research institute or public body"
    assert result.node("Cedar").category == MENTIONED_ONLY
    assert result.node("Acme").mentions_made == 2 and result.node("Acme").mentions_received == 1


def test_coder_filter_keeps_only_that_coders_mentions(small):
    project, _ = small
    assert network(project, coder="Ann").edge_set() == {("Acme", "Borealis"), ("Acme", "Cedar")}
    assert len(network(project, coder="Ann").edge("Acme", "Borealis").evidence) == 1
    assert network(project, coder="Bob").edge_set() == {("Acme", "Borealis"), ("Borealis", "Acme")}


def test_with_code_filter_uses_the_unit_of_coded_together(small):
    project, _ = small
    stage = "Lifecycle stage/Pre-training"
    assert network(project, with_codes=(stage,)).edge_set() == {("Acme", "Borealis"), ("Borealis", "Acme")}
    # Derivative development is in Cedar's turn but does not overlap the mention
    assert network(project, with_codes=("On-ramp/Derivative development",)).edge_set() == set()
    by_turn = network(project, with_codes=("On-ramp/Derivative development",), unit="turn")
    assert by_turn.edge_set() == {("Acme", "Cedar")}
    by_source = network(project, with_codes=("On-ramp/Derivative development",), unit="source")
    assert by_source.edge_set() == {("Acme", "Borealis"), ("Acme", "Cedar")}
    both = network(project, with_codes=(stage, "On-ramp/Compute partnerships"))
    assert both.edge_set() == {("Acme", "Borealis")}


def test_attribute_filter_on_the_mentioning_organisation(small):
    project, _ = small
    result = network(project, attributes=(("type", "public research institute or public body"),))
    assert result.edge_set() == {("Borealis", "Acme")}


def test_a_mention_coded_by_the_same_coder_twice_counts_each_passage(small):
    project, ids = small
    from qcoder.core.row_set import RowKeys
    from qcoder.core.usecases.commands.row_edits import remove_rows

    with project.transaction() as session:
        remove_rows(session, RowKeys.ids("codings", [ids["m_cedar"]]))
    assert ("Acme", "Cedar") not in network(project).edge_set()


def test_unknown_unit_and_code_are_clear_errors(small):
    project, _ = small
    with pytest.raises(QcoderError, match="unit"):
        network(project, unit="paragraph")
    with pytest.raises(QcoderError, match="no code"):
        network(project, with_codes=("Nope",))


def test_lifecycle_board_in_order_with_counts_and_exemplars(small):
    project, _ = small
    with project.reading() as session:
        board = build_lifecycle_board(session)
    assert [c.stage for c in board.columns] == [
        "Pre-training", "Post-training", "Public release of model weights", "Post-release", UNSTAGED]
    pre = board.column("Pre-training")
    compute = pre.item("Compute partnerships")
    assert compute.passages == 1 and compute.organisations == ("Acme",)
    assert [e.text for e in compute.exemplars] == ["trained with Borealis on their cluster"]
    assert pre.item("Sharing open training datasets").organisations == ("Borealis",)
    # Ann coded the on-ramp, Bob the stage: coded together only within one coder's coding
    assert board.column("Post-release").item("Derivative development") is None
    assert board.column("Post-training").items == ()
    assert board.column(UNSTAGED).item("Derivative development") is not None  # not lost: listed as unstaged


def test_matrix_counts_passages_or_organisations(small):
    project, _ = small
    with project.reading() as session:
        matrix = build_code_matrix(session)
        by_org = build_code_matrix(session, "Organisations", "Lifecycle stage", measure="organisations")
    assert matrix.rows.names[0] == "Pre-training" and "Compute partnerships" in matrix.columns.names
    assert matrix.value("Pre-training", "Compute partnerships") == 1
    assert matrix.value("Pre-training", "Sharing open training datasets") == 1
    assert matrix.value("Post-training", "Compute partnerships") == 0
    # one stage passage overlaps both coders' mentions of Borealis, in Acme's interview
    assert by_org.value("Borealis", "Pre-training", "passages") == 1
    assert by_org.cells[("Borealis", "Pre-training")].organisations == {"Acme"}
    assert by_org.cells[("Acme", "Pre-training")].organisations == {"Borealis"}
    assert by_org.value("Cedar", "Post-release") == 0  # Ann's mention, Bob's stage


def test_codes_together_sweep_on_hand_made_spans():
    from qcoder.analysis.cooccurrence_units import codes_together

    # (source, start, end, code, coding id, coder, exemplar)
    spans = {1: sorted([(1, 0, 10, 7, 1, 1, 0), (1, 5, 8, 8, 2, 1, 0), (1, 10, 12, 9, 3, 1, 0),
                        (1, 2, 3, 7, 4, 1, 0), (1, 0, 10, 9, 5, 2, 0)])}
    result = {a[4]: c for _, a, c in codes_together(spans, {7}, "overlap")}
    assert result == {1: {7, 8}, 4: {7}}  # [10, 12) touches but does not overlap; coder 2 apart
    mixed = {a[4]: c for _, a, c in codes_together(spans, {7}, "overlap", same_coder=False)}
    assert mixed[1] == {7, 8, 9}
    whole = {a[4]: c for _, a, c in codes_together(spans, {7}, "source")}
    assert whole == {1: {7, 8, 9}, 4: {7, 8, 9}}
    turns = {1: [(0, 6), (6, 12)]}
    by_turn = {a[4]: c for _, a, c in codes_together(spans, {7}, "turn", turns)}
    assert by_turn == {1: {7, 8, 9}, 4: {7, 8}}  # [5, 8) reaches into the first turn


@pytest.mark.parametrize("unit", ["overlap", "turn", "source"])
def test_board_and_matrix_work_in_every_unit(small, unit):
    project, _ = small
    with project.reading() as session:
        board = build_lifecycle_board(session, unit=unit)
        matrix = build_code_matrix(session, unit=unit)
        by_coder = build_code_matrix(session, unit=unit, coder="Bob")
    compute = board.column("Pre-training").item("Compute partnerships")
    assert compute is not None and compute.passages == 1
    assert matrix.value("Pre-training", "Compute partnerships") == 1
    assert by_coder.value("Pre-training", "Compute partnerships") == 0  # Ann's on-ramp
    assert by_coder.value("Pre-training", "Sharing open training datasets") == 1
    # Ann's on-ramp and Bob's stage never count together, whatever the unit
    assert board.column("Post-release").item("Derivative development") is None
