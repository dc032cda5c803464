"""Any text and any spans survive QDPX export → import unchanged, LF and CRLF variants alike."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.sources import add_source
from qcoder.io.refi_qda import export_qdpx, import_refi
from tests.io.refi_qda.conftest import codings_of

ALPHABET = st.sampled_from(list("ab \n\t,é") + ["😀", "\u0301", "你", "م", "𝔘", "\u200d", "<", "&", '"'])


@st.composite
def texts_and_spans(draw):  # type: ignore[no-untyped-def]
    text = draw(st.text(ALPHABET, min_size=2, max_size=60))
    spans = draw(st.lists(
        st.tuples(st.integers(0, len(text) - 1), st.integers(1, len(text))).map(sorted)
        .filter(lambda pair: pair[0] < pair[1]), min_size=1, max_size=6))
    return text, spans


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts_and_spans(), st.booleans())
def test_any_text_and_spans_round_trip(case, crlf):
    text, spans = case
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        with Project.create(base / "a.qcoder", coder_name="Ann", codebook=None) as original:
            coder = original.coder_id()
            with original.transaction() as s:
                source = add_source(s, "t", text).created_id
                code = add_code(s, "c").created_id
                for start, end in spans:
                    apply_coding(s, source, code, start, end, coder)
            export_qdpx(original, base / "a.qdpx", crlf=crlf)
            expected = codings_of(original)
        with Project.create(base / "b.qcoder", coder_name="Ann", codebook=None) as copy:
            import_refi(copy, base / "a.qdpx")
            assert codings_of(copy) == expected
