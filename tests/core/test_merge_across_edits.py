"""Merging a teammate's copy coded on the old text into a copy whose text was edited (and the
other way round): every coding lands on the same words, in both orders the same project;
codings whose words were deleted are listed in the report, never moved."""

from __future__ import annotations

import pytest

from qcoder.app.merging import merge_project_files
from qcoder.core.lifecycle.project import Project
from qcoder.core.lifecycle.restore import copy_database
from qcoder.core.team.merge import merge_into
from qcoder.core.team.merge_changes import merge_changes
from qcoder.core.usecases.commands.codes import ensure_code_path
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.source_edits import edit_source_text
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.sources import find_source
from tests.core.merge_edit_helpers import content_of, words_by_guid

TEXT = "Ann: We shared compute with the lab in Zurik.\nBo: Yes, the Zurik lab helped, truly, a lot.\n"


def code(path, coder, code_path, start, end):
    with Project.open(path, coder_name=coder) as project:
        coder_id = project.coder_id()
        with project.transaction() as session:
            source = find_source(session, "interview")
            return apply_coding(session, source, ensure_code_path(session, code_path).created_id, start, end,
                                coder_id).created_id


def edit(path, coder, start, end, new_text):
    with Project.open(path, coder_name=coder) as project, project.transaction() as session:
        return edit_source_text(session, find_source(session, "interview"), start, end, new_text)


@pytest.fixture
def copies(tmp_path):
    """The lead's coded base, copied to Ann (who fixes 'Zurik' and deletes ', truly,') and to Bob
    (who codes on the old text)."""
    base = tmp_path / "base.qcoder"
    with Project.create(base, coder_name="Lead", codebook=None) as project, project.transaction() as session:
        add_source(session, "interview", TEXT)
    code(base, "Lead", "sharing", TEXT.index("We"), TEXT.index(".\n"))
    ann, bob = tmp_path / "ann.qcoder", tmp_path / "bob.qcoder"
    copy_database(base, ann)
    copy_database(base, bob)
    zurik = TEXT.index("Zurik")
    edit(ann, "Ann", zurik, zurik + 5, "Zurich")
    truly = TEXT.index(", truly,")
    edit(ann, "Ann", truly + 1, truly + 1 + len(", truly,"), "")  # 'Zurich' is one longer
    code(bob, "Bob", "place", zurik, zurik + 5)  # on the old word
    code(bob, "Bob", "help", TEXT.index("Yes"), TEXT.index(" a lot"))  # spans the deleted words
    code(bob, "Bob", "emphasis", truly + 2, truly + 7)  # 'truly': deleted in Ann's copy
    code(bob, "Bob", "place", TEXT.index("Zurik lab"), TEXT.index(" helped"))
    return ann, bob


EXPECTED = {
    "sharing": "We shared compute with the lab in Zurich",
    "place": {"Zurich", "Zurik lab"},  # only the first 'Zurik' was fixed
    "help": "Yes, the Zurik lab helped",
}


def check_words(path):
    merged = content_of(path)
    by_code = {}
    for _guid, _source, code_name, _coder, _start, _end, words in merged["codings"]:
        by_code.setdefault(code_name, set()).add(words)
    assert by_code["sharing"] == {EXPECTED["sharing"]}
    assert by_code["place"] == EXPECTED["place"]
    assert by_code["help"] == {EXPECTED["help"]}
    assert "emphasis" not in by_code  # its words were deleted: not moved anywhere
    return merged


def test_merges_of_the_edited_and_the_unedited_copy_in_both_orders_give_the_same_project(copies, tmp_path):
    ann, bob = copies
    into_ann = merge_project_files(ann, bob, out=tmp_path / "into-ann.qcoder").report
    into_bob = merge_project_files(bob, ann, out=tmp_path / "into-bob.qcoder").report
    assert check_words(tmp_path / "into-ann.qcoder") == check_words(tmp_path / "into-bob.qcoder")
    assert content_of(tmp_path / "into-ann.qcoder")["texts"] == content_of(ann)["texts"]
    for report in (into_ann, into_bob):
        assert report.conflicts == []
        assert len(report.unplaced) == 1 and "emphasis" in report.unplaced[0] and "truly" in report.unplaced[0]
        assert any("words gone" in line for line in report.lines())
    assert into_ann.added["codings"] == 3
    assert "placed through this copy's 2 edits" in into_ann.texts[0]
    assert "brought up to the other copy's 2 edits" in into_bob.texts[0]
    assert "brought up" in into_bob.summary()
    # merging again adds nothing, in either direction
    assert merge_project_files(tmp_path / "into-ann.qcoder", bob).report.total_added == 0
    assert not merge_project_files(tmp_path / "into-bob.qcoder", ann).report.changes_anything


def test_a_preview_says_what_the_merge_would_do_and_changes_nothing(copies, tmp_path):
    ann, bob = copies
    before = content_of(bob)
    report = merge_project_files(bob, ann, dry_run=True).report
    assert report.changes_anything and report.texts and report.unplaced
    assert content_of(bob) == before


