"""Crosstab files: every layer with totals, numbers as numbers, names never as formulas."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from openpyxl import load_workbook

from qcoder.analysis.crosstab import crosstab
from qcoder.core.usecases.commands.cases import set_attribute_value
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.io.crosstab_export import write_crosstab_csv, write_crosstab_xlsx

sys.path.insert(0, str(Path(__file__).parent.parent / "analysis"))
from analysis_fixtures import build_study


def test_csv_and_xlsx_hold_the_same_table_and_names_stay_text(empty_project, tmp_path):
    ids = build_study(empty_project)
    with empty_project.transaction() as session:
        set_attribute_value(session, "case", ids["Beta"], "Type", "=HYPERLINK(\"http://x\")")
    with empty_project.reading() as session:
        table = crosstab(session, "Ramp", "Type", by="Stage", unit="turn", same_coder=False)
        segments = {s.coding_id: s for s in list_segments(session)}
    write_crosstab_csv(table, tmp_path / "t.csv")
    rows = list(csv.reader((tmp_path / "t.csv").open(encoding="utf-8-sig")))
    assert rows[2:7] == [
        ["Stage: Pre"],
        ["Ramp \\ Type", "'=HYPERLINK(\"http://x\")", "SME", "(no value)", "Total"],  # text, not a formula
        ["Compute", "0", "2", "0", "2"], ["Forums", "0", "1", "0", "1"], ["Total", "0", "3", "0", "3"],
    ]
    write_crosstab_xlsx(table, tmp_path / "t.xlsx", segments)
    book = load_workbook(tmp_path / "t.xlsx")
    assert book.sheetnames == ["Pre", "Post", "Passages"]
    header = book["Pre"]["B2"]
    assert header.value == "=HYPERLINK(\"http://x\")" and header.data_type == "s"
    assert [c.value for c in book["Post"][3]] == ["Compute", 2, 0, 0, 2]
    passages = list(book["Passages"].iter_rows(values_only=True))
    assert passages[0] == ("Stage", "Ramp", "Type", "source", "start", "end", "code", "coder", "text")
    assert len(passages) == 1 + 3 + 2  # c2, c11, c3 under Pre; c8, c9 under Post
