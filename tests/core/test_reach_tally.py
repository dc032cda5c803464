"""The code tree's counts kept per (code, source) agree with counting everything again."""

from __future__ import annotations

from core_helpers import read, run

from qcoder.core.row_set import RowKeys
from qcoder.core.usecases.commands.cases import add_case, link_source
from qcoder.core.usecases.commands.coders import ensure_coder
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.row_edits import remove_rows
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.code_tree import code_reach
from qcoder.core.usecases.queries.reach_tally import load_tally, passages_per_source


def counted(project, coder_id=None):
    return {code: reach for code, reach in read(project, code_reach, coder_id=coder_id).items()
            if reach.passages or reach.total_passages}


def test_recounting_one_pair_keeps_the_tally_equal_to_a_full_count(empty_project):
    project = empty_project
    sources = [run(project, add_source, f"s{n}", "Ann: some words here and there.").created_id for n in range(3)]
    codes = [run(project, add_code, name).created_id for name in ("A", "B")]
    case = run(project, add_case, "Lab").created_id
    run(project, link_source, case, sources[0])
    alex, sam = run(project, lambda s: ensure_coder(s, "Alex")), run(project, lambda s: ensure_coder(s, "Sam"))
    tally = read(project, load_tally)
    mine = read(project, load_tally, coder_id=alex)
    made = []
    for source, code, coder in ((0, 0, alex), (0, 0, sam), (1, 0, alex), (2, 1, sam), (0, 1, alex)):
        changes = run(project, apply_coding, sources[source], codes[code], 0, 4, coder)
        made.append(changes.created_id)
        for kept, coder_id in ((tally, None), (mine, alex)):
            passages = read(project, passages_per_source, changes.codes, changes.sources, coder_id=coder_id)
            kept.recount(changes.codes, changes.sources, passages)
        assert tally.everything() == counted(project)
        assert mine.everything() == counted(project, alex)
    for coding in made:
        changes = run(project, remove_rows, RowKeys.ids("codings", [coding]))
        tally.recount(changes.codes, None, read(project, passages_per_source, changes.codes))
        assert {c: r for c, r in tally.everything().items() if r.passages or r.total_passages} == counted(project)
    assert read(project, load_tally).everything() == {}


def test_shifting_by_the_stated_codings_keeps_the_tally_equal_to_a_full_count(empty_project):
    """Applied, resized, removed, put back and undone: each change states its codings as they
    were and are now, and the tally follows from them alone (no read), for everyone and blind."""
    from qcoder.core.edits import play
    from qcoder.core.usecases.commands.codings import resize_coding

    project = empty_project
    sources = [run(project, add_source, f"s{n}", "Ann: some words here and there.").created_id for n in range(2)]
    group = run(project, add_code, "Group", codable=False).created_id
    codes = [run(project, add_code, name, parent_id=group).created_id for name in ("A", "B")]
    alex, sam = run(project, lambda s: ensure_coder(s, "Alex")), run(project, lambda s: ensure_coder(s, "Sam"))
    tally, mine = read(project, load_tally), read(project, load_tally, coder_id=alex)

    def follow(changes):
        shift = changes.coding_shift()
        assert shift is not None, "the change states its codings in full"
        before, after = shift
        assert set(before) | set(after) == set(changes.codings)
        tally.shift(before.values(), after.values())
        mine.shift(before.values(), after.values(), coder_id=alex)
        assert tally.everything() == counted(project)
        assert {c: r for c, r in mine.everything().items() if r.passages or r.total_passages} == counted(project, alex)
        return changes

    made = [follow(run(project, apply_coding, sources[s], codes[c], 0, 4, coder))
            for s, c, coder in ((0, 0, alex), (0, 0, sam), (1, 0, alex), (1, 1, sam))]
    resized = follow(run(project, resize_coding, made[1].created_id, 0, 9))  # two passages where there was one
    follow(run(project, play, resized.undo))
    removed = follow(run(project, play, made[0].undo))  # unmark (remove_rows)
    follow(run(project, play, removed.undo))  # put back (restore_rows)
    for changes in made:
        follow(run(project, play, changes.undo))
    assert tally.everything() == {} and mine.everything() == {}


