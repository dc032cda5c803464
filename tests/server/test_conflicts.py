"""Conflicting edits of one code, case or memo: the later one is refused and says why; nothing is lost."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from qcoder.core.errors import EditConflictError, NotFoundError
from qcoder.core.lifecycle.project import Project
from qcoder.core.row_set import RowKeys
from qcoder.core.usecases.commands.cases import add_case, describe_case, rename_case
from qcoder.core.usecases.commands.codes import (
    add_code,
    describe_code,
    move_code,
    recolour_code,
    rename_code,
)
from qcoder.core.usecases.commands.memos import add_memo, edit_memo
from qcoder.core.usecases.commands.row_edits import remove_rows
from qcoder.core.usecases.queries.cases import list_cases
from qcoder.core.usecases.queries.code_tree import list_codes
from qcoder.core.usecases.queries.memos import list_memos

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "schema"


def _read(project: Project, query):
    with project.reading() as session:
        return query(session)


def _code(project: Project, code_id: int):
    return next(c for c in _read(project, list_codes) if c.id == code_id)


@pytest.fixture
def ann_and_bea(pg_url):
    ann = Project.create(pg_url, coder_name="Ann", codebook=None)
    bea = Project.open(pg_url, coder_name="Bea")
    ann_id = ann.coder_id()
    with ann.transaction() as session:
        group = add_code(session, "Resources", codable=False).created_id
        code = add_code(session, "Compute").created_id
        case = add_case(session, "Lab").created_id
        memo = add_memo(session, "first thoughts", ann_id, target="code", target_id=code).created_id
    yield ann, bea, {"group": group, "code": code, "case": case, "memo": memo}
    ann.close()
    bea.close()


CODE_EDITS = {
    "rename": (rename_code, ("Ann's name",)),
    "recolour": (recolour_code, ("#112233",)),
    "definition": (describe_code, ("Ann's definition",)),
    "move": (move_code, ("group", 0)),
}


@pytest.mark.parametrize("edit", CODE_EDITS)
def test_a_stale_edit_of_a_code_is_refused_naming_who_changed_it(ann_and_bea, edit):
    ann, bea, ids = ann_and_bea
    seen = _code(ann, ids["code"])  # what Ann's window shows
    bea.write(rename_code, ids["code"], "Compute (Bea)", seen_version=seen.version)
    use_case, args = CODE_EDITS[edit]
    args = tuple(ids.get(a, a) if isinstance(a, str) else a for a in args)
    with pytest.raises(EditConflictError) as refused:
        ann.write(use_case, ids["code"], *args, seen_version=seen.version)
    assert str(refused.value) == (
        "Bea changed this code meanwhile (it is now “Compute (Bea)”); your change was not applied"
    )
    now = _code(ann, ids["code"])
    assert (now.name, now.colour, now.description, now.parent_id) == ("Compute (Bea)", seen.colour, "", None)
    assert now.version == seen.version + 1
    # Seeing the new version, Ann's edit goes through.
    ann.write(use_case, ids["code"], *args, seen_version=now.version)
    assert _code(ann, ids["code"]).version == now.version + 1


def test_stale_edits_of_a_case_and_a_memo_are_refused(ann_and_bea):
    ann, bea, ids = ann_and_bea
    case = next(c for c in _read(ann, list_cases) if c.id == ids["case"])
    memo = next(m for m in _read(ann, list_memos) if m.id == ids["memo"])
    bea.write(describe_case, ids["case"], "Bea's description", seen_version=case.version)
    bea.write(edit_memo, ids["memo"], "Bea's thoughts", seen_version=memo.version)
    with pytest.raises(EditConflictError, match="Bea changed this case meanwhile .it is now “Lab”."):
        ann.write(rename_case, ids["case"], "Lab (Ann)", seen_version=case.version)
    with pytest.raises(EditConflictError, match="Bea edited this memo meanwhile .it now reads “Bea's thoughts”."):
        ann.write(edit_memo, ids["memo"], "Ann's thoughts", seen_version=memo.version)
    [case_now] = [c for c in _read(ann, list_cases) if c.id == ids["case"]]
    [memo_now] = [m for m in _read(ann, list_memos) if m.id == ids["memo"]]
    assert (case_now.name, case_now.description, memo_now.text) == ("Lab", "Bea's description", "Bea's thoughts")


def test_an_edit_of_a_code_deleted_meanwhile_says_so(ann_and_bea):
    ann, bea, ids = ann_and_bea
    seen = _code(ann, ids["code"])
    bea.write(remove_rows, RowKeys.ids("codes", [ids["code"]]))
    with pytest.raises(NotFoundError, match="this code was deleted meanwhile"):
        ann.write(rename_code, ids["code"], "gone", seen_version=seen.version)


def test_an_edit_without_a_seen_version_applies_and_still_counts(ann_and_bea):
    ann, _bea, ids = ann_and_bea
    before = _code(ann, ids["code"]).version
    ann.write(rename_code, ids["code"], "Compute (cli)")
    assert _code(ann, ids["code"]).version == before + 1


def test_two_edits_at_the_same_moment_one_waits_and_is_refused(ann_and_bea):
    """At READ COMMITTED the second UPDATE waits for the first's commit, re-reads and finds a new version."""
    ann, bea, ids = ann_and_bea
    seen = _code(ann, ids["code"]).version
    claimed, finish = threading.Event(), threading.Event()
    outcome: list[object] = []

    def ann_edits() -> None:
        with ann.transaction() as session:
            rename_code(session, ids["code"], "Ann's name", seen_version=seen)
            session.flush()
            claimed.set()
            finish.wait(10)

    def bea_edits() -> None:
        try:
            bea.write(rename_code, ids["code"], "Bea's name", seen_version=seen)
            outcome.append("applied")
        except EditConflictError as error:
            outcome.append(str(error))

    first = threading.Thread(target=ann_edits)
    first.start()
    assert claimed.wait(10)
    second = threading.Thread(target=bea_edits)
    second.start()
    second.join(0.5)
    assert second.is_alive(), "Bea's edit waits for Ann's transaction"
    finish.set()
    first.join(10)
    second.join(10)
    assert outcome == ["Ann changed this code meanwhile (it is now “Ann's name”); your change was not applied"]
    assert _code(bea, ids["code"]).name == "Ann's name"


