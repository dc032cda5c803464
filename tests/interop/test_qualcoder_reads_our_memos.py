"""A qcoder project's memos arrive in QualCoder: its own REFI-QDA importer reads our QDPX.

Skipped unless a QualCoder source checkout is at hand (see :mod:`tests.interop.qualcoder_harness`).
"""

from __future__ import annotations

import pytest

from qcoder.io.refi_qda import export_qdpx
from tests.interop.qualcoder_harness import import_with_qualcoder, qualcoder_source
from tests.io.refi_qda.conftest import rich_project  # noqa: F401  (the fixture)

pytestmark = pytest.mark.skipif(qualcoder_source() is None, reason="no QualCoder source (set QUALCODER_SRC)")


def test_passage_source_case_and_code_memos_arrive_in_qualcoder(rich_project, tmp_path):
    out = tmp_path / "study.qdpx"
    export_qdpx(rich_project, out)
    database, log = import_with_qualcoder(out, tmp_path)
    assert any(line.endswith(' loaded.') for line in log), log
    sources = dict(database.execute("select name, memo from source"))
    assert sources["Interview 1"] == "On the source"
    passages = dict(database.execute("select seltext, memo from code_text"))
    assert passages["the training data"] == "key passage"
    assert passages["你好 partners in 🇫🇷 France"] == "flag emoji"
    cases = dict(database.execute("select name, memo from cases"))
    assert cases["Org Ä"] == "A lab\n\nOn the case"
    codes = dict(database.execute("select name, memo from code_name"))
    assert codes["Pre-training"] == "Data <and> compute & more\n\nOn the code 😀"
    categories = dict(database.execute("select name, memo from code_cat"))
    assert categories["Lifecycle stage"] == "Where in the lifecycle"


def test_a_qualcoder_projects_source_memo_and_annotation_arrive_in_qcoder(tmp_path, monkeypatch, empty_project):
    """QualCoder writes a source memo as the source's Description and an annotation as a note
    holding its passage; both arrive, the annotation at its position."""
    from sqlalchemy import select

    from qcoder.core.store.models import Memo, Source
    from qcoder.io.refi_qda import import_refi
    from tests.interop.qualcoder_harness import export_with_qualcoder, qualcoder_database

    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".qualcoder").mkdir()
    database = qualcoder_database(tmp_path)
    text = "[id1] hello, I like the course.\n\n[id2] I am struggling with the lecture slides.\n"
    database.execute("insert into source (id, name, fulltext, memo, owner, date) values (1, 'ID1.txt', ?, ?, 'colin', "
                     "'2024-01-02 03:04:05')", (text, "Focus group, first session"))
    start = text.index("lecture slides")
    database.execute("insert into annotation (fid, pos0, pos1, memo, owner, date) values (1, ?, ?, ?, 'colin', "
                     "'2024-01-02 03:04:05')", (start, start + len("lecture slides"), "Which slides?"))
    database.commit()
    qdpx = export_with_qualcoder(database, tmp_path)
    report = import_refi(empty_project, qdpx)
    with empty_project.reading() as session:
        memos = set(session.execute(select(Memo.text).join(Source, Source.id == Memo.source_id)).scalars())
    assert "Focus group, first session" in memos
    assert f"Which slides?\n\n(on the passage [{start}, {start + 14}): “lecture slides”)" in memos
    assert "an annotation on 'ID1.txt'" in "\n".join(report.lines())
