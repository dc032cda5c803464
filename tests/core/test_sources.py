"""Sources: stored once with their turns, in canonical text, hashed, immutable."""

from __future__ import annotations

import hashlib

import pytest
from core_helpers import read, run
from sqlalchemy import select

from qcoder.core.errors import InvalidNameError, NotFoundError, QcoderError
from qcoder.core.snapshots import TurnInfo
from qcoder.core.store.models import SourceText
from qcoder.core.usecases.commands import sources as sources_module
from qcoder.core.usecases.commands.sources import add_source, rename_source
from qcoder.core.usecases.queries.sources import (
    find_source,
    list_sources,
    source_text,
    source_turns,
    unique_source_name,
)

TEXT = "Ann: Hello 👋 there.\nBob: Hi.\nAnn: Bye."
TURNS = (TurnInfo(0, 19, "Ann", 1000), TurnInfo(20, 28, "Bob"), TurnInfo(29, 38, "Ann", 3000))


def test_add_source_with_turns_and_read_it_back(empty_project):
    coder = empty_project.coder_id()
    changes = run(empty_project, add_source, "Interview 1", TEXT, turns=TURNS,
                  original_filename="i1.txt", imported_by_id=coder)
    source_id = changes.created_id
    assert changes.sources == {source_id}
    assert read(empty_project, source_text, source_id) == TEXT
    assert read(empty_project, source_turns, source_id) == list(TURNS)
    [info] = read(empty_project, list_sources)
    assert info.name == "Interview 1"
    assert info.characters == len(TEXT) == 38  # code points: the emoji counts once
    assert info.speakers == ("Ann", "Bob")
    assert info.turns == 3
    assert info.sha256 == hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    assert info.original_filename == "i1.txt"
    assert len(info.guid) == 36 and info.imported_at is not None
    assert read(empty_project, find_source, "Interview 1") == source_id
    assert read(empty_project, find_source, info.guid) == source_id


@pytest.mark.parametrize("text", ["a\r\nb", "a\rb", "\ufeffhello"])
def test_non_canonical_text_is_refused(empty_project, text):
    with pytest.raises(QcoderError, match="LF|byte-order"):
        run(empty_project, add_source, "bad", text)
    assert read(empty_project, list_sources) == []


def test_turns_outside_the_text_and_empty_names_are_refused(empty_project):
    with pytest.raises(QcoderError, match="outside"):
        run(empty_project, add_source, "s", "short", turns=(TurnInfo(0, 99, "X"),))
    with pytest.raises(InvalidNameError):
        run(empty_project, add_source, "  ", "text")
    assert read(empty_project, list_sources) == []


def test_the_text_is_immutable_there_is_no_update_path(empty_project):
    source_id = run(empty_project, add_source, "s", TEXT).created_id
    public = [name for name in dir(sources_module) if not name.startswith("_")]
    assert not [name for name in public if "text" in name and any(
        verb in name for verb in ("update", "set", "edit", "replace", "change"))]
    run(empty_project, rename_source, source_id, "renamed")  # metadata may change…
    assert read(empty_project, source_text, source_id) == TEXT  # …the text may not
    with empty_project.reading() as session:
        assert session.scalar(select(SourceText.text).where(SourceText.source_id == source_id)) == TEXT


def test_unique_names_and_ambiguous_lookup(empty_project):
    run(empty_project, add_source, "s", "one")
    assert read(empty_project, unique_source_name, "s") == "s (2)"
    run(empty_project, add_source, "s", "two")  # the use case allows it; lookup by name then asks for the GUID
    with pytest.raises(QcoderError, match="GUID"):
        read(empty_project, find_source, "s")
    with pytest.raises(NotFoundError):
        read(empty_project, find_source, "nope")
    with pytest.raises(NotFoundError):
        read(empty_project, source_text, 999)


def test_astral_text_round_trips_exactly(empty_project):
    text = "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👩🏽‍🔬 e\u0301 مرحبا שלום 中文 \x00 end"
    source_id = run(empty_project, add_source, "u", text).created_id
    assert read(empty_project, source_text, source_id) == text


def test_rename_refuses_a_name_another_source_has(empty_project):
    first = run(empty_project, add_source, "first", "one").created_id
    run(empty_project, add_source, "second", "two")
    with pytest.raises(InvalidNameError, match="already"):
        run(empty_project, rename_source, first, " second ")
    run(empty_project, rename_source, first, "first")  # its own name is no clash
    assert sorted(s.name for s in read(empty_project, list_sources)) == ["first", "second"]


def test_the_names_of_the_sources_are_those_the_list_gives_in_its_order(empty_project):
    from qcoder.core.usecases.queries.sources import list_sources, source_names

    for name in ("b interview", "A interview", "c", "a interview"):
        run(empty_project, add_source, name, "Ann: some words.")
    names = read(empty_project, source_names)
    assert list(names.items()) == [(s.id, s.name) for s in read(empty_project, list_sources)]
    assert len(names) == 4
