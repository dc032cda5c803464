"""The one match-or-add loop that a merge and a REFI-QDA import share for coders, codes, attributes
and cases: its typed outcomes and the policy that tells the two flows apart (real project files)."""

from __future__ import annotations

from pathlib import Path

from qcoder.core.ingest.engine import Ingest
from qcoder.core.ingest.incoming import IncomingValue
from qcoder.core.ingest.project_ingest import DropReason, IngestPolicy, Outcome, ProjectIngest
from qcoder.core.ingest.project_value import (
    IncomingAttribute,
    IncomingCase,
    IncomingCode,
    IncomingCoder,
    IncomingProject,
)
from qcoder.core.lifecycle.project import Project
from qcoder.core.team.merge_checks import GuidRegister
from qcoder.core.usecases.commands.cases import add_case
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.queries.cases import list_cases
from qcoder.core.usecases.queries.code_tree import list_codes


def _project(tmp_path: Path) -> Project:
    project = Project.create(tmp_path / "p.qcoder", coder_name="Ann", codebook=None)
    project.coder_id()  # Ann is a coder here
    with project.transaction() as session:
        group = add_code(session, "Stage", codable=False).created_id
        add_code(session, "Pre-training", parent_id=group)
        add_case(session, "BigScience")
    return project


def _guid(project: Project, name: str) -> str:
    with project.transaction() as session:
        return next(c.guid for c in list_codes(session) if c.name == name)


def test_each_item_is_matched_by_guid_then_by_key_or_added_in_order(tmp_path):
    project = _project(tmp_path)
    stage = _guid(project, "Stage")
    incoming = IncomingProject(
        coders=(IncomingCoder("c-1", "Ann"), IncomingCoder("c-2", "Bo")),
        codes=(
            IncomingCode(stage.upper(), "Stage", codable=False),  # the same GUID, written in capitals
            IncomingCode("k-2", "Pre-training", parent_guid=stage.upper()),  # the same name under it
            IncomingCode("k-3", "Post-training", parent_guid=stage.upper(), colour="#123456"),
        ),
        attributes=(IncomingAttribute("a-1", "Country", "text", "case"),),
        cases=(IncomingCase("s-1", "BigScience"), IncomingCase("s-2", "EleutherAI", "a lab")),
    )
    with project.transaction() as session:
        ingest = Ingest(session)
        done = ProjectIngest(ingest, IngestPolicy(fold_guid_case=True)).ingest_project(incoming)
        added = ingest.added()
    assert [o.outcome for o in done.coders] == [Outcome.MATCHED_BY_KEY, Outcome.ADDED]
    assert [o.outcome for o in done.codes] == [Outcome.MATCHED_BY_GUID, Outcome.MATCHED_BY_KEY, Outcome.ADDED]
    assert [o.outcome for o in done.cases] == [Outcome.MATCHED_BY_KEY, Outcome.ADDED]
    assert done.attributes[0].outcome is Outcome.ADDED
    assert done.codes[0].differences == ()  # same name, colour, description and kind
    assert added.table("codes") == ("k-3",) and added.table("cases") == ("s-2",)
    with project.transaction() as session:
        codes = {c.name: c for c in list_codes(session)}
        assert codes["Post-training"].parent_id == codes["Stage"].id
        assert codes["Post-training"].colour == "#123456"
        assert codes["Post-training"].position == 1  # after its sibling
        assert {c.name for c in list_cases(session)} == {"BigScience", "EleutherAI"}
    project.close()


def test_a_guid_match_reports_the_fields_that_differ_and_a_merge_compares_guids_exactly(tmp_path):
    project = _project(tmp_path)
    stage = _guid(project, "Stage")
    with project.transaction() as session:
        engine = ProjectIngest(Ingest(session), IngestPolicy())
        exact, renamed = engine.codes([IncomingCode(stage.upper(), "Stage", codable=False),
                                       IncomingCode(stage, "Lifecycle", colour="#000000", codable=False)])
    assert exact.outcome is Outcome.MATCHED_BY_KEY  # not folded: found by its name instead
    assert renamed.outcome is Outcome.MATCHED_BY_GUID
    assert {d.field for d in renamed.differences} == {"name", "colour"}
    assert renamed.here is not None and renamed.here.name == "Stage"  # this project's row, unchanged
    project.close()


def test_a_merge_policy_drops_clashing_guids_taken_paths_unfit_codes_and_what_hangs_below(tmp_path):
    project = _project(tmp_path)
    stage = _guid(project, "Stage")
    with project.transaction() as session:
        ingest = Ingest(session)
        policy = IngestPolicy(guid_claims=GuidRegister(session), distinct_code_paths=True)
        engine = ProjectIngest(ingest, policy)
        codes = engine.codes([
            IncomingCode("x-1", "Stage/Pre-training"),  # reads as the path of an existing code
            IncomingCode("x-2", "", unfit="has no name"),
            IncomingCode("x-3", "Below", parent_guid="x-2"),
            IncomingCode("x-4", "New"),
        ])
        cases = engine.cases([IncomingCase(stage, "Another")])  # a code's GUID on a case
    assert [(c.outcome, c.reason, c.detail) for c in codes] == [
        (Outcome.DROPPED, DropReason.PATH_TAKEN, "Stage/Pre-training"),
        (Outcome.DROPPED, DropReason.UNFIT, "has no name"),
        (Outcome.DROPPED, DropReason.PARENT_DROPPED, ""),
        (Outcome.ADDED, None, ""),
    ]
    assert (cases[0].outcome, cases[0].reason, cases[0].detail) == (Outcome.DROPPED, DropReason.GUID_CLAIMED, "code")
    project.close()


def test_an_attribute_value_is_found_by_attribute_and_owner_and_added_once(tmp_path):
    project = _project(tmp_path)
    with project.transaction() as session:
        ingest = Ingest(session)
        engine = ProjectIngest(ingest, IngestPolicy())
        (country,) = engine.attributes([IncomingAttribute("a-1", "Country", "text", "case")])
        (case,) = engine.cases([IncomingCase("s-1", "BigScience")])
        assert country.here is not None and case.here is not None
        first = IncomingValue(country.here.id, case.here.id, None, "France")
        again = IncomingValue(country.here.id, case.here.id, None, "Germany")
        added, matched = engine.values([first, again])
        (later,) = engine.values([first], one_by_one=True)
        assert ingest.added().values == ((country.here.id, case.here.id, None),)
    assert added.outcome is Outcome.ADDED and added.value_id is None  # in bulk
    assert (matched.outcome, matched.here) == (Outcome.MATCHED_BY_KEY, "France")  # the caller decides: a conflict?
    assert (later.outcome, later.here) == (Outcome.MATCHED_BY_KEY, "France")
    project.close()
