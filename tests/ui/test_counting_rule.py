"""One counting rule everywhere (docs/ARCHITECTURE.md §11): the same question gets the same figure in every view.

On the two-coder sample study: Compute partnerships × Pre-training through the matrix, the
lifecycle board, the report's crosstab, ``qcoder crosstab`` (both ways round), the crosstab view
and the map window; and the passages of Compute partnerships (and of Pre-training with its
sub-codes) through the code tree, the codebook table of the report, frequencies (view and CLI)
and ``qcoder codes``.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
from PySide6.QtCore import Qt

from qcoder.analysis.code_matrix import build_code_matrix
from qcoder.analysis.crosstab import crosstab
from qcoder.analysis.frequencies import code_frequencies
from qcoder.analysis.lifecycle_board import build_lifecycle_board
from qcoder.analysis.report_sections import report_sections
from qcoder.cli.main import main
from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.queries.code_tree import resolve_code_path
from qcoder.io.html_report import write_html_report
from qcoder.io.sample_study import build_sample_project
from qcoder.ui.main_window import MainWindow
from qcoder.ui.models.code_tree_model import CodeTreeModel

STAGE, ITEM = "Pre-training", "Compute partnerships"


@pytest.fixture(scope="module")
def built_sample(tmp_path_factory):
    return build_sample_project(tmp_path_factory.mktemp("counting") / "sample.qcoder")


@pytest.fixture
def sample(built_sample, tmp_path):
    path = tmp_path / "sample.qcoder"
    shutil.copy(built_sample, path)
    return path


def cli(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def crosstab_cli(capsys, path, rows: str, cols: str, row: str, column: str, *extra: str) -> int:
    table = json.loads(cli(capsys, "crosstab", str(path), "--rows", rows, "--cols", cols, "--json", *extra))
    r, c = table["rows"]["categories"].index(row), table["columns"]["categories"].index(column)
    return table["tables"][0][r][c]


def report_crosstab_cell(html: str, row: str, column: str) -> int:
    section = html.split('id="crosstab"', 1)[1]
    header = re.findall(r"<th>(.*?)</th>", section.split("</thead>", 1)[0])[1:]
    for body_row in re.findall(r"<tr><th>(.*?)</th>(.*?)</tr>", section.split("<tbody>", 1)[1]):
        if body_row[0] == row:
            values = re.findall(r">(\d*)</td>", body_row[1])
            return int(values[header.index(column)] or 0)
    raise AssertionError(f"no row {row}")


def codebook_row(html: str, name: str) -> list[int]:
    """Passages, with sub-codes, codings and sources of a code in the report's codebook table."""
    match = re.search(rf"<span>{re.escape(name)}</span></td><td[^>]*>.*?</td>((?:<td class=\"n\">\d+</td>)+)", html)
    assert match, name
    return [int(n) for n in re.findall(r"(\d+)</td>", match.group(1))]


