"""Listing the passages where coders differ, and resolving them (recorded, undoable)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from qcoder.analysis.agreement import compute_agreement
from qcoder.analysis.disagreements import list_disagreements
from qcoder.core.errors import NotFoundError, QcoderError
from qcoder.core.store.models import Coding
from qcoder.core.usecases.commands.coders import ensure_coder
from qcoder.core.usecases.commands.codes import ensure_code_path
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.resolutions import resolve_disagreement, undo_resolution
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.resolutions import list_resolutions

TEXT = "Interviewer: How did you start?\nAda: We forked the base model and trained on our own data sets.\n"


@pytest.fixture
def team(empty_project):
    with empty_project.transaction() as session:
        ids = {name: ensure_coder(session, name) for name in ("Ann", "Bob", "Cy")}
        ids["source"] = add_source(session, "ada", TEXT).created_id
        ids["fork"] = ensure_code_path(session, "On-ramp/Fork").created_id
        ids["data"] = ensure_code_path(session, "Stage/Data").created_id
        for coder, code, start, end in [
            ("Ann", "fork", 37, 60), ("Bob", "fork", 37, 60),  # agree
            ("Ann", "data", 65, 85), ("Bob", "data", 70, 88),  # boundaries differ
            ("Ann", "fork", 0, 11),  # only Ann
            ("Bob", "data", 0, 5), ("Bob", "data", 3, 11),  # Bob's overlapping codings = [0, 11)
            ("Ann", "data", 0, 11),  # Ann agrees with Bob's union
        ]:
            apply_coding(session, ids["source"], ids[code], start, end, ids[coder])
    return empty_project, ids


def spans(session, code_id, coder_id):
    return sorted(
        session.execute(
            select(Coding.start, Coding.end).where(Coding.code_id == code_id, Coding.coder_id == coder_id)
        ).tuples()
    )


def test_lists_only_passages_where_coders_differ(team):
    project, _ids = team
    with project.reading() as session:
        found = list_disagreements(session, ["Ann", "Bob"])
    assert [(d.code, d.start, d.end, d.coders_with, d.coders_without) for d in found] == [
        ("On-ramp/Fork", 0, 11, ("Ann",), ("Bob",)),
        ("Stage/Data", 65, 88, ("Ann", "Bob"), ()),
    ]
    assert found[0].excerpt == TEXT[0:11]
    assert found[1].versions[0].spans == ((65, 85),) and found[1].versions[1].spans == ((70, 88),)
    assert found[1].as_json()["versions"] == {"Ann": [[65, 85]], "Bob": [[70, 88]]}


def test_a_third_coder_who_coded_nothing_disagrees_everywhere(team):
    project, _ids = team
    with project.reading() as session:
        found = list_disagreements(session, ["Ann", "Bob", "Cy"], code_paths=["On-ramp/Fork"])
    assert [(d.start, d.end, d.coders_without) for d in found] == [(0, 11, ("Bob", "Cy")), (37, 60, ("Cy",))]


def test_accepting_one_version_makes_coders_agree_and_undo_restores(team):
    project, ids = team
    with project.reading() as session:
        before = {c: spans(session, ids["data"], ids[c]) for c in ("Ann", "Bob")}
        passage = list_disagreements(session, ["Ann", "Bob"], code_paths=["Stage/Data"])[0]
    with project.transaction() as session:
        changes, undo = resolve_disagreement(
            session, passage.source_id, passage.code_id, passage.start, passage.end, passage.coder_ids,
            "accept", accepted_coder_id=ids["Bob"], resolved_by_id=ids["Cy"], note="Bob's boundary fits",
        )
    assert changes.codings
    with project.reading() as session:
        assert spans(session, ids["data"], ids["Ann"]) == [(0, 11), (70, 88)]
        assert list_disagreements(session, ["Ann", "Bob"], code_paths=["Stage/Data"]) == []
        assert compute_agreement(session, ["Ann", "Bob"], code_paths=["Stage/Data"]).overall.percent == 1.0
        [record] = list_resolutions(session)
    assert (record.action, record.accepted_coder, record.coders, record.resolved_by) == (
        "accept", "Bob", ("Ann", "Bob"), "Cy"
    )
    with project.transaction() as session:
        undo_resolution(session, undo)
    with project.reading() as session:
        assert {c: spans(session, ids["data"], ids[c]) for c in ("Ann", "Bob")} == before
        assert list_resolutions(session) == []


def test_remove_deletes_every_version(team):
    project, ids = team
    with project.reading() as session:
        passage = list_disagreements(session, ["Ann", "Bob"], code_paths=["Stage/Data"])[0]
    with project.transaction() as session:
        resolve_disagreement(
            session, passage.source_id, passage.code_id, passage.start, passage.end, passage.coder_ids,
            "remove", resolved_by_id=ids["Cy"],
        )
    with project.reading() as session:
        assert spans(session, ids["data"], ids["Ann"]) == [(0, 11)]
        assert spans(session, ids["data"], ids["Bob"]) == [(0, 5), (3, 11)]


def test_keep_both_is_recorded_and_hides_the_passage(team):
    project, ids = team
    with project.reading() as session:
        passage = list_disagreements(session, ["Ann", "Bob"])[0]
    with project.transaction() as session:
        resolve_disagreement(
            session, passage.source_id, passage.code_id, passage.start, passage.end, passage.coder_ids,
            "keep", resolved_by_id=ids["Ann"],
        )
    with project.reading() as session:
        assert len(list_disagreements(session, ["Ann", "Bob"])) == 1
        listed = list_disagreements(session, ["Ann", "Bob"], include_resolved=True)
        assert [d.resolved for d in listed] == [True, False]
        assert spans(session, ids["fork"], ids["Ann"]) == [(0, 11), (37, 60)]


def test_bad_requests_change_nothing(team):
    project, ids = team
    with pytest.raises(QcoderError):
        with project.transaction() as session:
            resolve_disagreement(session, ids["source"], ids["data"], 65, 88, [ids["Ann"], ids["Bob"]],
                                 "accept", accepted_coder_id=ids["Cy"], resolved_by_id=ids["Ann"])
    with pytest.raises(QcoderError):
        with project.transaction() as session:
            resolve_disagreement(session, ids["source"], ids["data"], 65, 88, [ids["Ann"]], "remove",
                                 resolved_by_id=ids["Ann"])
    with pytest.raises(QcoderError):
        with project.transaction() as session:
            resolve_disagreement(session, ids["source"], ids["data"], 65, 8888, [ids["Ann"], ids["Bob"]],
                                 "remove", resolved_by_id=ids["Ann"])
    with project.reading() as session:
        with pytest.raises(NotFoundError):
            list_disagreements(session, ["Ann", "Zed"])
        assert len(list_disagreements(session, ["Ann", "Bob"])) == 2
