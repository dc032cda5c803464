"""Codes whose names hold "/": addressed exactly by an escaped path (``\\/``) or by GUID, and "//"
is never read as "/"."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcoder.core.errors import NotFoundError, QcoderError
from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.codes import add_code, ensure_code_path
from qcoder.core.usecases.queries.code_tree import (
    escape_code_path,
    list_codes,
    resolve_code_path,
    split_escaped_path,
)

NAMES = st.text(alphabet="ab /\\-é", min_size=1, max_size=7).filter(lambda n: n.strip() == n and n)
TREES = st.lists(st.tuples(st.integers(min_value=-1, max_value=10), NAMES), min_size=1, max_size=12)


def names_along(codes, code_id):
    by_id = {c.id: c for c in codes}
    names = []
    while code_id is not None:
        names.append(by_id[code_id].name)
        code_id = by_id[code_id].parent_id
    return names[::-1]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=TREES)
def test_every_escaped_path_resolves_to_exactly_its_code(tmp_path_factory, tree):
    path = tmp_path_factory.mktemp("slash") / "p.qcoder"
    with Project.create(path, codebook=None) as project:
        with project.transaction() as session:
            ids: list[int] = []
            for parent_index, name in tree:
                parent = ids[parent_index] if 0 <= parent_index < len(ids) else None
                try:
                    ids.append(add_code(session, name, parent_id=parent).created_id)
                except QcoderError:
                    continue
        with project.reading() as session:
            codes = list_codes(session)
            for info in codes:
                names = names_along(codes, info.id)
                escaped = escape_code_path(names)
                assert split_escaped_path(escaped) == names
                assert resolve_code_path(session, escaped) == info.id
                assert resolve_code_path(session, info.guid) == info.id


def test_an_escaped_path_creates_one_code_with_the_slash_in_its_name(tmp_path):
    with Project.create(tmp_path / "p.qcoder", codebook=None) as project, project.transaction() as session:
        created = ensure_code_path(session, "Outputs/Documentation and model\\/data cards").created_id
        [group, card] = list_codes(session)
        assert (group.name, card.name, card.id) == ("Outputs", "Documentation and model/data cards", created)
        assert resolve_code_path(session, "Outputs/Documentation and model\\/data cards") == created
        assert resolve_code_path(session, "Outputs/Documentation and model/data cards") == created  # unescaped: matched
        with pytest.raises(NotFoundError):
            resolve_code_path(session, "Outputs/Documentation and model\\/data")


def test_a_double_slash_is_not_a_single_one(tmp_path):
    with Project.create(tmp_path / "p.qcoder", codebook=None) as project, project.transaction() as session:
        ensure_code_path(session, "On-ramp/Compute")
        ensure_code_path(session, "Links\\/URLs/http:\\/\\/example.org")
        assert [c.name for c in list_codes(session)][-1] == "http://example.org"
        with pytest.raises(NotFoundError):
            resolve_code_path(session, "On-ramp//Compute")
