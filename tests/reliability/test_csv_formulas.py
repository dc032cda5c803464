"""Every CSV the program writes opens in a spreadsheet as data: a code, case, coder, source name,
memo or passage that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written
with a leading ``'`` (OWASP), numbers stay numbers. Each CSV is made through the command line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from qcoder.cli.main import main
from qcoder.core.lifecycle.project import Project
from qcoder.core.spreadsheet_csv import FORMULA_STARTS, spreadsheet_safe
from qcoder.core.store.models import Code, Coding
from qcoder.core.usecases.commands.codes import rename_code
from qcoder.core.usecases.commands.codings import apply_coding, set_coding_memo
from qcoder.core.usecases.commands.organisations import rename_organisation
from qcoder.core.usecases.commands.sources import add_source, rename_source
from qcoder.core.usecases.queries.code_tree import list_codes
from qcoder.core.usecases.queries.organisations import list_organisations
from qcoder.io.sample_study import build_sample_project

CODE = "=cmd|' /C calc'!A0"
GROUP = "@SUM(A1)"
RAMP = "-Compute partnerships"
CHALLENGE = "+Compute access barrier"
SOURCE = '+HYPERLINK("http://example.invalid","x")'
ORGANISATION = "=1+1"
CODER = "-2+3+cmd|' /C calc'!A0"
MEMO = "\r=2+2"
PASSAGE = "\t=1+1 is what she said"


@pytest.fixture(scope="module")
def study(tmp_path_factory) -> Path:
    """The sample study with names, a memo and a passage that a spreadsheet would run."""
    path = build_sample_project(tmp_path_factory.mktemp("formulas") / "formulas.qcoder")
    with Project.open(path, coder_name=CODER) as project:
        coder = project.coder_id()
        with project.transaction() as s:
            codes = {c.path: c for c in list_codes(s)}
            rename_code(s, codes["Lifecycle stage/Pre-training/Compute access"].id, CODE)
            rename_code(s, codes["On-ramp"].id, GROUP)
            rename_code(s, codes["On-ramp/Compute partnerships"].id, RAMP)
            rename_code(s, codes["Challenge/Compute access barrier"].id, CHALLENGE)
            code_id = s.scalar(select(Code.id).where(Code.name == CODE))
            organisation = next(o for o in list_organisations(s) if o.case_id and o.source_ids and o.lat is not None)
            rename_organisation(s, organisation.case_id, ORGANISATION)
            coding = s.scalars(select(Coding).where(Coding.code_id == code_id)).first()
            rename_source(s, coding.source_id, SOURCE)
            set_coding_memo(s, coding.id, MEMO)
            said = add_source(s, "Said", PASSAGE).created_id
            apply_coding(s, said, code_id, 0, 5, coder)
    return path


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _assert_neutralised(text: str, *expected: str) -> None:
    cells = _cells(text)
    for cell in cells:
        if cell.startswith(FORMULA_STARTS):
            float(cell)  # only a plain number may begin so
    for evil in expected:
        assert any(cell.startswith("'" + evil) for cell in cells), f"{evil!r} is not in the CSV as text"


def _run(capsys, *arguments: str) -> str:
    assert main(list(arguments)) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def _file(path: Path) -> str:
    with path.open(encoding="utf-8-sig", newline="") as handle:  # a CR in a cell stays a CR
        return handle.read()


def test_the_segments_csv(study, tmp_path, capsys):
    out = tmp_path / "segments.csv"
    _run(capsys, "export", str(study), "--format", "csv", "--out", str(out))
    text = _file(out)
    _assert_neutralised(text, GROUP, SOURCE, ORGANISATION, CODER, MEMO, PASSAGE[:5])
    rows = list(csv.DictReader(io.StringIO(text)))
    said = next(row for row in rows if row["source"] == "Said")
    assert (said["start"], said["end"], said["text"]) == ("0", "5", "'\t=1+1")  # numbers stay numbers


def test_the_codebook_csv(study, tmp_path, capsys):
    out = tmp_path / "codebook.csv"
    _run(capsys, "export", str(study), "--format", "codebook-csv", "--out", str(out))
    _assert_neutralised(_file(out), CODE, GROUP, RAMP, CHALLENGE)


def test_the_cooccurrence_csv_on_stdout_and_in_a_file(study, tmp_path, capsys):
    _assert_neutralised(_run(capsys, "cooccurrence", str(study), "--group", GROUP, "--csv"), GROUP)


def test_the_crosstab_csv_on_stdout_and_in_a_file(study, tmp_path, capsys):
    arguments = ("crosstab", str(study), "--rows", "Lifecycle stage/Pre-training", "--cols", GROUP)
    _assert_neutralised(_run(capsys, *arguments, "--csv"), CODE, RAMP)
    out = tmp_path / "crosstab.csv"
    _run(capsys, *arguments, "--out", str(out))
    _assert_neutralised(_file(out), CODE, RAMP)


def test_the_saved_query_csv(study, tmp_path, capsys):
    out = tmp_path / "query.csv"
    expression = f'{{"code": "Lifecycle stage/Pre-training/{CODE}"}}'
    _run(capsys, "query", str(study), "run", expression, "--expression", "--out", str(out))
    _assert_neutralised(_file(out), SOURCE, MEMO, CODER, PASSAGE[:5])


@pytest.mark.parametrize(("view", "expected"), [
    ("network", (ORGANISATION,)), ("lifecycle", (CHALLENGE,)), ("matrix", (RAMP,)),
])
def test_the_map_csvs(study, tmp_path, capsys, view, expected):
    out = tmp_path / f"{view}.csv"
    _run(capsys, "map", str(study), "--view", view, f"--columns={GROUP}", "--out", str(out))
    _assert_neutralised(_file(out), *expected)


def test_the_workbook_keeps_the_text_as_it_is(study, tmp_path, capsys):
    out = tmp_path / "segments.xlsx"
    _run(capsys, "export", str(study), "--format", "segments-xlsx", "--out", str(out))
    sheet = load_workbook(out)["Segments"]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    evil = [cell for cell in cells if cell.value in (SOURCE, MEMO, PASSAGE[:5])]
    assert len({cell.value for cell in evil}) == 3 and all(cell.data_type == "s" for cell in evil)
    assert all(cell.data_type != "f" for cell in cells)


@pytest.mark.parametrize(("value", "written"), [
    ("=A1", "'=A1"), ("+1+1", "'+1+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"), ("-", "'-"), ("plain", "plain"), ("a=b", "a=b"), ("", ""),
    (-3, -3), (2.5, 2.5), ("-3", "-3"), ("+2.5", "+2.5"), ("-1e5", "-1e5"), (None, None),
])
def test_a_cell(value, written):
    assert spreadsheet_safe(value) == written
