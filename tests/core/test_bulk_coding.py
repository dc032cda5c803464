"""Coding many spans in one transaction, and its exact inverse."""

from __future__ import annotations

import pytest
from core_helpers import read, run

from qcoder.core.edits import play
from qcoder.core.errors import InvalidSpanError, QcoderError
from qcoder.core.row_set import RowKeys
from qcoder.core.usecases.commands.bulk_coding import apply_codings_bulk
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.row_edits import remove_rows
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.codings import codings_in_source


@pytest.fixture
def setup(empty_project):
    source = run(empty_project, add_source, "S", "alpha beta alpha gamma").created_id
    code = run(empty_project, add_code, "Greek").created_id
    group = run(empty_project, add_code, "Group", codable=False).created_id
    return empty_project, source, code, group, empty_project.coder_id()


def test_bulk_apply_returns_every_new_id_and_skips_what_is_already_coded(setup):
    project, source, code, _group, coder = setup
    changes = run(project, apply_codings_bulk, code, [(source, 0, 5), (source, 11, 16), (source, 0, 5)], coder)
    stored = read(project, codings_in_source, source)
    assert changes.codings == {c.id for c in stored} and len(stored) == 2
    assert [(c.start, c.end) for c in stored] == [(0, 5), (11, 16)]
    again = run(project, apply_codings_bulk, code, [(source, 0, 5), (source, 6, 10)], coder)
    assert len(again.codings) == 1 and "1 passage was already coded" in again.messages[0]
    assert len(read(project, codings_in_source, source)) == 3


def test_bulk_remove_then_restore_gives_back_the_same_rows(setup):
    project, source, code, _group, coder = setup
    created = run(project, apply_codings_bulk, code, [(source, 0, 5), (source, 11, 16)], coder).codings
    before = read(project, codings_in_source, source)
    removed = run(project, remove_rows, RowKeys.ids("codings", sorted(created)))
    assert removed.codings == created and read(project, codings_in_source, source) == []
    run(project, play, removed.undo)
    assert read(project, codings_in_source, source) == before


def test_a_bad_span_or_a_group_rejects_the_whole_batch(setup):
    project, source, code, group, coder = setup
    with pytest.raises(InvalidSpanError):
        run(project, apply_codings_bulk, code, [(source, 0, 5), (source, 20, 99)], coder)
    with pytest.raises(QcoderError, match="is a group"):
        run(project, apply_codings_bulk, group, [(source, 0, 5)], coder)
    assert read(project, codings_in_source, source) == []
