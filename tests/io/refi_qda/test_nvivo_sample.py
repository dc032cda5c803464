"""The real NVivo for Mac 15 export in the shared folder imports (skipped when it is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from qcoder.core.store.models import Code, Coder, Source
from qcoder.io.refi_qda import import_refi

SAMPLE = Path(__file__).resolve().parents[4] / "shared" / "refi-qda" / "samples" / "nvivo-mac-15.qdpx"
if not SAMPLE.exists():
    SAMPLE = Path("/work/shared/refi-qda/samples/nvivo-mac-15.qdpx")


@pytest.mark.skipif(not SAMPLE.exists(), reason="the shared REFI-QDA samples are not here")
def test_nvivo_sample_imports_twice_without_duplicates(empty_project):
    report = import_refi(empty_project, SAMPLE)
    assert report.origin == "NVivo for Mac 15.0.0"
    with empty_project.reading() as s:
        codes = s.execute(select(Code.name, Code.guid)).all()
        sources = s.execute(select(Source.guid)).scalars().all()
        coders = set(s.execute(select(Coder.name)).scalars())
    assert len(sources) == 2 and "d097e6fd-7671-4d95-a8b6-7795fa4a72e1" in sources
    assert {"chrisp", "cp"} <= coders
    assert len(codes) > 50
    assert sum(1 for name, _ in codes if name == "programming") == 2  # same name, two parents
    again = import_refi(empty_project, SAMPLE)
    assert not again.changed_anything
