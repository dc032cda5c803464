"""Property: every code's path, as list_codes shows it, resolves back to a code with that path."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcoder.core.errors import QcoderError
from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.codes import add_code, ensure_code_path
from qcoder.core.usecases.queries.code_tree import code_path, list_codes, resolve_code_path

NAMES = st.text(alphabet="ab /-é🙂", min_size=1, max_size=8).filter(lambda n: n.strip())
TREES = st.lists(st.tuples(st.integers(min_value=-1, max_value=12), NAMES), min_size=1, max_size=14)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=TREES)
def test_every_listed_path_resolves_to_a_code_with_that_path(tmp_path_factory, tree):
    path = tmp_path_factory.mktemp("prop") / "p.qcoder"
    with Project.create(path, codebook=None) as project:
        with project.transaction() as session:
            ids: list[int] = []
            for parent_index, name in tree:
                parent = ids[parent_index] if 0 <= parent_index < len(ids) else None
                try:
                    ids.append(add_code(session, name, parent_id=parent).created_id)
                except QcoderError:
                    continue  # a duplicate sibling name is refused, as it should be
        with project.reading() as session:
            for info in list_codes(session):
                found = resolve_code_path(session, info.path)
                assert code_path(session, found) == info.path


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(st.text(alphabet="ab -é", min_size=1, max_size=6).filter(lambda n: n.strip()),
                      min_size=1, max_size=4))
def test_ensure_code_path_of_slash_free_names_builds_exactly_that_path(tmp_path_factory, names):
    path = tmp_path_factory.mktemp("prop") / "p.qcoder"
    wanted = "/".join(name.strip() for name in names)
    with Project.create(path, codebook=None) as project:
        with project.transaction() as session:
            created = ensure_code_path(session, wanted).created_id
            assert code_path(session, created) == wanted
            assert ensure_code_path(session, wanted).created_id == created