def test_a_migrated_file_starts_at_version_one_and_checks_versions(tmp_path):
    path = tmp_path / "old.qcoder"
    shutil.copy(FIXTURES / "v1.qcoder", path)
    with Project.open(path, coder_name="Ann") as project:
        codes = _read(project, list_codes)
        assert {c.version for c in codes} == {1}
        code = codes[-1]
        project.write(rename_code, code.id, "Renamed", seen_version=1)
        with pytest.raises(EditConflictError, match="Ann changed this code meanwhile"):
            project.write(recolour_code, code.id, "#000000", seen_version=1)
        assert {m.version for m in _read(project, list_memos)} == {1}
        assert {c.version for c in _read(project, list_cases)} == {1}


def test_a_stale_attribute_edit_of_a_case_is_refused_and_undo_checks_too(ann_and_bea):
    from qcoder.core.usecases.commands.case_edits import checked_case_edit, set_case_attribute
    from qcoder.core.usecases.commands.organisation_edits import checked_organisation_state
    from qcoder.core.usecases.queries.organisation_edits import organisation_state

    ann, bea, ids = ann_and_bea
    seen = next(c for c in _read(ann, list_cases) if c.id == ids["case"]).version
    with ann.reading() as session:
        before = organisation_state(session, "Lab")
    _changes, version = ann.write(checked_case_edit, "Lab", seen, set_case_attribute, "country", "NO")
    assert version == seen + 1
    bea.write(checked_case_edit, "Lab", version, set_case_attribute, "country", "SE")
    with pytest.raises(EditConflictError, match="Bea changed this case meanwhile"):
        ann.write(checked_case_edit, "Lab", seen, set_case_attribute, "country", "DK")
    with pytest.raises(EditConflictError, match="Bea changed this case meanwhile"):
        ann.write(checked_organisation_state, before, version)  # Ann's undo would erase Bea's value
    [case] = [c for c in _read(ann, list_cases) if c.id == ids["case"]]
    assert case.attribute("country") == "SE"
