"""project.qde checked in parts at once: the parts are valid exactly when the whole is — a fault
in any source, first, middle or last, in the head or the tail, or one that only shows across a
cut, is found; and an export whose last source is broken is refused."""

from __future__ import annotations

import re
import zipfile

import pytest

from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.sources import add_source
from qcoder.io.refi_qda import RefiQdaError, export_qdpx, writer
from qcoder.io.refi_qda.document_parts import document_parts
from qcoder.io.refi_qda.schemas import document_errors

TEXT = "Interviewer: How did it start?\nAnn: With a hackathon, then a model. 🚀\n"


@pytest.fixture
def exported(empty_project, tmp_path) -> bytes:
    """The project.qde of six coded sources."""
    coder = empty_project.coder_id()
    with empty_project.transaction() as session:
        code = add_code(session, "Start").created_id
        for number in range(6):
            source = add_source(session, f"interview {number}", TEXT + f"Bo: answer {number}\n").created_id
            apply_coding(session, source, code, 0, 11, coder)
            apply_coding(session, source, code, 31, 35, coder)
    export_qdpx(empty_project, tmp_path / "p.qdpx")
    with zipfile.ZipFile(tmp_path / "p.qdpx") as archive:
        return archive.read("project.qde")


def _valid_in_parts(xml: bytes, parts: int = 3) -> bool:
    return all(document_errors(part, "project") == [] for part in document_parts(xml, parts))


def test_the_parts_share_out_the_sources_and_keep_everything_else(exported):
    parts = document_parts(exported, 3)
    assert len(parts) == 3 and all(document_errors(part, "project") == [] for part in parts)
    head = exported[:exported.index(b"<Sources>") + len(b"<Sources>")]
    tail = exported[exported.rindex(b"</Sources>"):]
    assert all(part.startswith(head) and part.endswith(tail) for part in parts)
    assert head + b"".join(part[len(head):-len(tail)] for part in parts) + tail == exported
    shares = [part.count(b"<TextSource ") for part in parts]  # cut by bytes: about a third each
    assert sum(shares) == 6 and min(shares) >= 1


def test_one_source_or_none_is_checked_whole(exported):
    first_end = exported.index(b"</TextSource>") + len(b"</TextSource>")
    one = exported[:first_end] + exported[exported.rindex(b"</Sources>"):]
    assert document_parts(one, 2) == [one] and _valid_in_parts(one)
    assert document_parts(b"<Project/>", 2) == [b"<Project/>"]


def _sources(xml: bytes) -> list[tuple[int, int]]:
    return [(found.start(), found.end()) for found in re.finditer(rb"<TextSource .*?</TextSource>", xml)]


@pytest.mark.parametrize("which", [0, 1, 2, 3, 5])
def test_a_bad_selection_in_any_source_is_found(exported, which):
    start, end = _sources(exported)[which]
    broken = exported[:start] + exported[start:end].replace(b'<PlainTextSelection guid="', b'<PlainTextSelection guid="x', 1) + exported[end:]
    assert document_errors(broken, "project") and not _valid_in_parts(broken)


@pytest.mark.parametrize("fault", [
    lambda xml, cut: xml[:cut] + b"</Sources><Sources>" + xml[cut:],  # a second Sources, right at a cut
    lambda xml, cut: xml[:cut] + b"</Sources></Project><Project name='x'><Sources>" + xml[cut:],
    lambda xml, cut: xml[:cut] + b"<Notes/>" + xml[cut:],  # an element Sources does not hold
    lambda xml, cut: xml[:cut - len(b"</TextSource>")] + xml[cut:],  # a source left open across the cut
    lambda xml, cut: xml[:cut] + b"</TextSource>" + xml[cut:],  # an end tag without its start
    lambda xml, cut: xml.replace(b"<Users>", b"<Users><Bogus/>", 1),  # in the head every part keeps
    lambda xml, cut: xml.replace(b"</Sources>", b"</Sources><Bogus/>", 1),  # in the tail
    lambda xml, cut: xml.replace(b"<CodeBook>", b"<CodeBook", 1),  # not well-formed
])
def test_a_fault_at_a_cut_or_in_what_every_part_keeps_is_found(exported, fault):
    middle = document_parts(exported, 2)[1]
    cut = exported.index(middle[exported.index(b"<Sources>") + len(b"<Sources>"):][:200])
    broken = fault(exported, cut)
    assert document_errors(broken, "project")
    assert not _valid_in_parts(broken, 2) and not _valid_in_parts(broken, 3)


def test_an_export_whose_last_source_is_broken_is_refused(empty_project, tmp_path, monkeypatch):
    coder = empty_project.coder_id()
    with empty_project.transaction() as session:
        code = add_code(session, "code").created_id
        sources = [add_source(session, f"s{number}", TEXT).created_id for number in range(4)]
        for source in sources:
            apply_coding(session, source, code, 0, 4, coder)
    written = writer.ProjectWriter._selections

    def last_one_broken(self, source_id, text, *more):  # type: ignore[no-untyped-def]
        xml, counts = written(self, source_id, text, *more)
        return (xml.replace("<CodeRef", "<Unknown") if source_id == sources[-1] else xml), counts

    monkeypatch.setattr(writer.ProjectWriter, "_selections", last_one_broken)
    out = tmp_path / "p.qdpx"
    with pytest.raises(RefiQdaError, match="not be valid REFI-QDA"):
        export_qdpx(empty_project, out)
    assert not out.exists()
