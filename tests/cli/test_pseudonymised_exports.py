"""After pseudonymising the sample study, no export holds a real name: every ``qcoder export``
format (CSV, XLSX, QDPX, QDC, Markdown, HTML report) and every map view (SVG, CSV, GraphML) is
searched for each real name. The table itself leaves only on its own (``qcoder pseudonyms
--export``), and a transcript imported afterwards is pseudonymised on the way in."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import sqlalchemy

from qcoder.app.exporting import EXPORT_FORMATS
from qcoder.cli.map_commands import VIEWS
from qcoder.io.sample_study import build_sample_project
from tests.cli.test_edit_commands import run_cli

PEOPLE = ("Greta", "Rodrigo", "Wanjiru", "Haruto", "Chidi", "Aino", "Marc", "Dana", "Priya", "Camille",
          "Lucía", "Liam")
ORGANISATIONS = ("Lumen Commons", "Kestrel Labs", "Baobab NLP Collective", "Meridian Cloud", "Sable Semiconductor",
                 "Kestrel", "Meridian", "Baobab", "Sable")
"""Whole names and the short names the transcripts also use ("Meridian's GPUs")."""


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return build_sample_project(tmp_path_factory.mktemp("built") / "sample.qcoder")


@pytest.fixture
def pseudonymised(sample, tmp_path, capsys, monkeypatch) -> Path:
    monkeypatch.setenv("QCODER_CODER", "Alex")
    path = tmp_path / "study.qcoder"
    shutil.copy(sample, path)
    table = tmp_path / "names.csv"
    rows = [f"{name},P{number}" for number, name in enumerate(PEOPLE)]
    rows += [f"{name},Organisation {chr(65 + number)}" for number, name in enumerate(ORGANISATIONS)]
    table.write_text("real,pseudonym\n" + "\n".join(rows) + "\n", encoding="utf-8")
    status, _out, err = run_cli(capsys, "pseudonymise", str(path), "--map", str(table))
    assert status == 0, err
    return path


def readable(path: Path) -> str:
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return path.read_bytes().decode("utf-8", "replace")


def real_names_in(text: str) -> list[str]:
    found = []
    for name in (*PEOPLE, *ORGANISATIONS):
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE):
            found.append(name)
    return found


def test_the_search_finds_the_names_in_an_export_before(sample, tmp_path, capsys):
    out = tmp_path / "before.qdpx"
    assert run_cli(capsys, "export", str(sample), "--format", "qdpx", "--out", str(out))[0] == 0
    assert set(real_names_in(readable(out))) == {*PEOPLE, *ORGANISATIONS}
    assert real_names_in("GRETA, the Kestrel-Sw model") == ["Greta", "Kestrel"]


def test_no_export_holds_a_real_name(pseudonymised, tmp_path, capsys):
    written = []
    for form in EXPORT_FORMATS:
        out = tmp_path / f"export-{form.key}{form.suffix}"
        status, _out, err = run_cli(capsys, "export", str(pseudonymised), "--format", form.key, "--out", str(out))
        assert status == 0, (form.key, err)
        written.append(out)
    for view in VIEWS:
        for suffix in ("svg", "csv") + (("graphml",) if view == "network" else ()):
            out = tmp_path / f"map-{view}.{suffix}"
            status, _out, err = run_cli(capsys, "map", str(pseudonymised), "--view", view, "--out", str(out))
            assert status == 0, (view, suffix, err)
            written.append(out)
    for out in written:
        for extra in [out, *out.parent.glob(out.stem + "*")]:
            assert real_names_in(readable(extra)) == [], extra.name
    assert "P0" in readable(tmp_path / "export-csv.csv") or "P0" in readable(tmp_path / "export-html.html")


def test_the_table_is_exported_only_on_its_own(pseudonymised, tmp_path, capsys):
    status, out, _err = run_cli(capsys, "pseudonyms", str(pseudonymised), "--json")
    assert status == 0 and {row["real"] for row in json.loads(out)} == {*PEOPLE, *ORGANISATIONS}
    target = tmp_path / "kept.csv"
    status, out, err = run_cli(capsys, "pseudonyms", str(pseudonymised), "--export", str(target))
    assert status == 0, err
    assert "keep it apart" in out
    assert "Greta,P0," in target.read_text(encoding="utf-8")
    status, _out, err = run_cli(capsys, "pseudonyms", str(pseudonymised), "--export", str(pseudonymised))
    assert status != 0 and err.count("\n") == 1  # never over the project itself


def test_a_transcript_imported_afterwards_is_pseudonymised_on_the_way_in(pseudonymised, tmp_path, capsys):
    transcript = tmp_path / "greta-followup.txt"
    transcript.write_text("Interviewer: Hello again.\nGreta: Lumen Commons grew; Wanjiru joined us.\n", encoding="utf-8")
    status, out, err = run_cli(capsys, "import", str(pseudonymised), str(transcript))
    assert status == 0, err
    status, out, _err = run_cli(capsys, "sources", str(pseudonymised), "--json")
    [new] = [s for s in json.loads(out) if "followup" in s["name"]]
    assert new["name"] == "p0-followup" or "Greta" not in new["name"]
    status, out, _err = run_cli(capsys, "export", str(pseudonymised), "--format", "qdpx",
                                "--out", str(tmp_path / "after.qdpx"))
    assert status == 0
    everything = readable(tmp_path / "after.qdpx")
    assert "P0: Organisation A grew; P2 joined us." in everything
    assert real_names_in(everything) == []


def _coded_words(path: Path) -> dict[str, tuple[str, str, str]]:
    """Coding GUID → (source, code, the words it covers)."""
    engine = sqlalchemy.create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        rows = connection.execute(sqlalchemy.text(
            "SELECT c.guid, s.name, k.name, substr(t.text, c.start + 1, c.\"end\" - c.start) FROM codings c "
            "JOIN sources s ON s.id = c.source_id JOIN codes k ON k.id = c.code_id "
            "JOIN source_texts t ON t.source_id = c.source_id")).all()
    engine.dispose()
    return {guid.lower(): (source, code, words) for guid, source, code, words in rows}


def test_a_qdpx_imported_afterwards_is_pseudonymised_with_every_coding_on_its_words(
        sample, pseudonymised, tmp_path, capsys):
    before = tmp_path / "before.qdpx"  # our own export of the study, real names inside coded passages
    assert run_cli(capsys, "export", str(sample), "--format", "qdpx", "--out", str(before))[0] == 0
    fresh = tmp_path / "fresh.qcoder"
    assert run_cli(capsys, "new", str(fresh), "--codebook", "none")[0] == 0
    kept = tmp_path / "kept.csv"
    assert run_cli(capsys, "pseudonyms", str(pseudonymised), "--export", str(kept))[0] == 0
    assert run_cli(capsys, "pseudonymise", str(fresh), "--map", str(kept))[0] == 0  # an empty project keeps the table
    status, out, err = run_cli(capsys, "import", str(fresh), str(before))
    assert status == 0, err
    assert "pseudonymised with the project's table" in out
    imported, expected = _coded_words(fresh), _coded_words(pseudonymised)
    assert len(imported) == len(expected) > 100
    assert imported == expected  # every coding on the same words as pseudonymising in place gives
    named = {guid for guid, (_source, _code, words) in _coded_words(sample).items() if real_names_in(words)}
    assert len(named) > 5  # the test means something: coded passages with real names in them
    assert all(re.search(r"\bP\d+\b|Organisation [A-Z]", imported[guid][2]) for guid in named)
    after = tmp_path / "after.qdpx"
    assert run_cli(capsys, "export", str(fresh), "--format", "qdpx", "--out", str(after))[0] == 0
    assert real_names_in(readable(after)) == []
    status, out, err = run_cli(capsys, "import", str(fresh), str(before))  # the same file again adds nothing
    assert status == 0, err
    assert _coded_words(fresh) == imported
