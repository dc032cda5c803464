from __future__ import annotations

from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.organisation_edits import apply_organisation_state, edit_organisation
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.code_tree import list_codes
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.usecases.queries.organisation_edits import organisation_state
from qcoder.core.usecases.queries.organisations import list_organisations


def test_undo_removes_what_the_edit_created_and_redo_brings_back_the_same_ids(empty_project):
    with empty_project.reading() as session:
        before = organisation_state(session, "Acme")
    with empty_project.transaction() as session:
        source = add_source(session, "a", "Acme said hello.").created_id
        edit_organisation(session, "Acme", org_type="sme", country="Kenya", source_ids=[source])
    with empty_project.reading() as session:
        after = organisation_state(session, "Acme")
        (acme,) = list_organisations(session)
    with empty_project.transaction() as session:
        apply_organisation_state(session, before)
    with empty_project.reading() as session:
        assert list_organisations(session) == [] and list_codes(session) == []
    coder = empty_project.coder_id()
    with empty_project.transaction() as session:
        apply_organisation_state(session, after)
        apply_coding(session, source, acme.code_id, 0, 4, coder)
    with empty_project.reading() as session:
        assert list_organisations(session) == [acme]  # same case id, code id, values and links
        assert [s.code for s in list_segments(session)] == ["Organisations/Acme"]


def test_undo_of_an_update_restores_the_old_values_and_links(empty_project):
    with empty_project.transaction() as session:
        first = add_source(session, "a", "one").created_id
        second = add_source(session, "b", "two").created_id
        edit_organisation(session, "Acme", org_type="large", lat=1.0, lon=2.0, source_ids=[first])
    with empty_project.reading() as session:
        before = organisation_state(session, "Acme")
        (old,) = list_organisations(session)
    with empty_project.transaction() as session:
        edit_organisation(session, "Acme", org_type="sme", interviewed=True, source_ids=[second])
    with empty_project.reading() as session:
        (new,) = list_organisations(session)
    assert (new.org_type, new.interviewed, new.source_ids) == ("small or medium enterprise", True, (second,))
    with empty_project.transaction() as session:
        apply_organisation_state(session, before)
    with empty_project.reading() as session:
        assert list_organisations(session) == [old]


def test_renaming_an_organisations_code_renames_its_case_so_they_stay_linked(empty_project):
    from qcoder.core.usecases.commands.codes import add_code
    from qcoder.core.usecases.commands.organisations import rename_code_and_its_case
    from qcoder.core.usecases.queries.cases import list_cases

    with empty_project.transaction() as session:
        source = add_source(session, "a", "Acme said hello.").created_id
        edit_organisation(session, "Acme", org_type="sme", source_ids=[source])
        plain = add_code(session, "Licensing").created_id
    with empty_project.reading() as session:
        (acme,) = list_organisations(session)
    with empty_project.transaction() as session:
        changes = rename_code_and_its_case(session, acme.code_id, "Acme Labs")
        rename_code_and_its_case(session, plain, "Licences")
    assert changes.cases and changes.codes
    with empty_project.reading() as session:
        (renamed,) = list_organisations(session)
        assert (renamed.name, renamed.case_id, renamed.code_id) == ("Acme Labs", acme.case_id, acme.code_id)
        assert renamed.source_ids == (source,) and renamed.org_type == "small or medium enterprise"
        assert [case.name for case in list_cases(session)] == ["Acme Labs"]
        assert "Licences" in {code.name for code in list_codes(session)}
