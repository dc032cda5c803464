"""Hostile or broken files are refused with one clear message; nothing is written anywhere."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from qcoder.io.refi_qda import RefiQdaError, export_qdpx, import_refi
from tests.io.refi_qda.conftest import counts, everything
from tests.io.refi_qda.fixtures import G, write_zip

MINIMAL = f'<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources><TextSource guid="{G["src1"]}" name="x"><PlainTextContent>abc</PlainTextContent></TextSource></Sources></Project>'
XXE = """<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&secret;"/>"""
LAUGHS = """<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol4;"/>"""


def _files_under(folder: Path) -> set[Path]:
    return {Path(root) / name for root, _, names in os.walk(folder) for name in names}


def _zip_slip(tmp_path: Path, name: str) -> Path:
    path = tmp_path / "slip.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", MINIMAL)
        info = zipfile.ZipInfo(name)
        archive.writestr(info, "pwned")
    return path


def _truncated(tmp_path: Path, project) -> Path:  # type: ignore[no-untyped-def]
    whole = tmp_path / "whole.qdpx"
    export_qdpx(project, whole)
    cut = tmp_path / "cut.qdpx"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    whole.unlink()
    return cut


CASES = {
    "zip slip ..": (lambda tmp, p: _zip_slip(tmp, "../../evil.txt"), "unsafe entry name"),
    "zip slip absolute": (lambda tmp, p: _zip_slip(tmp, "/tmp/evil.txt"), "unsafe entry name"),
    "zip slip windows": (lambda tmp, p: _zip_slip(tmp, "C:\\evil.txt"), "unsafe entry name"),
    "xxe": (lambda tmp, p: write_zip(tmp / "xxe.qdpx", {"project.qde": XXE}), "DTD"),
    "billion laughs": (lambda tmp, p: write_zip(tmp / "lol.qdpx", {"project.qde": LAUGHS}), "DTD"),
    "truncated": (_truncated, "truncated or damaged"),
    "not a zip": (lambda tmp, p: (tmp / "text.qdpx").write_text("hello") and tmp / "text.qdpx", "not a QDPX file"),
    "empty": (lambda tmp, p: (tmp / "empty.qdpx").write_bytes(b"") or tmp / "empty.qdpx", "not a QDPX file"),
    "no qde": (lambda tmp, p: write_zip(tmp / "none.qdpx", {"sources/a.txt": "x"}), "no project.qde"),
    "not xml": (lambda tmp, p: write_zip(tmp / "bad.qdpx", {"project.qde": "<Project"}), "not well-formed"),
    "wrong root": (lambda tmp, p: write_zip(tmp / "root.qdpx", {"project.qde": "<html/>"}), "not a REFI-QDA"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_file_is_refused_and_nothing_changes(rich_project, tmp_path, case):
    make, message = CASES[case]
    folder = tmp_path / "files"
    folder.mkdir()
    hostile = make(folder, rich_project)
    before = everything(rich_project), counts(rich_project)
    files_before = _files_under(tmp_path)
    with pytest.raises(RefiQdaError, match=message):
        import_refi(rich_project, hostile)
    assert (everything(rich_project), counts(rich_project)) == before
    assert _files_under(tmp_path) == files_before
    assert not (tmp_path.parent / "evil.txt").exists()


def test_zip_bomb_is_refused_by_its_declared_size(empty_project, tmp_path):
    bomb = write_zip(tmp_path / "bomb.qdpx", {"project.qde": MINIMAL, "sources/big.txt": b"\0" * (30 * 2**20)})
    assert bomb.stat().st_size < 2**20  # it really is a bomb: tiny compressed, 30 MB inside
    with pytest.raises(RefiQdaError, match="zip bomb"):
        import_refi(empty_project, bomb, max_total_bytes=10 * 2**20)
    assert counts(empty_project)["Source"] == 0


def test_decompressed_bytes_are_counted_as_they_are_read(empty_project, tmp_path):
    """Declared sizes can lie: what is actually decompressed is counted against the cap too."""
    from qcoder.io.refi_qda.safe_archive import SafeArchive

    path = write_zip(tmp_path / "liar.qdpx", {"project.qde": MINIMAL, "sources/big.txt": os.urandom(3 * 2**19).hex()})
    with SafeArchive(path, max_total_bytes=4 * 2**20) as archive:
        archive.read("sources/big.txt")
        with pytest.raises(RefiQdaError, match="zip bomb"):
            archive.read("sources/big.txt")  # the running total passes the cap


def test_a_refused_new_project_leaves_no_file(tmp_path):
    from qcoder.cli.main import main

    bad = tmp_path / "bad.qdpx"
    bad.write_text("nope")
    status = main(["new", str(tmp_path / "p.qcoder"), "--from", str(bad)])
    assert status == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.qdpx"]


def test_entities_behind_a_long_prologue_are_refused_too(empty_project, tmp_path):
    """The quick DOCTYPE check reads the first 64 KB; the parsed tree is checked as well."""
    padded = LAUGHS.replace('<?xml version="1.0"?>', '<?xml version="1.0"?>' + "<!--" + " " * 70_000 + "-->", 1)
    with pytest.raises(RefiQdaError, match="DTD"):
        import_refi(empty_project, write_zip(tmp_path / "padded.qdpx", {"project.qde": padded}))
    assert counts(empty_project)["Source"] == 0
