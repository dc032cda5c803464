"""Codebooks: the study's default, none, another file, and bad files that leave nothing behind."""

from __future__ import annotations

import json
import re

import pytest
from core_helpers import read

from qcoder.core.codebook import read_codebook
from qcoder.core.errors import CodebookError
from qcoder.core.lifecycle.lock import lock_path
from qcoder.core.lifecycle.project import Project
from qcoder.core.resources import default_codebook_path
from qcoder.core.usecases.queries.code_tree import list_codes


def _walk(codes):
    for code in codes:
        yield code
        yield from _walk(code.get("children", []))


def test_the_default_codebook_gives_8_groups_and_83_codes(study_project):
    codes = read(study_project, list_codes)
    groups = [c for c in codes if c.parent_id is None]
    assert len(groups) == 8
    assert all(not g.codable for g in groups)
    codable = [c for c in codes if c.parent_id is not None]
    assert len(codable) == 83
    assert all(c.codable for c in codable)
    assert all(re.fullmatch(r"#[0-9A-F]{6}", c.colour) for c in codes)
    data = json.loads(default_codebook_path().read_text(encoding="utf-8"))
    definitions = {entry["name"]: entry["definition"] for g in data["groups"] for entry in _walk(g["codes"])}
    by_name = {c.name: c for c in codable}
    assert by_name["Pre-training"].description == definitions["Pre-training"]
    assert all(by_name[name].description == text for name, text in definitions.items())
    assert [g.name for g in groups][:3] == ["Lifecycle stage", "On-ramp", "Challenge"]
    assert "Lifecycle stage/Pre-training" in {c.path for c in codes}


def test_no_codebook_gives_an_empty_tree(empty_project):
    assert read(empty_project, list_codes) == []


def test_another_codebook_file(tmp_path):
    book = tmp_path / "mine.json"
    book.write_text(json.dumps({"groups": [
        {"name": "Themes", "codes": [{"name": "Trust", "colour": "#123", "definition": "t",
                                       "children": [{"name": "Distrust"}]}]},
    ]}), encoding="utf-8")
    with Project.create(tmp_path / "p.qcoder", codebook=book) as project:
        codes = {c.path: c for c in read(project, list_codes)}
    assert set(codes) == {"Themes", "Themes/Trust", "Themes/Trust/Distrust"}
    assert codes["Themes/Trust"].colour == "#112233"
    assert codes["Themes/Trust"].description == "t"


@pytest.mark.parametrize(
    "content",
    [
        "not json at all",
        json.dumps({"codes": []}),
        json.dumps([1, 2]),
        json.dumps({"groups": [{"codes": []}]}),
        json.dumps({"groups": [{"name": "G", "codes": [{"name": "C", "colour": "purple-ish"}]}]}),
        json.dumps({"groups": [{"name": "G", "codes": [{"name": "C"}, {"name": "C"}]}]}),
        json.dumps({"groups": [{"name": "G", "codes": [{"name": "C", "colour": 12}]}]}),
        json.dumps({"groups": [{"name": "G", "codes": "C"}]}),
        json.dumps({"groups": ["G"]}),
    ],
)
def test_a_bad_codebook_gives_codebook_error_and_no_project_file(tmp_path, content):
    book = tmp_path / "bad.json"
    book.write_text(content, encoding="utf-8")
    path = tmp_path / "p.qcoder"
    with pytest.raises(CodebookError):
        Project.create(path, codebook=book)
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name != "bad.json")
    assert leftovers == []
    assert not lock_path(path).exists()


def test_a_missing_codebook_file(tmp_path):
    with pytest.raises(CodebookError, match="no codebook file"):
        Project.create(tmp_path / "p.qcoder", codebook=tmp_path / "absent.json")
    assert list(tmp_path.iterdir()) == []


def test_read_codebook_default():
    assert len(read_codebook("default")["groups"]) == 8
