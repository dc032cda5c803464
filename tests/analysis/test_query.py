"""Saved queries: the text form, GUIDs in storage, evaluation to codings, undoable deletes."""

from __future__ import annotations

import pytest
from analysis_fixtures import build_study, names
from hypothesis import given, settings
from hypothesis import strategies as st

from qcoder.analysis.query import compile_query, describe, evaluate, saved_query_codings
from qcoder.analysis.query_language import format_query, parse_query
from qcoder.core.edits import play
from qcoder.core.errors import NotFoundError, QcoderError
from qcoder.core.usecases.commands.cases import set_attribute_value
from qcoder.core.usecases.commands.codes import rename_code
from qcoder.core.usecases.commands.saved_queries import delete_query, save_query, update_query
from qcoder.core.usecases.queries.saved_queries import find_saved_query, list_saved_queries


@pytest.fixture
def study(empty_project):
    return empty_project, build_study(empty_project)


def _run(project, ids, text):
    with project.reading() as session:
        return names(ids, evaluate(session, compile_query(session, text)))


def test_parse_precedence_and_quotes():
    assert parse_query('code:Ramp AND NOT coder:Bob OR case:"Big Org"') == {
        "op": "or", "args": [
            {"op": "and", "args": [{"code": "Ramp"}, {"op": "not", "arg": {"coder": "Bob"}}]},
            {"case": "Big Org"},
        ]}
    assert parse_query('case."Org type" >= 3') == {"attribute": "Org type", "cmp": ">=", "value": "3", "applies_to": "case"}
    assert parse_query('exemplar and (source:S1)') == {"op": "and", "args": [{"exemplar": True}, {"source": "S1"}]}
    assert parse_query('"say ""hi""" ~ x') == {"attribute": 'say "hi"', "cmp": "~", "value": "x"}


@pytest.mark.parametrize("text, message", [
    ("", "empty"), ("code:", "expected a code name"), ("(code:A", "never closed"), ("colour:red", "is not a condition"),
    ("Type", "comparison"), ("code:A AND", "expected a condition"), ("code:A B", "unexpected 'B'"), ("a ! b", "unexpected '!'"),
])
def test_parse_errors_are_one_clear_sentence(text, message):
    with pytest.raises(QcoderError, match=message):
        parse_query(text)


NAMES = st.sampled_from(["Ramp", "On-ramp/Compute", "Big Org", 'say "hi"', "AND", "exemplar", "x:y", "Ünï"])
LEAF = st.one_of(
    st.builds(lambda k, n: {k: n}, st.sampled_from(["code", "coder", "case", "source"]), NAMES),
    st.just({"exemplar": True}),
    st.builds(lambda n, c, v: {"attribute": n, "cmp": c, "value": v}, NAMES, st.sampled_from(["=", "!=", "<", ">=", "~"]), NAMES),
)
TREE = st.recursive(LEAF, lambda inner: st.one_of(
    st.builds(lambda a: {"op": "not", "arg": a}, inner),
    st.builds(lambda o, a: {"op": o, "args": a}, st.sampled_from(["and", "or"]), st.lists(inner, min_size=2, max_size=3)),
), max_leaves=6)


def _flatten(tree):
    """Nested ANDs (ORs) mean the same as one; the text form writes them flat when it can."""
    if tree.get("op") in ("and", "or"):
        args = []
        for arg in map(_flatten, tree["args"]):
            args.extend(arg["args"] if arg.get("op") == tree["op"] else [arg])
        return {"op": tree["op"], "args": args}
    if tree.get("op") == "not":
        return {"op": "not", "arg": _flatten(tree["arg"])}
    return tree


@given(TREE)
@settings(max_examples=200, deadline=None)
def test_format_then_parse_gives_the_tree_back(tree):
    assert _flatten(parse_query(format_query(tree))) == _flatten(tree)


def test_evaluate_conditions(study):
    project, ids = study
    assert _run(project, ids, "code:Ramp AND NOT coder:Bob") == {"c2", "c5", "c8", "c12"}
    assert _run(project, ids, "code:Stage/Pre") == {"c1", "c6", "c10"}  # with its child Data
    assert _run(project, ids, "case:Alpha OR Type = nonprofit") == {f"c{i}" for i in range(1, 10)}
    assert _run(project, ids, "source.Language != en AND code:Ramp") == {"c11"}  # S4 has no Language
    assert _run(project, ids, "NOT (code:Stage OR code:Ramp)") == set()
    assert _run(project, ids, "source:S3") == {"c10", "c11"}


def test_attribute_comparisons(study):
    project, ids = study
    with project.transaction() as session:
        for case, size in (("Alpha", "9"), ("Beta", "10"), ("Gamma", "120")):
            set_attribute_value(session, "case", ids[case], "Staff", size, value_type="number")
    assert _run(project, ids, "Staff > 9.5") == {"c7", "c8", "c9", "c10", "c11"}  # numerically, not "10" < "9"
    assert _run(project, ids, "Staff <= 10 AND code:Ramp/Forums") == {"c3", "c5"}
    assert _run(project, ids, "Type ~ prof") == {"c7", "c8", "c9"}


def test_saved_queries_are_stored_by_guid_and_survive_renames(study):
    project, ids = study
    with project.transaction() as session:
        tree = compile_query(session, "code:Ramp/Compute AND coder:Ann")
        created = save_query(session, "Ann's compute", tree, description="for the paper")
    assert created.queries == {created.created_id}
    with project.transaction() as session:
        rename_code(session, ids["Compute"], "Compute access")
    with project.reading() as session:
        info = find_saved_query(session, "Ann's compute")
        assert describe(session, info.expression) == 'code:"Ramp/Compute access" AND coder:Ann'
        assert names(ids, saved_query_codings(session, "Ann's compute")) == {"c2", "c8"}
        assert [q.name for q in list_saved_queries(session)] == ["Ann's compute"]


def test_update_delete_and_restore(study):
    project, ids = study
    with project.transaction() as session:
        query_id = save_query(session, "q", compile_query(session, "exemplar")).created_id
        with pytest.raises(QcoderError, match="already is a saved query"):
            save_query(session, "q", {"exemplar": True})
    with project.transaction() as session:
        update_query(session, query_id, name="renamed", expression=compile_query(session, "source:S4"))
    with project.transaction() as session:
        deleted = delete_query(session, query_id)
    with project.reading() as session:
        assert list_saved_queries(session) == []
    with project.transaction() as session:
        play(session, deleted.undo)
    with project.reading() as session:
        assert names(ids, saved_query_codings(session, "renamed")) == {"c12"}
        with pytest.raises(NotFoundError):
            compile_query(session, "coder:Zoe")
        with pytest.raises(QcoderError, match="exactly one of"):
            evaluate(session, {"colour": "red"})
