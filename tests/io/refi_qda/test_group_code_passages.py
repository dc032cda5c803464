"""A passage coded with a group code (``isCodable="false"``): the import makes a group it adds
codable, and drops the passage when the group was already here (the project's kind wins); a
code without a name gets one. What the core ingest engine matched decides which happens."""

from __future__ import annotations

from sqlalchemy import select

from qcoder.core.store.models import Code
from qcoder.io.refi_qda import import_refi
from tests.io.refi_qda.fixtures import G, atlas_like_project, selection, write_zip

TEXT = "Dana: We trained it.\nEli: Then we released it.\n"


def _file(tmp_path, name: str, *, passages: bool):
    start = TEXT.index("We trained")
    sels = selection(G["sel1"], start, start + len("We trained"), G["group"], user=G["user1"]) if passages else ""
    qde = atlas_like_project(selections=sels).replace('name="Nothing"', 'name=""')
    return write_zip(tmp_path / name, {"project.qde": qde, f"sources/{G['src1']}.txt": TEXT})


def _group_codable(project) -> bool:
    with project.reading() as session:
        return bool(session.scalar(select(Code.is_codable).where(Code.guid == G["group"])))


def test_a_group_added_by_the_import_takes_its_passages(empty_project, tmp_path):
    report = import_refi(empty_project, _file(tmp_path, "coded.qdpx", passages=True))
    assert _group_codable(empty_project)
    assert report.added["codings"] == 1
    remapped = report.problems.lines("remapped")
    assert f"code {G['group']} was marked not codable but has passages; made codable" in remapped
    assert f"a code without a name ({G['code4']}) was called '(unnamed code)'" in remapped


def test_a_group_already_here_keeps_its_kind_and_the_passage_is_dropped(empty_project, tmp_path):
    import_refi(empty_project, _file(tmp_path, "plain.qdpx", passages=False))
    report = import_refi(empty_project, _file(tmp_path, "coded.qdpx", passages=True))
    assert not _group_codable(empty_project)
    assert report.added["codings"] == 0 and report.existing["codes"] == 5
    assert report.problems.by_reason("dropped").startswith("1 × coding of a group code")
