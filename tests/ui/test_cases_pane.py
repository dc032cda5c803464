"""The cases pane: cases with attributes and sources, every edit undoable."""

from __future__ import annotations

from PySide6.QtCore import Qt

from qcoder.core.usecases.queries.cases import list_cases
from qcoder.ui.models.case_table_model import CaseTableModel


def cases(window):
    return {c.name: c for c in window.controller.read(list_cases)}


def test_new_case_attribute_and_sources_are_undoable(window):
    pane = window.cases
    assert window.docks["cases"] is not None
    assert pane.new_case("Amara")
    assert pane.selected_case() == "Amara"
    assert pane.set_attribute("role", "engineer")
    assert pane.set_attribute("years", "7", "number")
    source_id = window.sources.model.source(0).id
    assert pane.choose_sources([source_id])
    amara = cases(window)["Amara"]
    assert dict(amara.attributes) == {"role": "engineer", "years": "7"} and amara.source_ids == (source_id,)
    headers = [pane.model.headerData(c, Qt.Orientation.Horizontal) for c in range(pane.model.columnCount())]
    assert headers[:2] == ["Case", "Sources"] and "Role" in headers
    for _ in range(3):
        window.actions["undo"].trigger()
    assert dict(cases(window)["Amara"].attributes) == {}
    window.actions["undo"].trigger()
    assert "Amara" not in cases(window)
    window.actions["redo"].trigger()
    window.actions["redo"].trigger()
    assert dict(cases(window)["Amara"].attributes) == {"role": "engineer"}


def test_bad_attribute_value_is_refused_with_a_message(window, qtbot):
    pane = window.cases
    pane.new_case("Amara")
    with qtbot.waitSignal(pane.message) as said:
        assert not pane.set_attribute("years", "seven", "number")
    assert "not a number" in said.args[0]
    assert window.controller.undo_stack.count() == 1


def test_case_table_model_passes_the_model_tester(qtmodeltester, window):
    window.cases.new_case("Amara")
    window.cases.set_attribute("interviewed", "yes", "boolean")
    model = window.cases.model
    assert isinstance(model, CaseTableModel)
    qtmodeltester.check(model)
    assert model.data(model.index(0, 2)) == "yes"


def test_renaming_an_organisation_renames_its_mention_code_and_undo_renames_back(window):
    from qcoder.core.usecases.queries.organisations import list_organisations, organisation_codes

    pane = window.cases
    assert window.organisations.save("Acme", {"org_type": "sme"})
    pane.refresh()
    pane.select_case("Acme")
    assert pane.rename_case("Acme Labs")
    assert "Acme Labs" in window.controller.read(organisation_codes)
    assert [o.name for o in window.controller.read(list_organisations)] == ["Acme Labs"]
    window.actions["undo"].trigger()
    assert set(window.controller.read(organisation_codes)) == {"Acme"}
    pane.select_case("Acme")
    assert not pane.rename_case("Acme")  # unchanged name: nothing to do
