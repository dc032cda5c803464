"""Cases with sources and typed attribute values; memos on the project, sources, codes, cases."""

from __future__ import annotations

import pytest
from core_helpers import read, run

from qcoder.core.edits import play
from qcoder.core.errors import InvalidNameError, NotFoundError, QcoderError
from qcoder.core.row_set import RowKeys
from qcoder.core.usecases.commands.cases import (
    add_case,
    ensure_attribute,
    ensure_case,
    link_source,
    rename_case,
    set_attribute_value,
    unlink_source,
)
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.memos import add_memo, edit_memo
from qcoder.core.usecases.commands.row_edits import remove_rows
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.cases import find_case, list_attributes, list_cases
from qcoder.core.usecases.queries.memos import list_memos
from qcoder.core.usecases.queries.sources import list_sources


def test_cases_link_sources(empty_project):
    source = run(empty_project, add_source, "s", "text").created_id
    case = run(empty_project, add_case, "EleutherAI", description="non-profit").created_id
    assert run(empty_project, ensure_case, "EleutherAI").created_id == case
    run(empty_project, link_source, case, source)
    run(empty_project, link_source, case, source)  # linking twice is harmless
    [info] = read(empty_project, list_cases)
    assert (info.name, info.description, info.source_ids) == ("EleutherAI", "non-profit", (source,))
    assert read(empty_project, list_sources)[0].case_ids == (case,)
    run(empty_project, unlink_source, case, source)
    assert read(empty_project, list_cases)[0].source_ids == ()
    with pytest.raises(InvalidNameError):
        run(empty_project, add_case, "EleutherAI")
    other = run(empty_project, add_case, "Other").created_id
    with pytest.raises(InvalidNameError):
        run(empty_project, rename_case, other, "EleutherAI")
    assert read(empty_project, find_case, "Other") == other
    with pytest.raises(NotFoundError):
        run(empty_project, link_source, case, 999)


def test_typed_attribute_values(empty_project):
    case = run(empty_project, add_case, "Org").created_id
    run(empty_project, set_attribute_value, "case", case, "type", "SME")
    run(empty_project, set_attribute_value, "case", case, "latitude", "48.85", value_type="number")
    run(empty_project, set_attribute_value, "case", case, "interviewed", "Yes", value_type="boolean")
    run(empty_project, set_attribute_value, "case", case, "founded", "2021-03-04", value_type="date")
    info = read(empty_project, list_cases)[0]
    assert info.attributes == (("founded", "2021-03-04"), ("interviewed", "true"),
                               ("latitude", "48.85"), ("type", "SME"))
    assert info.attribute("interviewed") == "true"
    with pytest.raises(QcoderError, match="not a number"):
        run(empty_project, set_attribute_value, "case", case, "latitude", "north")
    with pytest.raises(QcoderError, match="yes or no"):
        run(empty_project, set_attribute_value, "case", case, "interviewed", "maybe")
    with pytest.raises(QcoderError, match="date"):
        run(empty_project, set_attribute_value, "case", case, "founded", "March 2021")
    assert read(empty_project, list_cases)[0].attribute("latitude") == "48.85"
    run(empty_project, set_attribute_value, "case", case, "interviewed", "0")
    assert read(empty_project, list_cases)[0].attribute("interviewed") == "false"
    run(empty_project, set_attribute_value, "case", case, "type", None)
    assert read(empty_project, list_cases)[0].attribute("type") is None
    types = {a.name: a.value_type for a in read(empty_project, list_attributes)}
    assert types == {"type": "text", "latitude": "number", "interviewed": "boolean", "founded": "date"}


@pytest.mark.parametrize("value", ["true", "TRUE", "yes", "Yes", "1", " yes "])
def test_boolean_normalisation_true(empty_project, value):
    case = run(empty_project, add_case, "Org").created_id
    run(empty_project, set_attribute_value, "case", case, "flag", value, value_type="boolean")
    assert read(empty_project, list_cases)[0].attribute("flag") == "true"


def test_attribute_values_on_sources_and_missing_owners(empty_project):
    source = run(empty_project, add_source, "s", "text").created_id
    changes = run(empty_project, set_attribute_value, "source", source, "language", "en")
    assert changes.sources == {source}
    with pytest.raises(NotFoundError):
        run(empty_project, set_attribute_value, "case", 999, "type", "SME")
    with pytest.raises(QcoderError):
        run(empty_project, set_attribute_value, "organisation", 1, "type", "SME")
    with pytest.raises(QcoderError):
        run(empty_project, ensure_attribute, "x", value_type="colour")


def test_attribute_names_are_trimmed_once(empty_project):
    first = run(empty_project, ensure_attribute, " Type ")
    assert run(empty_project, ensure_attribute, "Type") == first
    assert run(empty_project, ensure_attribute, " Type ") == first
    with pytest.raises(InvalidNameError):
        run(empty_project, ensure_attribute, "  ")


def test_memos_on_every_target_edit_delete_restore(empty_project):
    coder = empty_project.coder_id()
    source = run(empty_project, add_source, "s", "text").created_id
    code = run(empty_project, add_code, "C").created_id
    case = run(empty_project, add_case, "K").created_id
    project_memo = run(empty_project, add_memo, "overall", coder).created_id
    on_source = run(empty_project, add_memo, "on s", coder, target="source", target_id=source).created_id
    run(empty_project, add_memo, "on c", coder, target="code", target_id=code)
    run(empty_project, add_memo, "on k", coder, target="case", target_id=case)
    assert [m.text for m in read(empty_project, list_memos, target="project")] == ["overall"]
    assert [m.id for m in read(empty_project, list_memos, target="source", target_id=source)] == [on_source]
    assert len(read(empty_project, list_memos)) == 4
    run(empty_project, edit_memo, project_memo, "overall, edited")
    before = read(empty_project, list_memos)
    changes = run(empty_project, remove_rows, RowKeys.ids("memos", [on_source]))
    assert changes.memos == {on_source}
    assert len(read(empty_project, list_memos)) == 3
    run(empty_project, play, changes.undo)
    assert read(empty_project, list_memos) == before
    assert before[0].coder == "Ann" and before[0].text == "overall, edited"


def test_memo_refusals(empty_project):
    coder = empty_project.coder_id()
    with pytest.raises(QcoderError):
        run(empty_project, add_memo, "x", coder, target="passage", target_id=1)
    with pytest.raises(QcoderError):
        run(empty_project, add_memo, "x", coder, target="source")
    with pytest.raises(NotFoundError, match="no source"):
        run(empty_project, add_memo, "x", coder, target="source", target_id=999)
    with pytest.raises(NotFoundError):
        run(empty_project, edit_memo, 999, "x")
    assert read(empty_project, list_memos) == []
