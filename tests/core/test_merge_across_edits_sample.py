"""The issue's "done when" with the sample study: Ann fixes a word inside a coded passage
(``qcoder edit``), Bob codes on the old text, and the merge — either way round, through the
command line — leaves every coding on the same words."""

from __future__ import annotations

import re
import sqlite3

from qcoder.cli.main import main
from qcoder.core.lifecycle.project import Project
from qcoder.core.lifecycle.restore import copy_database
from qcoder.core.reanchoring import TextEdit
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.io.sample_study import build_sample_project
from tests.core.merge_edit_helpers import content_of, expected_words


def _a_coded_word(path):
    """A source, a coding of it at least 60 characters long, and a word of 5+ letters inside it."""
    connection = sqlite3.connect(path)
    try:
        for source_id, name, start, end, text in connection.execute(
            'SELECT s.id, s.name, c.start, c."end", t.text FROM codings c JOIN sources s ON s.id = c.source_id '
            'JOIN source_texts t ON t.source_id = s.id WHERE c."end" - c.start >= 60 ORDER BY c.id'
        ):
            word = re.search(r"\b[a-z]{5,}\b", text[start + 10:end - 10])
            if word:
                return source_id, name, start, end, text, start + 10 + word.start(), start + 10 + word.end()
    finally:
        connection.close()
    raise AssertionError("the sample study has no long coding")


def test_a_word_fixed_in_one_copy_and_codings_made_on_the_old_text_in_another_merge_both_ways(tmp_path, capsys):
    study = build_sample_project(tmp_path / "sample.qcoder")
    ann, bob = tmp_path / "ann.qcoder", tmp_path / "bob.qcoder"
    copy_database(study, ann)
    copy_database(study, bob)
    source_id, name, start, end, old_text, word_start, word_end = _a_coded_word(study)
    fixed = old_text[word_start:word_end].upper()
    assert main(["edit", str(ann), name, str(word_start), str(word_end), fixed, "--coder", "Ann"]) == 0
    with Project.open(bob, coder_name="Bob") as project:
        bob_id = project.coder_id()
        with project.transaction() as session:
            code = add_code(session, "Bob's reading").created_id
            apply_coding(session, source_id, code, start, end, bob_id)  # the passage, on the old text
            apply_coding(session, source_id, code, word_start, word_end, bob_id)  # the old word itself
    capsys.readouterr()
    assert main(["merge", str(ann), str(bob), "--out", str(tmp_path / "into-ann.qcoder")]) == 0
    assert main(["merge", str(bob), str(ann), "--out", str(tmp_path / "into-bob.qcoder")]) == 0
    printed = capsys.readouterr()
    assert "placed through this copy's 1 edit" in printed.out + printed.err
    assert "brought up to the other copy's 1 edit" in printed.out + printed.err
    into_ann, into_bob = content_of(tmp_path / "into-ann.qcoder"), content_of(tmp_path / "into-bob.qcoder")
    assert into_ann == into_bob
    edit = TextEdit(word_start, word_end, fixed)
    before = {row[0]: (row[4], row[5], row[1]) for row in content_of(bob)["codings"]}
    texts_before = content_of(bob)["texts"]
    merged = {row[0]: row[6] for row in into_ann["codings"]}
    assert set(merged) == set(before)  # every coding of both copies, none lost, none doubled
    for guid, (a, b, source) in before.items():
        edits = [edit] if texts_before[source] != into_ann["texts"][source] else []
        assert merged[guid] == expected_words(texts_before[source], (a, b), edits)
    assert fixed in merged.values()
