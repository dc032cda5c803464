"""Export → import → export keeps GUIDs, the code tree and every (start, end, code, coder, text)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from qcoder.core.lifecycle.project import Project
from qcoder.io.refi_qda import export_qdc, export_qdpx, import_refi
from qcoder.io.refi_qda.schemas import validation_errors
from tests.io.refi_qda.conftest import INTERVIEW, codings_of, counts, everything


def _reimport(qdpx: Path, folder: Path, coder: str = "Ann") -> Project:
    folder.mkdir()
    project = Project.create(folder / "study.qcoder", coder_name=coder, codebook=None)
    import_refi(project, qdpx)
    return project


def test_round_trip_keeps_everything(rich_project, tmp_path):
    first = tmp_path / "first.qdpx"
    export_qdpx(rich_project, first)
    copy = _reimport(first, tmp_path / "copy")
    try:
        assert everything(copy) == everything(rich_project)
        second = tmp_path / "second.qdpx"
        export_qdpx(copy, second)
    finally:
        copy.close()
    with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
        assert sorted(a.namelist()) == sorted(b.namelist())
        for name in a.namelist():
            assert a.read(name) == b.read(name), name


def test_round_trip_keeps_astral_text_positions(rich_project, tmp_path):
    out = tmp_path / "p.qdpx"
    export_qdpx(rich_project, out)
    copy = _reimport(out, tmp_path / "copy")
    try:
        texts = {row[5] for row in codings_of(copy)}
    finally:
        copy.close()
    assert "你好 partners in 🇫🇷 France" in texts
    assert "shared weights 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 early" in texts
    assert "e\u0301 stays" in texts


def test_exported_files_validate_and_sources_are_plain_utf8(rich_project, tmp_path):
    out = tmp_path / "p.qdpx"
    export_qdpx(rich_project, out)
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        assert "project.qde" in names
        root = etree.fromstring(archive.read("project.qde"))
        assert root.tag == "{urn:QDA-XML:project:1.0}Project"
        assert archive.read("project.qde").startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
        texts = [archive.read(n) for n in names if n.startswith("sources/")]
    assert validation_errors(root, "project") == []
    assert all(n == "project.qde" or (n.startswith("sources/") and n.endswith(".txt")) for n in names)
    assert INTERVIEW.encode("utf-8") in texts
    assert not any(t.startswith(b"\xef\xbb\xbf") for t in texts)
    qdc = tmp_path / "c.qdc"
    export_qdc(rich_project, qdc)
    codebook = etree.parse(str(qdc)).getroot()
    assert validation_errors(codebook, "codebook") == []
    # Description precedes child codes (schema order) and colours are #RRGGBB
    pre = codebook.find(".//{*}Code[@name='Pre-training']")
    assert [etree.QName(c).localname for c in pre] == ["Description", "Code"]


def test_exports_are_stable(rich_project, tmp_path):
    a, b = tmp_path / "a.qdpx", tmp_path / "b.qdpx"
    export_qdpx(rich_project, a)
    export_qdpx(rich_project, b)
    with zipfile.ZipFile(a) as one, zipfile.ZipFile(b) as two:
        assert one.read("project.qde") == two.read("project.qde")


def test_importing_twice_changes_nothing(rich_project, tmp_path):
    out = tmp_path / "p.qdpx"
    export_qdpx(rich_project, out)
    copy = _reimport(out, tmp_path / "copy", coder="Zed")
    try:
        before = everything(copy), counts(copy)
        report = import_refi(copy, out)
        assert not report.changed_anything
        assert report.existing["codings"] == 8
        assert (everything(copy), counts(copy)) == before
    finally:
        copy.close()


def test_importing_into_the_original_project_changes_nothing(rich_project, tmp_path):
    out = tmp_path / "p.qdpx"
    export_qdpx(rich_project, out)
    before = everything(rich_project), counts(rich_project)
    report = import_refi(rich_project, out)
    assert not report.changed_anything, report.lines()
    assert (everything(rich_project), counts(rich_project)) == before


def test_qdc_into_a_project_with_the_same_codes_by_name_adds_nothing(rich_project, tmp_path):
    qdc = tmp_path / "c.qdc"
    export_qdc(rich_project, qdc)
    folder = tmp_path / "other"
    folder.mkdir()
    with Project.create(folder / "o.qcoder", coder_name="Zed", codebook=None) as other:
        first = import_refi(other, qdc)
        assert first.added["codes"] == 6
        assert counts(other)["Coding"] == 0
        again = import_refi(other, qdc)
        assert not again.changed_anything
    report = import_refi(rich_project, qdc)
    assert not report.changed_anything


def test_coding_times_survive_to_the_second_and_are_stored_like_any_other(rich_project, tmp_path):
    import re

    from sqlalchemy import select, text

    from qcoder.core.store.models import Coding

    out = tmp_path / "p.qdpx"
    export_qdpx(rich_project, out)
    copy = _reimport(out, tmp_path / "copy")
    try:
        with rich_project.reading() as s:
            before = {g: t.replace(microsecond=0) for g, t in s.execute(select(Coding.guid, Coding.created_at))}
        with copy.reading() as s:
            after = dict(s.execute(select(Coding.guid, Coding.created_at)).all())
            stored = s.execute(text("SELECT created_at FROM codings")).scalars().all()
    finally:
        copy.close()
    assert after == before
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}", value) for value in stored)