def test_the_tally_of_a_project_just_opened_equals_counting_each_code_and_a_full_count(empty_project):
    """The opening tally reads every coding as it lies and counts in Python; it must give what
    SQL's per-(code, source) grouping and the full count give: overlapping and repeated spans,
    two coders, sub-codes, several sources, everyone's and one coder's."""
    project = empty_project
    text = "Ann: some words here and there, and more words after them."
    sources = [run(project, add_source, f"s{n}", text).created_id for n in range(3)]
    group = run(project, add_code, "Group", codable=False).created_id
    parent = run(project, add_code, "Parent", parent_id=group).created_id
    codes = [parent, run(project, add_code, "Child", parent_id=parent).created_id, run(project, add_code, "Lone").created_id]
    case = run(project, add_case, "Lab").created_id
    run(project, link_source, case, sources[1])
    alex, sam = run(project, lambda s: ensure_coder(s, "Alex")), run(project, lambda s: ensure_coder(s, "Sam"))
    for source, code, start, end, coder in (
        (0, 0, 0, 4, alex), (0, 0, 0, 4, sam), (0, 0, 2, 9, alex), (0, 1, 0, 4, alex), (0, 1, 3, 12, sam),
        (1, 1, 0, 4, sam), (1, 1, 0, 4, alex), (1, 2, 5, 20, alex), (2, 0, 10, 30, sam), (2, 2, 10, 30, sam),
        (2, 1, 10, 30, alex), (2, 1, 11, 30, alex),
    ):
        run(project, apply_coding, sources[source], codes[code], start, end, coder)
    every_code = [group, *codes]
    for coder_id in (None, alex, sam):
        opened = read(project, passages_per_source, coder_id=coder_id)
        assert opened == read(project, passages_per_source, every_code, coder_id=coder_id)
        assert opened[(codes[0], sources[0])] == {None: {(0, 4): 2, (2, 9): 1}, alex: {(0, 4): 1, (2, 9): 1},
                                                  sam: {(0, 4): 1}}[coder_id]
        assert read(project, load_tally, coder_id=coder_id).everything() == counted(project, coder_id)


def test_a_hundred_random_shifts_keep_every_figure_equal_to_a_full_count(empty_project):
    """Random codings, resizes, removals, undos and redos in a three-level tree, sources in
    overlapping cases: after each, the tally kept by shifts alone equals counting everything."""
    import random

    from sqlalchemy import select

    from qcoder.core.edits import play
    from qcoder.core.store.models import Coding
    from qcoder.core.usecases.commands.codings import resize_coding

    project = empty_project
    sources = [run(project, add_source, f"s{n}", "Ann: some words here and there, and more.").created_id
               for n in range(4)]
    for name, members in (("Lab", (0, 1)), ("Firm", (1, 2))):
        case = run(project, add_case, name).created_id
        for member in members:
            run(project, link_source, case, sources[member])
    top = run(project, add_code, "Top", codable=False).created_id
    middle = run(project, add_code, "Middle", parent_id=top).created_id
    codes = [middle, run(project, add_code, "Leaf", parent_id=middle).created_id,
             run(project, add_code, "Other", parent_id=top).created_id]
    coders = [run(project, lambda s, n=n: ensure_coder(s, n)) for n in ("Alex", "Sam")]
    tally, mine = read(project, load_tally), read(project, load_tally, coder_id=coders[0])
    assert tally.everything() == {}  # figures asked for before any passage exist, then kept
    choose = random.Random(21)
    undo: list = []
    redo: list = []
    for step in range(100):
        move = choose.choice(("apply", "apply", "apply", "resize", "undo", "undo", "redo"))
        if move == "apply" or not undo:
            start = choose.randrange(0, 6)
            changes = run(project, apply_coding, choose.choice(sources), choose.choice(codes), start,
                          start + choose.choice((3, 4, 9)), choose.choice(coders))
            undo.append(changes.undo)
            redo.clear()
        elif move == "resize":
            coding = choose.choice(read(project, lambda s: list(s.scalars(select(Coding.id)))))
            changes = run(project, resize_coding, coding, 0, choose.choice((4, 9, 12)))
            undo.append(changes.undo)
            redo.clear()
        elif move == "undo":
            changes = run(project, play, undo.pop())
            redo.append(changes.undo)
        elif redo:
            changes = run(project, play, redo.pop())
            undo.append(changes.undo)
        else:
            continue
        before, after = changes.coding_shift()
        tally.shift(before.values(), after.values())
        mine.shift(before.values(), after.values(), coder_id=coders[0])
        if step % 7 == 0:  # some figures are asked for only now and then, and must still follow
            assert {c: r for c, r in tally.everything().items() if r.passages or r.total_passages} == counted(project)
            assert {c: r for c, r in mine.everything().items()
                    if r.passages or r.total_passages} == counted(project, coders[0])
    assert {c: r for c, r in tally.everything().items() if r.passages or r.total_passages} == counted(project)
