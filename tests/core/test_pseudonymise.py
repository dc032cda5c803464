"""Pseudonymising a project: every real name replaced everywhere in one step, codings on the
same words, a preview with context from which hits can be skipped, undo, and no real name in
any export (QDPX, segment and codebook CSV/XLSX, codebook Markdown)."""

from __future__ import annotations

import re
import zipfile

import pytest
from sqlalchemy import select

from qcoder.core.errors import QcoderError
from qcoder.core.snapshots import TurnInfo
from qcoder.core.store.models import Case, Code, Coding, Memo, SpeakerTurn
from qcoder.core.usecases.commands.cases import add_case, link_source
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.memos import add_memo
from qcoder.core.usecases.commands.pseudonymise import pseudonymise, revert_pseudonymise
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.usecases.queries.pseudonymise import PseudonymEntry, cased, find_hits, pseudonym_map
from qcoder.core.usecases.queries.source_edits import source_edit_history
from qcoder.core.usecases.queries.sources import list_sources, source_text
from qcoder.io.project_exports import (
    export_codebook_csv,
    export_codebook_markdown,
    export_codebook_xlsx,
    export_segments_csv,
    export_segments_xlsx,
)
from qcoder.io.refi_qda import export_qdpx
from tests.core.core_helpers import read, run

TEXT = ("Amara: I am Amara Okafor from the lab in Zürich. AMARA is my handle.\n"
        "Interviewer: And amaranth? Amara's team in Zuerich?\n")
MAP = [PseudonymEntry("Amara", "Beatriz"), PseudonymEntry("Amara Okafor", "Beatriz Silva"),
       PseudonymEntry(r"Z(ü|ue)rich", "[city]", regex=True)]
REAL = re.compile(r"(?i)\bamara\b|okafor|zürich|zuerich")


@pytest.fixture
def named(empty_project):
    project = empty_project
    coder = project.coder_id()
    turns = [TurnInfo(0, 68, "Amara", 0), TurnInfo(69, 120, "Interviewer", 9000)]
    with project.transaction() as s:
        source = add_source_named(s, turns)
        code = add_code(s, "Amara quotes", description="What Amara Okafor said").created_id
        whole = TEXT.index("I am Amara Okafor")
        apply_coding(s, source, code, whole, whole + len("I am Amara Okafor from the lab in Zürich."), coder,
                     memo="Amara again")
        team = TEXT.index("Amara's team")
        apply_coding(s, source, code, team, team + len("Amara's team"), coder)
        case = add_case(s, "Amara Okafor", description="lab of Amara").created_id
        link_source(s, case, source)
        add_memo(s, "Ask Amara about Zürich", coder, target="source", target_id=source)
    return project, source


def add_source_named(session, turns):
    return add_source(session, "interview Amara", TEXT, turns=turns).created_id


def _everything(project) -> str:
    with project.reading() as s:
        parts = [source_text(s, src.id) + src.name for src in list_sources(s)]
        parts += list(s.execute(select(SpeakerTurn.speaker)).scalars())
        parts += [f"{c.name} {c.description}" for c in s.execute(select(Case)).scalars()]
        parts += [f"{c.name} {c.description}" for c in s.execute(select(Code)).scalars()]
        parts += [m.text for m in s.execute(select(Memo)).scalars()]
        parts += [c.memo or "" for c in s.execute(select(Coding)).scalars()]
    return "\n".join(parts)


def test_cased_follows_the_case_found():
    assert [cased(w, "Beatriz", False) for w in ("Amara", "AMARA", "amara")] == ["Beatriz", "BEATRIZ", "beatriz"]
    assert cased("amara", "Beatriz", True) == "Beatriz"


def test_the_preview_lists_every_hit_in_context(named):
    project, _source = named
    hits = read(project, find_hits, MAP)
    in_text = [h for h in hits if h.where == "source text"]
    assert [h.found for h in in_text] == ["Amara", "Amara Okafor", "Zürich", "AMARA", "Amara", "Zuerich"]
    assert [h.replacement for h in in_text][:4] == ["Beatriz", "Beatriz Silva", "[city]", "BEATRIZ"]
    assert "I am [Amara Okafor] from" in in_text[1].context
    assert {h.where for h in hits} >= {"source name", "speaker", "case name", "case description", "memo",
                                        "coding memo", "code name", "code description"}
    assert "amaranth" not in [h.found.lower() for h in hits], "whole words only"


def test_pseudonymising_replaces_every_name_keeps_codings_and_undo_restores(named, tmp_path):
    project, source = named
    before_everything = _everything(project)
    result = run(project, pseudonymise, MAP)
    after = _everything(project)
    assert not REAL.search(after), REAL.search(after)
    assert "amaranth" in after and "Beatriz Silva" in after and "BEATRIZ" in after
    texts = sorted(seg.text for seg in read(project, list_segments))
    assert texts == ["Beatriz's team", "I am Beatriz Silva from the lab in [city]."]
    assert len(read(project, source_edit_history, source)) == 6
    assert [e.real for e in read(project, pseudonym_map)] == [e.real for e in MAP]
    for name, export in (("p.qdpx", export_qdpx), ("s.csv", export_segments_csv), ("s.xlsx", export_segments_xlsx),
                         ("c.csv", export_codebook_csv), ("c.xlsx", export_codebook_xlsx),
                         ("c.md", export_codebook_markdown)):
        export(project, tmp_path / name)
        assert not REAL.search(_readable(tmp_path / name)), name
    run(project, revert_pseudonymise, result)
    assert _everything(project) == before_everything
    assert read(project, pseudonym_map) == []


def test_skipped_hits_stay_and_a_bad_pattern_is_one_message(named):
    project, _source = named
    hits = read(project, find_hits, MAP)
    keep = next(h for h in hits if h.where == "speaker")
    run(project, pseudonymise, MAP, skip={h.key for h in hits if h.where == "speaker" and h.row_id == keep.row_id})
    with project.reading() as s:
        assert s.get(SpeakerTurn, keep.row_id).speaker == "Amara"
    with pytest.raises(QcoderError, match="not a valid regular expression"):
        run(project, pseudonymise, [PseudonymEntry("Z(", "x", regex=True)])


def _readable(path) -> str:
    if path.suffix in (".qdpx", ".xlsx"):
        with zipfile.ZipFile(path) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return path.read_text(encoding="utf-8")
