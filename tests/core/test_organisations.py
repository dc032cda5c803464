from __future__ import annotations

import pytest

from qcoder.core.countries import country_position, find_country
from qcoder.core.errors import QcoderError
from qcoder.core.usecases.commands.organisations import ensure_organisation_code, rename_organisation, set_organisation
from qcoder.core.usecases.queries.code_tree import list_codes, resolve_code_path
from qcoder.core.usecases.queries.organisations import list_organisations, normalise_org_type


def test_country_centroids_come_from_the_bundled_outline():
    assert country_position("France") == pytest.approx((46.6, 2.3), abs=1.0)
    assert find_country("usa").name == "United States of America"
    assert find_country("Côte d’Ivoire").name == find_country("Ivory Coast").name == "Côte d'Ivoire"
    assert country_position("Fiji")[1] > 170  # drawn across the antimeridian, centred correctly
    assert find_country("250").name == "France"
    with pytest.raises(QcoderError, match="unknown country"):
        country_position("Atlantis")


def test_organisation_types_accept_short_forms():
    assert normalise_org_type("SME") == "small or medium enterprise"
    assert normalise_org_type("2") == "public research institute or public body"
    assert normalise_org_type("Non-profit") == "non-profit/grassroots"
    with pytest.raises(QcoderError, match="unknown organisation type"):
        normalise_org_type("spaceship")


def test_mention_code_and_case_are_created_together(empty_project):
    with empty_project.transaction() as session:
        changes = ensure_organisation_code(session, "Borealis")
        again = ensure_organisation_code(session, "Borealis")
    assert changes.created_id == again.created_id and changes.code_tree
    with empty_project.reading() as session:
        codes = {c.path: c for c in list_codes(session)}
        organisations = list_organisations(session)
    assert not codes["Organisations"].codable and codes["Organisations/Borealis"].codable
    assert [o.name for o in organisations] == ["Borealis"] and organisations[0].category == "mentioned only"


def test_set_organisation_updates_only_what_is_given(empty_project):
    with empty_project.transaction() as session:
        set_organisation(session, "Acme", org_type="large", country="Japan", interviewed=True)
        set_organisation(session, "Acme", lat=35.7, lon=139.7)
        set_organisation(session, "Acme", country="Japan")  # same country keeps the own position
    with empty_project.reading() as session:
        (acme,) = list_organisations(session)
        assert resolve_code_path(session, "Organisations/Acme") == acme.code_id
    assert (acme.org_type, acme.country, acme.lat, acme.lon, acme.interviewed) == (
        "large enterprise", "Japan", 35.7, 139.7, True)
    assert acme.category == "large enterprise"
    with pytest.raises(QcoderError, match="both latitude and longitude"):
        with empty_project.transaction() as session:
            set_organisation(session, "Acme", lat=1.0)
    with pytest.raises(QcoderError, match="latitude must lie"):
        with empty_project.transaction() as session:
            set_organisation(session, "Acme", lat=100.0, lon=0.0)


def test_rename_keeps_case_and_code_linked(empty_project):
    with empty_project.transaction() as session:
        case_id = set_organisation(session, "Acme", org_type="sme").created_id
        rename_organisation(session, case_id, "Acme Ltd")
    with empty_project.reading() as session:
        (org,) = list_organisations(session)
        assert org.name == "Acme Ltd" and org.code_id == resolve_code_path(session, "Organisations/Acme Ltd")
