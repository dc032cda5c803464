"""REFI-QDA files that are huge or sloppy at scale: selections without GUIDs written side by side
each stay a coding; schema checking is bounded; a small file holding 1.5 million tiny selections is
refused in seconds and megabytes (measured in a subprocess, as tests/reliability/measured_cli.py
does: time and peak resident size beyond start-up)."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from qcoder.core.lifecycle.project import Project
from qcoder.core.store.models import Coding
from qcoder.io.refi_qda import import_refi
from qcoder.io.refi_qda.errors import RefiQdaError
from qcoder.io.refi_qda.xml_size import ElementCounter, count_elements

REPOSITORY = Path(__file__).resolve().parents[2]
CODE = "c0de0000-0000-4000-8000-000000000001"
SOURCE = "50000000-0000-4000-8000-000000000001"
TEXT = "abcdefghij" * 1000

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="peak memory is read with the resource module")


def _qdpx(path: Path, selections: str, *, level: int = 6) -> Path:
    """A project of one code and one source whose selections are ``selections``, on one line."""
    xml = (
        '<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="huge">'
        f'<CodeBook><Codes><Code guid="{CODE}" name="C" isCodable="true"/></Codes></CodeBook><Sources>'
        f'<TextSource guid="{SOURCE}" name="S"><PlainTextContent>{TEXT}</PlainTextContent>'
        f"{selections}</TextSource></Sources></Project>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("project.qde", xml)
    return path


def _coded(count: int, guid: str | None = None) -> str:
    starts = random.Random(1)
    attribute = f' guid="{guid}"' if guid is not None else ""
    return "".join(
        f'<PlainTextSelection{attribute} startPosition="{a}" endPosition="{a + 3}">'
        f'<Coding><CodeRef targetGUID="{CODE}"/></Coding></PlainTextSelection>'
        for a in (starts.randrange(0, 9990) for _ in range(count))
    )


def _codings(project: Project) -> int:
    with project.reading() as session:
        return session.scalar(select(func.count()).select_from(Coding)) or 0


@pytest.mark.parametrize("guid", [None, "", "not-a-guid"], ids=["missing", "empty", "malformed"])
def test_selections_without_a_usable_guid_on_one_line_stay_apart(empty_project, tmp_path, guid):
    archive = _qdpx(tmp_path / "one-line.qdpx", _coded(5, guid))
    report = import_refi(empty_project, archive)
    assert report.added["codings"] == 5 and sum(report.existing.values()) == 0, report.lines()
    assert _codings(empty_project) == 5
    assert report.as_dict()["reasons"]["remapped"] == {"selection without a valid GUID, given a stand-in": 5}
    again = import_refi(empty_project, archive)  # the stand-ins are stable: nothing is added twice
    assert not again.added.get("codings") and again.existing["codings"] == 5, again.lines()
    assert _codings(empty_project) == 5


def _measured(tmp_path: Path, *arguments: str) -> tuple[dict, str]:
    report = tmp_path / "measured.json"
    done = subprocess.run(
        [sys.executable, "-m", "tests.reliability.measured_cli", str(report), *arguments],
        cwd=REPOSITORY, capture_output=True, text=True, timeout=300, check=False,
    )
    assert report.exists(), f"the command did not finish normally: {done.stderr[-2000:]}"
    return json.loads(report.read_text()), done.stdout + done.stderr


def test_schema_checking_of_twenty_thousand_faulty_selections_is_bounded(tmp_path):
    """Every selection and coding lacks its required GUID: 40,000 schema errors side by side took
    libxml2 minutes to describe; the check now runs on a sample and says so."""
    archive = _qdpx(tmp_path / "faulty.qdpx", _coded(20_000))
    path = tmp_path / "p.qcoder"
    Project.create(path, coder_name="Ann", codebook=None).close()
    measured, output = _measured(tmp_path, "import", str(path), str(archive))
    assert measured["status"] == 0, output
    assert measured["seconds"] < 5.0, f"{measured['seconds']:.1f} s"
    assert "imported 1 code, 1 source, 20000 codings" in output
    assert "schema was checked on a sample" in output and "more schema errors" in output
    assert "Re-mapped (imported differently): 20000" in output  # each stand-in GUID counted
    assert "by reason: 20000 × selection without a valid GUID, given a stand-in" in output


@pytest.fixture(scope="module")
def tiny_selections(tmp_path_factory) -> Path:
    """About 8 MB on disk: 1.5 million selections of three characters, without GUIDs, one line."""
    starts = random.Random(2)
    selections = "".join(
        f'<PlainTextSelection startPosition="{a}" endPosition="{a + 3}"/>'
        for a in (starts.randrange(0, 9990) for _ in range(1_500_000))
    )
    return _qdpx(tmp_path_factory.mktemp("huge") / "tiny-selections.qdpx", selections)


def test_a_small_file_with_a_million_and_a_half_selections_is_refused_in_seconds(tmp_path, tiny_selections):
    megabytes = tiny_selections.stat().st_size / 2**20
    assert 6 < megabytes < 10
    path = tmp_path / "p.qcoder"
    Project.create(path, coder_name="Ann", codebook=None).close()
    measured, output = _measured(tmp_path, "import", str(path), str(tiny_selections))
    assert measured["status"] == 1
    assert measured["seconds"] < 5.0 * megabytes / 10, f"{measured['seconds']:.1f} s for {megabytes:.1f} MB"
    assert measured["extra_mb"] < 300, f"{measured['extra_mb']:.0f} MB"
    assert "holds more than 400,000 XML elements" in output and "Traceback" not in output
    with Project.open(path, read_only=True) as project:
        assert _codings(project) == 0


def test_element_counting_sees_through_chunk_boundaries():
    xml = b'<?xml version="1.0"?><!-- note --><a><b x="1"/><c>t</c></a>'
    assert count_elements(xml, "x.qde") == 3
    counter = ElementCounter("x.qde")
    for position in range(len(xml)):  # every tag split between two chunks
        counter.feed(xml[position:position + 1])
    assert counter.elements == 3
    with pytest.raises(RefiQdaError, match="more than 2 XML elements"):
        count_elements(xml, "x.qde", limit=2)
