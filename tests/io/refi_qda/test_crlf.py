"""The CRLF variant: texts with CRLF and positions shifted so that they still point at the same text."""

from __future__ import annotations

import zipfile

from lxml import etree

from qcoder.core.lifecycle.project import Project
from qcoder.io.refi_qda import export_qdpx, import_refi
from qcoder.io.refi_qda.positions import CrlfShift, LineEndingMap, decide_convention
from tests.io.refi_qda.conftest import codings_of, everything


def test_crlf_export_positions_point_at_the_same_text(rich_project, tmp_path):
    out = tmp_path / "crlf.qdpx"
    export_qdpx(rich_project, out, crlf=True)
    lf_codings = {(row[0], row[5].replace("\n", "\r\n")) for row in codings_of(rich_project)}
    with zipfile.ZipFile(out) as archive:
        root = etree.fromstring(archive.read("project.qde"))
        found = set()
        for source in root.iter("{*}TextSource"):
            raw = archive.read(f"sources/{source.get('guid')}.txt").decode("utf-8")
            assert "\r\n" in raw and "\n" not in raw.replace("\r\n", "")
            for sel in source.iter("{*}PlainTextSelection"):
                found.add((source.get("guid"), raw[int(sel.get("startPosition")):int(sel.get("endPosition"))]))
    assert found == lf_codings


def test_crlf_export_imports_back_unchanged(rich_project, tmp_path):
    out = tmp_path / "crlf.qdpx"
    export_qdpx(rich_project, out, crlf=True)
    (tmp_path / "copy").mkdir()
    with Project.create(tmp_path / "copy" / "study.qcoder", coder_name="Ann", codebook=None) as copy:
        report = import_refi(copy, out)
        assert everything(copy) == everything(rich_project)
    assert "two characters" in "\n".join(report.lines())


def test_shift_and_map_are_inverse():
    lf = "a\nbc\n\nd😀\ne"
    crlf = lf.replace("\n", "\r\n")
    shift, back = CrlfShift(lf), LineEndingMap(crlf, crlf_as_two=True)
    for position in range(len(lf) + 1):
        assert back(shift(position)) == position
        assert crlf[: shift(position)].replace("\r\n", "\n") == lf[:position]


def test_convention_is_decided_by_previews():
    raw = "one\r\ntwo\r\nthree four\r\n"
    lf = raw.replace("\r\n", "\n")
    as_one = [(lf.index("three"), lf.index("three") + 5, "three")]
    as_two = [(raw.index("three"), raw.index("three") + 5, "three")]
    assert decide_convention(raw, as_one).crlf_as_two is False
    assert decide_convention(raw, as_two).crlf_as_two is True
    assert decide_convention(raw, []).crlf_as_two is True  # the standard's reading by default


def test_without_previews_word_starts_decide():
    raw = "Ann: one two\r\nBo: three four\r\nAnn: five six seven\r\n"
    lf = raw.replace("\r\n", "\n")
    words = ("three", "four", "five", "seven")
    as_one = [(lf.index(w), lf.index(w) + len(w), None) for w in words]
    as_two = [(raw.index(w), raw.index(w) + len(w), None) for w in words]
    assert decide_convention(raw, as_one).crlf_as_two is False
    assert decide_convention(raw, as_one).by_word_starts
    assert decide_convention(raw, as_two).crlf_as_two is True
