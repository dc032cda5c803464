"""The lifecycle board and the default matrix follow the codebook (by GUID), not the groups' names."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select

from qcoder.analysis.board_groups import BoardGroups, board_groups
from qcoder.analysis.code_matrix import build_code_matrix
from qcoder.analysis.lifecycle_board import UNSTAGED, build_lifecycle_board
from qcoder.cli.main import main
from qcoder.core.codebook import codebook_guid
from qcoder.core.lifecycle.project import Project
from qcoder.core.row_set import RowKeys
from qcoder.core.store.models import Code
from qcoder.core.usecases.commands.codes import move_code, rename_code
from qcoder.core.usecases.commands.row_edits import remove_rows
from qcoder.core.usecases.commands.study_settings import set_study_settings
from qcoder.core.usecases.queries.code_tree import resolve_code_path
from qcoder.io.sample_study import build_sample_project


@pytest.fixture(scope="module")
def built_sample(tmp_path_factory):
    return build_sample_project(tmp_path_factory.mktemp("board") / "sample.qcoder")


@pytest.fixture
def sample(built_sample, tmp_path):
    path = tmp_path / "sample.qcoder"
    shutil.copy(built_sample, path)
    return path


def figures(session) -> tuple[dict, dict, list[str]]:
    board = build_lifecycle_board(session)
    matrix = build_code_matrix(session)
    items = {(c.stage, i.group, i.name): (i.passages, i.organisations) for c in board.columns for i in c.items}
    cells = {key: (cell.passages, cell.organisations) for key, cell in matrix.cells.items()}
    return items, cells, [c.stage for c in board.columns]


def test_the_study_codebook_has_stable_guids(sample):
    with Project.open(sample) as project, project.reading() as session:
        guid = session.scalar(select(Code.guid).where(Code.id == resolve_code_path(session, "On-ramp")))
        assert guid == codebook_guid("onramp")
        chosen = board_groups(session)
        assert chosen.stage == resolve_code_path(session, "Lifecycle stage") and len(chosen.items) == 2
        assert chosen.warnings == ()


def test_renaming_every_group_keeps_board_and_matrix(sample, capsys):
    with Project.open(sample) as project:
        with project.reading() as session:
            before = figures(session)
            roots = session.execute(select(Code.id, Code.name).where(Code.parent_id.is_(None))).all()
        with project.transaction() as session:
            for code_id, name in roots:
                rename_code(session, code_id, f"{name} (renamed)")
            rename_code(session, resolve_code_path(session, "On-ramp (renamed)/Compute partnerships"), "Compute deals")
        with project.reading() as session:
            items, cells, stages = figures(session)
            board = build_lifecycle_board(session)
    assert stages == before[2] and UNSTAGED in stages
    assert board.item_groups == ("On-ramp (renamed)", "Challenge (renamed)") and board.warnings == ()
    renamed = {(s, g.replace(" (renamed)", ""), "Compute partnerships" if n == "Compute deals" else n): v
               for (s, g, n), v in items.items()}
    assert renamed == before[0]
    assert {(r, "Compute partnerships" if c == "Compute deals" else c): v for (r, c), v in cells.items()} == before[1]
    assert main(["map", str(sample), "--view", "matrix", "--out", str(sample.with_suffix(".csv"))]) == 0
    assert main(["map", str(sample), "--view", "lifecycle", "--out", str(sample.with_suffix(".png"))]) == 0


def test_stage_order_follows_the_codebook(sample):
    with Project.open(sample) as project:
        with project.transaction() as session:
            post_release = resolve_code_path(session, "Lifecycle stage/Post-release")
            move_code(session, post_release, resolve_code_path(session, "Lifecycle stage"), 0)
        with project.reading() as session:
            board = build_lifecycle_board(session)
    assert [c.stage for c in board.columns][:2] == ["Post-release", "Pre-training"]


def test_chosen_groups_are_kept_by_guid_and_a_missing_one_is_a_warning(sample, capsys):
    with Project.open(sample) as project:
        with project.transaction() as session:
            motivation = resolve_code_path(session, "Motivation")
            stage = resolve_code_path(session, "Lifecycle stage")
            set_study_settings(session, BoardGroups(stage, (motivation,)).guid_settings(session))
            rename_code(session, motivation, "Why they collaborate")
        with project.reading() as session:
            board = build_lifecycle_board(session)
            assert board.item_groups == ("Why they collaborate",)
            assert {i.group for c in board.columns for i in c.items} == {"Why they collaborate"}
        with project.transaction() as session:
            remove_rows(session, RowKeys.ids("codes", [resolve_code_path(session, "Why they collaborate")]))
        with project.reading() as session:
            board = build_lifecycle_board(session)
            assert board.columns == () and board.warnings and "deleted" in board.warnings[0]
            named = build_lifecycle_board(session, stage_group="Lifecycle stage", item_groups=["Nope", "On-ramp"])
            assert named.item_groups == ("On-ramp",) and "'Nope' is not in the codebook" in named.warnings[0]
    assert main(["map", str(sample), "--view", "lifecycle", "--item-group", "Nope", "--item-group", "Challenge",
                 "--out", str(sample.with_suffix(".png"))]) == 0
    assert "warning: the item group 'Nope' is not in the codebook" in capsys.readouterr().err