def test_one_figure_through_every_view(qtbot, sample, tmp_path, capsys, user_settings):
    with Project.open(sample) as project, project.reading() as session:
        matrix = build_code_matrix(session).value(STAGE, ITEM)
        board = build_lifecycle_board(session).column(STAGE).item(ITEM).passages
        report = report_crosstab_cell(report_sections(session)["crosstab"].replace("<table>", 'id="crosstab"<table>', 1), STAGE, ITEM)
        table = crosstab(session, "Lifecycle stage", "On-ramp")
        analysed = table.table()[table.rows.categories.index(STAGE)][table.columns.categories.index(ITEM)]
        frequencies = {f.path: f for f in code_frequencies(session)}
        codings = build_code_matrix(session, measure="codings").value(STAGE, ITEM)
    by_stage = crosstab_cli(capsys, sample, "Lifecycle stage", "On-ramp", STAGE, ITEM)
    by_item = crosstab_cli(capsys, sample, "On-ramp", "Lifecycle stage", ITEM, STAGE)
    with_codings = crosstab_cli(capsys, sample, "Lifecycle stage", "On-ramp", STAGE, ITEM, "--count", "codings")
    assert matrix == board == report == analysed == by_stage == by_item == 7
    assert with_codings == codings == 14  # two coders: each coding counted only when asked for codings

    # The passages of one code: code tree, report codebook, frequencies (analysis, CLI), ``qcoder codes``.
    out = tmp_path / "report.html"
    with Project.open(sample) as project:
        write_html_report(project, out, report_sections)
    html = out.read_text(encoding="utf-8")
    assert codebook_row(html, ITEM)[:3] == [9, 9, 18]  # passages, with sub-codes, codings
    assert codebook_row(html, STAGE)[:3] == [2, 45, 3]  # its own codings
    assert report_crosstab_cell(html, STAGE, ITEM) == 7
    item = frequencies["On-ramp/" + ITEM]
    stage = frequencies["Lifecycle stage/" + STAGE]
    assert (item.passages, item.total_passages, item.total_codings) == (9, 9, 18)
    assert (stage.passages, stage.total_passages, stage.total_codings) == (2, 45, 84)
    listed = json.loads(cli(capsys, "frequencies", str(sample), "--json"))["codes"]
    cli_item = next(c for c in listed if c["path"] == "On-ramp/" + ITEM)
    assert (cli_item["passages"], cli_item["total_passages"], cli_item["total_codings"]) == (9, 9, 18)
    codes = {c["path"]: c for c in json.loads(cli(capsys, "codes", str(sample), "--json"))}
    assert codes["On-ramp/" + ITEM]["passages"] == 9
    assert codes["Lifecycle stage/" + STAGE]["passages_with_subcodes"] == 45

    window = MainWindow(settings=user_settings)
    window.projects.coder_name = "Alex"
    qtbot.addWidget(window)
    window.show()
    try:
        assert window.projects.open_path(sample)
        model = window.codes.model
        item_id = window.controller.read(resolve_code_path, "On-ramp/" + ITEM)
        stage_id = window.controller.read(resolve_code_path, "Lifecycle stage/" + STAGE)
        assert model.index_of(item_id, CodeTreeModel.COUNT).data() == 9
        assert model.index_of(stage_id, CodeTreeModel.COUNT).data() == 2
        assert model.index_of(stage_id, CodeTreeModel.TOTAL).data() == 45
        assert model.headerData(CodeTreeModel.TOTAL, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        view = window.analysis.crosstab
        window.analysis.show("crosstab")
        view.choose("code:Lifecycle stage", "code:On-ramp")
        assert view.wait()
        row, column = view.table_data.rows.categories.index(STAGE), view.table_data.columns.categories.index(ITEM)
        assert view.model.data(view.model.index(row, column)) == 7
        assert "distinct coded spans" in view.summary.text()
        frequencies_view = window.analysis.frequencies
        window.analysis.show("frequencies")
        assert frequencies_view.wait()
        fmodel = frequencies_view.model
        found = next(r for r in range(fmodel.rowCount()) if fmodel.label(r) == "On-ramp/" + ITEM)
        assert [fmodel.data(fmodel.index(found, c)) for c in (1, 2, 3)] == [9, 9, 18]
    finally:
        window.controller.close_project()


def test_consensus_keeps_only_passages_every_coder_coded(sample, capsys):
    with Project.open(sample) as project, project.reading() as session:
        every = crosstab(session, "Lifecycle stage", "On-ramp")
        agreed = crosstab(session, "Lifecycle stage", "On-ramp", consensus="all")
        at_least_two = crosstab(session, "Lifecycle stage", "On-ramp", consensus=2)
        board = build_lifecycle_board(session, consensus="all")
        matrix = build_code_matrix(session, consensus="all")
    assert agreed.table() == at_least_two.table()
    assert sum(map(sum, agreed.table())) < sum(map(sum, every.table()))  # some passages only one coder coded
    row, column = agreed.rows.categories.index("Pre-training"), agreed.columns.categories.index(
        "Contributing to open source frameworks")
    assert agreed.table()[row][column] == matrix.value("Pre-training", "Contributing to open source frameworks") \
        == board.column("Pre-training").item("Contributing to open source frameworks").passages
    assert every.table()[row][column] > agreed.table()[row][column]
    assert crosstab_cli(capsys, sample, "Lifecycle stage", "On-ramp", "Pre-training",
                        "Contributing to open source frameworks", "--consensus", "all") == agreed.table()[row][column]
    assert main(["crosstab", str(sample), "--rows", "On-ramp", "--cols", "Lifecycle stage", "--consensus", "x"]) != 0
    assert "consensus must be" in capsys.readouterr().err


def test_framework_matrix_in_the_window_and_the_command_line(qtbot, sample, tmp_path, capsys, user_settings):
    from openpyxl import load_workbook

    assert main(["case", str(sample), "Kestrel Labs", "--attr", "governance model=Multi-company project",
                 "--attr", "project=Swahili LM"]) == 0
    assert main(["case", str(sample), "Kestrel Labs", "--attr", "no equals sign"]) != 0
    assert "KEY=VALUE" in capsys.readouterr().err
    listed = json.loads(cli(capsys, "cases", str(sample), "--json"))
    kestrel = next(c for c in listed if c["name"] == "Kestrel Labs")
    assert kestrel["attributes"]["project"] == "Swahili LM"
    assert all(c["attributes"].get("governance model") for c in listed)  # the sample gives every one its model
    matrix = json.loads(cli(capsys, "framework", str(sample), "--where", "governance model=Single-company project",
                            "--json"))
    assert matrix["cases"] == ["Orchid Systems", "Sable Semiconductor", "Southern Cross Language Technologies"]
    cell = next(c for c in matrix["cells"] if c["case"] == "Orchid Systems" and c["code"] == "Sharing open training datasets")
    assert cell["passages"] == len(cell["quotes"]) == 1 and cell["codings"] == 2
    assert cli(capsys, "framework", str(sample), "--out", str(tmp_path / "f.xlsx")) == ""
    assert load_workbook(tmp_path / "f.xlsx").sheetnames == ["Framework matrix", "Passages"]
    by_case = json.loads(cli(capsys, "crosstab", str(sample), "--rows", "On-ramp", "--cols", "cases", "--json"))
    assert "Kestrel Labs" in by_case["columns"]["categories"]

    window = MainWindow(settings=user_settings)
    window.projects.coder_name = "Alex"
    qtbot.addWidget(window)
    window.show()
    try:
        assert window.projects.open_path(sample)
        view = window.analysis.show("framework")
        assert view.wait() and view.matrix is not None and view.matrix.group == "On-ramp"
        view.choose("On-ramp", ("governance model", "Single-company project"))
        assert view.wait()
        assert view.matrix.cases == ("Orchid Systems", "Sable Semiconductor", "Southern Cross Language Technologies")
        row, column = 0, view.matrix.codes.index("Sharing open training datasets")
        index = view.model.index(row, column)
        assert index.data() == 1 and "passage" in index.data(Qt.ItemDataRole.ToolTipRole)
        view.cell_chosen(index)
        assert view.passages.model.rowCount() == 2  # its two codings, one per coder
        assert view.export(tmp_path / "window.csv") and "Orchid Systems" in (tmp_path / "window.csv").read_text("utf-8-sig")
        view.view.resize(1200, 400)
        view.grab().save(str(tmp_path / "framework.png"))
    finally:
        window.controller.close_project()