def test_undo_of_a_merge_that_brought_the_text_up_to_date_restores_the_text_and_codings(copies):
    ann, bob = copies
    before = words_by_guid(bob)
    before_text = content_of(bob)["texts"]
    with Project.open(bob, coder_name="Bob") as ours, Project.open(ann, read_only=True) as theirs:
        with ours.transaction() as session, theirs.reading() as other:
            report = merge_into(session, other)
    merged = content_of(bob)
    with Project.open(bob, coder_name="Bob") as ours, ours.transaction() as session:
        undone = merge_changes(report).undo.play(session)
    assert words_by_guid(bob) == before and content_of(bob)["texts"] == before_text
    with Project.open(bob, coder_name="Bob") as ours, ours.transaction() as session:
        redone = undone.undo.play(session)
    again = content_of(bob)
    assert again["texts"] == merged["texts"] and again["codings"] == merged["codings"]
    with Project.open(bob, coder_name="Bob") as ours, ours.transaction() as session:
        redone.undo.play(session)  # and once more: the redo's edits are what undo takes back
    assert words_by_guid(bob) == before


def test_when_both_copies_edited_the_text_in_places_apart_both_edits_are_kept_in_either_order(copies, tmp_path):
    ann, bob = copies
    lab = TEXT.index("the lab")
    edit(bob, "Bob", lab, lab + 3, "their")  # Bob edits too, away from Ann's edits: the histories parted
    into_ann = merge_project_files(ann, bob, out=tmp_path / "into-ann.qcoder").report
    into_bob = merge_project_files(bob, ann, out=tmp_path / "into-bob.qcoder").report
    assert into_ann.conflicts == [] == into_bob.conflicts
    assert "combined with the other copy's 1 edit" in into_ann.texts[0]
    assert "combined with the other copy's 2 edits" in into_bob.texts[0]
    one, two = content_of(tmp_path / "into-ann.qcoder"), content_of(tmp_path / "into-bob.qcoder")
    (text,) = one["texts"].values()
    assert text == "Ann: We shared compute with their lab in Zurich.\nBo: Yes, the Zurik lab helped a lot.\n"
    assert one["texts"] == two["texts"] and one["codings"] == two["codings"]
    words = {row[6] for row in one["codings"]}
    assert {"Zurich", "Zurik lab", "Yes, the Zurik lab helped", "We shared compute with their lab in Zurich"} <= words
    assert any("truly" in line for line in into_ann.unplaced) and any("truly" in line for line in into_bob.unplaced)


def test_when_both_copies_edited_the_same_words_this_text_stays_and_the_other_codings_are_placed_by_diff(copies):
    ann, bob = copies
    zurik = TEXT.index("Zurik")
    edit(bob, "Bob", zurik, zurik + 5, "Zürich")  # Bob fixed the same word his own way
    report = merge_project_files(ann, bob).report
    assert [c.kind for c in report.conflicts] == ["source"]
    assert "both copies edited the same words" in report.conflicts[0].line()
    words = set(words_by_guid(ann).values())
    assert {"Zurich", "Zurik lab", "Yes, the Zurik lab helped"} <= words
    assert any("truly" in line for line in report.unplaced)


def test_a_text_changed_without_history_is_aligned_by_diff(tmp_path):
    a, b = tmp_path / "a.qcoder", tmp_path / "b.qcoder"
    guid = "22222222-2222-2222-2222-222222222222"
    with Project.create(a, coder_name="Ann", codebook=None) as project, project.transaction() as session:
        add_source(session, "interview", TEXT.replace("Zurik", "Zurich"), guid=guid)  # a re-import, say
    with Project.create(b, coder_name="Bob", codebook=None) as project, project.transaction() as session:
        add_source(session, "interview", TEXT, guid=guid)
    zurik = TEXT.index("Zurik")
    code(b, "Bob", "place", zurik, zurik + 5)
    code(b, "Bob", "help", TEXT.index("Yes"), TEXT.index(", truly"))  # 'Yes, the Zurik lab helped'
    report = merge_project_files(a, b).report
    assert "no shared edit history" in report.conflicts[0].line()
    assert sorted(words_by_guid(a).values()) == ["Yes, the Zurich lab helped", "Zurich"]


def test_a_source_the_merge_adds_keeps_its_history_so_later_edits_merge_too(copies, tmp_path):
    ann, _bob = copies
    lead = tmp_path / "lead.qcoder"
    with Project.create(lead, coder_name="Lead", codebook=None):
        pass
    first = merge_project_files(lead, ann).report  # the edited source is new to the lead
    assert first.added["sources"] == 1
    assert content_of(lead)["histories"] == content_of(ann)["histories"]
    edit(ann, "Ann", 0, 3, "Anna")  # Ann edits again, and codes the new words
    code(ann, "Ann", "name", 0, 4)
    second = merge_project_files(lead, ann).report
    assert second.conflicts == [] and "brought up to the other copy's 1 edit" in second.texts[0]
    assert content_of(lead) == content_of(ann)


def test_undo_and_redo_of_a_merge_that_added_an_edited_source_keep_its_history(copies, tmp_path):
    ann, _bob = copies
    lead = tmp_path / "lead.qcoder"
    with Project.create(lead, coder_name="Lead", codebook=None):
        pass
    with Project.open(lead, coder_name="Lead") as ours, Project.open(ann, read_only=True) as theirs:
        with ours.transaction() as session, theirs.reading() as other:
            report = merge_into(session, other)
    merged = content_of(lead)
    with Project.open(lead, coder_name="Lead") as ours, ours.transaction() as session:
        undone = merge_changes(report).undo.play(session)
    assert content_of(lead)["texts"] == {}
    with Project.open(lead, coder_name="Lead") as ours, ours.transaction() as session:
        undone.undo.play(session)
    assert content_of(lead) == merged and merged["histories"] == content_of(ann)["histories"]
