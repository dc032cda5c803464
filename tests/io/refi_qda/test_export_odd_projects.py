"""A project holding odd items (from an old merge, a script) still exports a valid QDPX: a coding
outside its text is left out, a GUID shared by two items is written once, under a GUID derived
for the second; the report names each repair and the project itself is left as it was."""

from __future__ import annotations

import sqlite3
import uuid
import zipfile
from pathlib import Path

from lxml import etree

from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.codes import ensure_code_path
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.code_tree import resolve_code_path
from qcoder.core.usecases.queries.sources import find_source
from qcoder.io.refi_qda import export_qdpx
from qcoder.io.refi_qda.schemas import document_errors

TEXT = "Sam: A university lab shared its cluster time.\n"
CODING = ("INSERT INTO codings (guid, source_id, code_id, start, \"end\", coder_id, created_at, exemplar) "
          "VALUES (?, 1, (SELECT id FROM codes WHERE name = 'Compute'), ?, ?, 1, '2026-01-01 00:00:00', 0)")


def odd_project(path: Path) -> dict[str, str]:
    with Project.create(path, coder_name="Lead", codebook=None) as project:
        with project.transaction() as session:
            add_source(session, "sam", TEXT)
            ensure_code_path(session, "Compute")
        coder = project.coder_id()
        with project.transaction() as session:
            apply_coding(session, find_source(session, "sam"), resolve_code_path(session, "Compute"), 5, 17, coder)
    guids = {"past_end": str(uuid.uuid4()), "reversed": str(uuid.uuid4())}
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA ignore_check_constraints=ON")
        guids["source"] = connection.execute("SELECT guid FROM sources").fetchone()[0]
        guids["code"] = connection.execute("SELECT guid FROM codes").fetchone()[0]
        connection.execute(CODING, (guids["past_end"], 30, 5000))
        connection.execute(CODING, (guids["reversed"], 20, 10))
        connection.execute(CODING, (guids["source"], 0, 3))  # a coding with the source's GUID
        connection.execute("INSERT INTO cases (guid, name, description, version) VALUES (?, 'Lab', '', 1)",
                           (guids["code"],))  # a case with the code's GUID
        connection.commit()
    finally:
        connection.close()
    return guids


def test_an_odd_project_exports_a_valid_file_and_says_what_it_repaired(tmp_path):
    path = tmp_path / "odd.qcoder"
    guids = odd_project(path)
    before = path.read_bytes()
    out = tmp_path / "odd.qdpx"
    with Project.open(path, read_only=True) as project:
        report = export_qdpx(project, out)
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("project.qde")
    assert document_errors(xml, "project") == []
    root = etree.fromstring(xml)
    written = [element.get("guid").lower() for element in root.iter() if element.get("guid")]
    assert len(written) == len(set(written))  # unique across every kind
    selections = root.iter("{urn:QDA-XML:project:1.0}PlainTextSelection")
    spans = sorted((int(s.get("startPosition")), int(s.get("endPosition"))) for s in selections)
    assert spans == [(0, 3), (5, 17)]
    assert all(0 <= start < end <= len(TEXT) for start, end in spans)
    repaired = "\n".join(report.repaired)
    assert f"coding {guids['past_end']} [30, 5000)" in repaired and "lies outside" in repaired
    assert f"coding {guids['reversed']} [20, 10)" in repaired
    assert f"has the GUID of a source ({guids['source']})" in repaired
    assert f"case 'Lab' has the GUID of a code ({guids['code']})" in repaired
    assert any("repaired:" in line for line in report.lines())
    assert path.read_bytes() == before


def test_exporting_twice_gives_the_same_guids(tmp_path):
    path = tmp_path / "odd.qcoder"
    odd_project(path)
    xml = []
    for name in ("one.qdpx", "two.qdpx"):
        with Project.open(path, read_only=True) as project:
            export_qdpx(project, tmp_path / name)
        with zipfile.ZipFile(tmp_path / name) as archive:
            xml.append(archive.read("project.qde"))
    guids = [sorted(e.get("guid") for e in etree.fromstring(x).iter() if e.get("guid")) for x in xml]
    assert guids[0] == guids[1]


def test_a_coding_whose_guid_another_codings_coding_takes_is_written_under_a_new_one(tmp_path):
    """Each selection writes its ``Coding`` under a GUID derived from its own: a coding holding the
    GUID derived from another's (a script, an old merge) is checked one by one and re-GUIDed."""
    from qcoder.io.refi_qda.writer import coding_guid

    path = tmp_path / "clash.qcoder"
    with Project.create(path, coder_name="Lead", codebook=None) as project:
        with project.transaction() as session:
            add_source(session, "sam", TEXT)
            ensure_code_path(session, "Compute")
        coder = project.coder_id()
        with project.transaction() as session:
            apply_coding(session, find_source(session, "sam"), resolve_code_path(session, "Compute"), 5, 17, coder)
    connection = sqlite3.connect(path)
    try:
        first = connection.execute("SELECT guid FROM codings").fetchone()[0]
        connection.execute(CODING, (coding_guid(first), 0, 3))
        connection.commit()
    finally:
        connection.close()
    with Project.open(path, read_only=True) as project:
        report = export_qdpx(project, tmp_path / "clash.qdpx")
    with zipfile.ZipFile(tmp_path / "clash.qdpx") as archive:
        xml = archive.read("project.qde")
    assert document_errors(xml, "project") == []
    written = [element.get("guid").lower() for element in etree.fromstring(xml).iter() if element.get("guid")]
    assert len(written) == len(set(written)) and len(written) >= 6
    assert any(f"has the GUID of a coding ({first})" in line for line in report.repaired)
