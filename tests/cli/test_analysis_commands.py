"""``qcoder search``, ``frequencies``, ``cooccurrence``, ``crosstab`` and ``query`` on a known study."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from qcoder.cli.main import main
from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.sources import add_source

sys.path.insert(0, str(Path(__file__).parent.parent / "analysis"))
from analysis_fixtures import build_study


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as exit_:
        status = exit_.code if isinstance(exit_.code, int) else 1
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def one_line_error(err: str) -> bool:
    return len(err.strip().splitlines()) == 1 and err.startswith("qcoder") and "Traceback" not in err


@pytest.fixture
def study(tmp_path):
    path = tmp_path / "study.qcoder"
    with Project.create(path, coder_name="Ann", codebook=None) as project:
        ids = build_study(project)
        with project.transaction() as session:
            add_source(session, "Talk", "Ann: 🎉 Straße and STRASSE.\nBob: compute, recompute\n")
    return str(path), ids


def test_search_json_gives_code_point_positions_and_context(study, capsys):
    path, _ids = study
    status, out, err = run_cli(capsys, "search", path, "strasse", "--json", "--context", "4")
    assert status == 0 and "2 hits" in err
    hits = json.loads(out)
    assert [(h["source"], h["start"], h["end"], h["context"]["hit"]) for h in hits] == [
        ("Talk", 7, 13, "Straße"), ("Talk", 18, 25, "STRASSE")]
    assert hits[0]["context"]["left"] == ": 🎉 " and hits[0]["speaker"] is None
    status, out, _ = run_cli(capsys, "search", path, r"(re)?compute", "--regex", "--json")
    assert [h["context"]["hit"] for h in json.loads(out)] == ["compute", "recompute"]


def test_search_can_code_every_hit_once(study, capsys):
    path, _ = study
    status, _out, err = run_cli(capsys, "search", path, "compute", "--whole-words", "--code", "Ramp/Compute", "--coder", "Cy")
    assert status == 0 and "coded 1 passage with 'Compute'" in err
    status, _out, err = run_cli(capsys, "search", path, "compute", "--whole-words", "--code", "Ramp/Compute", "--coder", "Cy")
    assert "1 passage was already coded" in err
    status, out, _ = run_cli(capsys, "segments", path, "--coder", "Cy", "--json")
    assert [(s["source"], s["start"], s["end"], s["text"]) for s in json.loads(out)] == [("Talk", 32, 39, "compute")]


def test_search_mistakes_are_one_line(study, capsys):
    path, _ = study
    status, _out, err = run_cli(capsys, "search", path, "(", "--regex")
    assert status == 2 and one_line_error(err) and "regular expression" in err
    status, _out, err = run_cli(capsys, "search", str(Path(path).with_name("missing.qcoder")), "x")
    assert status != 0 and one_line_error(err)


def test_frequencies_json(study, capsys):
    path, _ = study
    _status, out, _ = run_cli(capsys, "frequencies", path, "--json")
    data = json.loads(out)
    compute = next(c for c in data["codes"] if c["path"] == "Ramp/Compute")
    assert (compute["passages"], compute["sources"], compute["cases"], compute["coders"]) == (4, 3, 3, 2)
    assert len(compute["coding_ids"]) == 4  # every count leads to its passages
    assert {(a["attribute"], a["value"]): a["passages"] for a in data["attributes"]}[("Type", "SME")] == 8


def test_cooccurrence_json(study, capsys):
    path, _ = study
    _status, out, _ = run_cli(capsys, "cooccurrence", path, "--group", "Ramp", "--unit", "source", "--json")
    data = json.loads(out)
    assert data["codes"] == ["Ramp/Compute", "Ramp/Forums"]
    assert data["matrix"] == [[0, 1], [1, 0]]  # c2 and c5 (Ann); c3 is Bob's
    _status, out, _ = run_cli(capsys, "cooccurrence", path, "--group", "Ramp", "--unit", "source", "--any-coder", "--json")
    data = json.loads(out)
    assert data["matrix"] == [[0, 1], [2, 0]]
    assert data["pairs"][0]["codes"] == ["Ramp/Compute", "Ramp/Forums"] and data["pairs"][0]["passages"] == [1, 2]
    _status, out, _ = run_cli(capsys, "cooccurrence", path, "--group", "Ramp", "--unit", "source", "--any-coder", "--csv")
    assert list(csv.reader(io.StringIO(out)))[1:] == [["Ramp/Compute", "0", "1"], ["Ramp/Forums", "2", "0"]]


def test_crosstab_json_csv_and_files(study, capsys, tmp_path):
    path, _ = study
    status, out, _ = run_cli(capsys, "crosstab", path, "--rows", "Ramp", "--cols", "Type", "--json")
    data = json.loads(out)
    assert data["columns"]["categories"] == ["Nonprofit", "SME", "(no value)"]
    assert data["tables"] == [[[2, 2, 0], [0, 2, 1]]]
    status, out, _ = run_cli(capsys, "crosstab", path, "--rows", "Ramp", "--cols", "Type", "--by", "Stage",
                             "--unit", "turn", "--count", "cases", "--any-coder", "--csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["Stage: Pre"] and rows[1] == ["Ramp \\ Type", "Nonprofit", "SME", "(no value)", "Total"]
    assert rows[2] == ["Compute", "0", "2", "0", "2"]
    xlsx = tmp_path / "table.xlsx"
    status, _out, err = run_cli(capsys, "crosstab", path, "--rows", "Ramp", "--cols", "Type", "--out", str(xlsx))
    assert status == 0 and xlsx.exists()
    book = load_workbook(xlsx)
    assert book.sheetnames == ["Crosstab", "Passages"]
    sheet = book["Crosstab"]
    assert [c.value for c in sheet[2]] == ["Ramp \\ Type", "Nonprofit", "SME", "(no value)", "Total"]
    assert [c.value for c in sheet[3]] == ["Compute", 2, 2, 0, 4]
    assert book["Passages"].max_row == 1 + 7
    status, _out, err = run_cli(capsys, "crosstab", path, "--rows", "Ramp", "--cols", "Nowhere")
    assert status == 2 and one_line_error(err)


def test_query_save_list_run_and_use(study, capsys):
    path, _ = study
    status, _out, err = run_cli(capsys, "query", path, "save", "ann ramps", "code:Ramp AND NOT coder:Bob")
    assert status == 0 and "4 passages" in err
    status, _out, err = run_cli(capsys, "query", path, "save", "ann ramps", "code:Ramp")
    assert status == 2 and "already" in err
    status, out, _ = run_cli(capsys, "query", path, "list", "--json")
    assert [(q["name"], q["expression"], q["passages"]) for q in json.loads(out)] == [
        ("ann ramps", "code:Ramp AND NOT coder:Bob", 4)]
    status, out, _ = run_cli(capsys, "query", path, "run", "ann ramps", "--json")
    assert sorted((s["source"], s["start"]) for s in json.loads(out)) == [("S1", 10), ("S1", 85), ("S2", 5), ("S4", 0)]
    csv_out = Path(path).with_name("ann.csv")
    status, _out, err = run_cli(capsys, "query", path, "run", "ann ramps", "--out", str(csv_out))
    assert status == 0 and len(list(csv.reader(io.StringIO(csv_out.read_text(encoding="utf-8-sig"))))) == 1 + 4
    xlsx_out = Path(path).with_name("ann.xlsx")
    status, _out, err = run_cli(capsys, "query", path, "run", "ann ramps", "--out", str(xlsx_out))
    assert status == 0 and load_workbook(xlsx_out).worksheets[0].max_row == 1 + 4
    status, out, _ = run_cli(capsys, "crosstab", path, "--rows", "Ramp", "--cols", "Type", "--query", "ann ramps", "--json")
    assert json.loads(out)["tables"] == [[[1, 1, 0], [0, 1, 1]]]
    status, out, _ = run_cli(capsys, "query", path, "run", '{"op": "not", "arg": {"code": "Ramp"}}', "--expression", "--json")
    assert len(json.loads(out)) == 5
    status, _out, err = run_cli(capsys, "query", path, "save", "bad", "code:Nowhere")
    assert status == 2 and one_line_error(err)
    status, _out, err = run_cli(capsys, "query", path, "delete", "ann ramps")
    assert status == 0
    status, out, _ = run_cli(capsys, "query", path, "list", "--json")
    assert json.loads(out) == []
