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
    passages = {seltext: memo for seltext, memo in database.execute("select seltext, memo from code_text")}
    assert passages["the training data"] == "key passage"
    assert passages["你好 partners in 🇫🇷 France"] == "flag emoji"
    cases = dict(database.execute("select name, memo from cases"))
    assert cases["Org Ä"] == "A lab\n\nOn the case"
    codes = dict(database.execute("select name, memo from code_name"))
    assert codes["Pre-training"] == "Data <and> compute & more\n\nOn the code 😀"
    categories = dict(database.execute("select name, memo from code_cat"))
    assert categories["Lifecycle stage"] == "Where in the lifecycle"
