"""Search: hit positions in code points, case folding that changes length, the index never loses a hit."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, text

from qcoder.analysis.search import index_query, search
from qcoder.analysis.text_matching import FoldedText, Pattern, find_spans
from qcoder.core.errors import QcoderError
from qcoder.core.snapshots import TurnInfo
from qcoder.core.store.models import Source
from qcoder.core.store.search_index import fts5_expression, is_word_char, tsquery_expression
from qcoder.core.usecases.commands.sources import add_source


def _add(project, name, body, turns=()):
    with project.transaction() as session:
        return add_source(session, name, body, turns=turns).created_id


def _spans(text_, query, **options):
    return list(find_spans(text_, Pattern(query, **options)))


def test_phrase_hits_are_code_point_positions_after_emoji():
    body = "😀 Compute access matters. compute, COMPUTE! recompute"
    hits = _spans(body, "compute")
    assert [body[s:e] for s, e in hits] == ["Compute", "compute", "COMPUTE"]
    assert hits[0] == (2, 9)  # the emoji is one code point, not two UTF-16 units


def test_phrase_starts_at_a_word_start_and_whole_words_ends_at_one():
    body = "collaboration, noncollaborative, collab."
    assert [body[s:e] for s, e in _spans(body, "collab")] == ["collab", "collab"]
    assert _spans(body, "collab", whole_words=True) == [(33, 39)]


def test_case_fold_that_grows_maps_back_to_the_original_characters():
    body = "Die Straße, die STRASSE und der Fluß: ﬁne."
    hits = _spans(body, "strasse")
    assert [body[s:e] for s, e in hits] == ["Straße", "STRASSE"]
    assert [body[s:e] for s, e in _spans(body, "FLUSS")] == ["Fluß"]
    assert [body[s:e] for s, e in _spans(body, "fine")] == ["ﬁne"]
    assert [body[s:e] for s, e in _spans(body, "straß")] == ["Straß", "STRASS"]


def test_a_hit_inside_one_characters_fold_is_no_hit():
    # "s" would begin inside the fold of "ß" ("ss"): not a hit; "fi" must cover all of "ﬁ"
    assert _spans("ßa", "sa") == []
    assert _spans("ﬁx", "f") == []
    folded = FoldedText("aßb")
    assert folded.folded == "assb"
    assert [folded.original(i) for i in range(5)] == [0, 1, None, 2, 3]


def test_case_sensitive_and_regex():
    body = "Alpha alpha ALPHA beta12 gamma7"
    assert _spans(body, "alpha", case_sensitive=True) == [(6, 11)]
    assert [body[s:e] for s, e in _spans(body, r"[a-z]+\d+", regex=True)] == ["beta12", "gamma7"]
    assert [body[s:e] for s, e in _spans(body, r"ALPHA", regex=True)] == ["Alpha", "alpha", "ALPHA"]


def test_project_search_gives_kwic_speaker_and_uses_the_index(empty_project):
    body = "Ann: We shared compute with them.\nBob: Compute was scarce.\n"
    a = _add(empty_project, "Interview A", body, turns=(TurnInfo(0, 34, "Ann"), TurnInfo(34, 58, "Bob")))
    _add(empty_project, "Interview B", "Nothing about that here.")
    with empty_project.reading() as session:
        result = search(session, "compute", context=8)
    assert result.used_index and result.sources_searched == 1
    assert [(h.source_id, h.start, h.end, h.speaker) for h in result.hits] == [(a, 15, 22, "Ann"), (a, 39, 46, "Bob")]
    assert (result.hits[0].left, result.hits[0].hit, result.hits[0].right) == (" shared ", "compute", " with th")


def test_index_follows_inserts_and_deletes(empty_project):
    a = _add(empty_project, "A", "the word zebra")
    with empty_project.reading() as session:
        assert [h.source_id for h in search(session, "zebra").hits] == [a]
    with empty_project.transaction() as session:  # a cascade in SQL, not through the ORM
        session.execute(delete(Source).where(Source.id == a))
    with empty_project.reading() as session:
        assert search(session, "zebra").hits == ()
        integrity = session.execute(text("INSERT INTO source_fts(source_fts, rank) VALUES ('integrity-check', 1)"))
        assert integrity is not None


def test_limit_and_bad_input(empty_project):
    _add(empty_project, "A", "a a a a a")
    with empty_project.reading() as session:
        limited = search(session, "a", limit=2)
        assert len(limited.hits) == 2 and limited.truncated
        with pytest.raises(QcoderError, match="not a valid regular expression"):
            search(session, "([", regex=True)
        with pytest.raises(QcoderError, match="empty text"):
            search(session, "x*", regex=True)
        with pytest.raises(QcoderError):
            search(session, "   ")


def test_index_query_asks_for_every_spelling():
    assert fts5_expression(index_query("Masse")) == '("masse"* OR "maße"*)'
    assert fts5_expression(index_query("open data", whole_words=True)) == '("open") AND ("data")'
    assert tsquery_expression(index_query("Masse")) == "(ma:* | masse:*)"
    assert tsquery_expression(index_query("open data", whole_words=True)) == "(open) & (data)"
    assert index_query("über") is None  # non-ASCII tokens are left to the scan
    assert index_query("--") is None


def _reference(body: str, query: str, whole_words: bool = False) -> list[tuple[int, int]]:
    """Brute force: every [i, j) whose fold equals the query's, at a word start, leftmost first."""
    target = query.casefold()
    hits, i = [], 0
    while i < len(body):
        found = None
        if not (is_word_char(target[0]) and i > 0 and is_word_char(body[i - 1])):
            for j in range(i + 1, len(body) + 1):
                if body[i:j].casefold() == target and not (
                    whole_words and is_word_char(target[-1]) and j < len(body) and is_word_char(body[j])
                ):
                    found = j
                    break
        if found is not None:
            hits.append((i, found))
            i = found
        else:
            i += 1
    return hits


ALPHABET = st.sampled_from(list("asSfiltK ßẞſﬁﬆﬀ-é_1\ue000Σς") + ["e\u0301", "\u0301", "İ"])


@given(body=st.lists(ALPHABET, max_size=14).map("".join), query=st.lists(ALPHABET, min_size=1, max_size=4).map("".join),
       whole=st.booleans())
@settings(max_examples=500, deadline=None)
def test_phrase_matching_agrees_with_brute_force(body, query, whole):
    if not query.strip(" -"):
        return
    assert _spans(body, query, whole_words=whole) == _reference(body, query, whole)


@given(body=st.lists(ALPHABET, max_size=14).map("".join), query=st.lists(ALPHABET, min_size=1, max_size=3).map("".join))
@settings(max_examples=200, deadline=None)
def test_case_sensitive_phrase_agrees_with_brute_force(body, query):
    anchored = is_word_char(query[0])
    expected, i = [], 0
    while (i := body.find(query, i)) >= 0:
        if anchored and i > 0 and is_word_char(body[i - 1]):
            i += 1
            continue
        expected.append((i, i + len(query)))
        i += len(query)
    assert _spans(body, query, case_sensitive=True) == expected


@given(bodies=st.lists(st.lists(ALPHABET, max_size=12).map("".join), min_size=1, max_size=4),
       query=st.lists(ALPHABET, min_size=1, max_size=4).map("".join), whole=st.booleans())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_index_never_rules_out_a_source_with_a_hit(tmp_path_factory, bodies, query, whole):
    if not query.strip():
        return
    from qcoder.core.lifecycle.project import Project

    path = tmp_path_factory.mktemp("p") / "p.qcoder"
    with Project.create(path, coder_name="Ann", codebook=None) as project:
        for number, body in enumerate(bodies):
            if body.strip():
                _add(project, f"S{number}", body)
        with project.reading() as session:
            indexed = search(session, query, whole_words=whole)
            scanned = search(session, query, whole_words=whole, use_index=False)
    assert indexed.hits == scanned.hits


ASCII_TEXT = st.text(alphabet="abAB 1_-\n.", max_size=20)


@given(body=ASCII_TEXT, query=st.sampled_from([r"a+b", r"\bab", r"[a-b]1", r"a\sb", r"\w+", r"(a)\1", r"AB", r"\x41", r"b$"]),
       whole=st.booleans())
@settings(max_examples=300, deadline=None)
def test_fast_regex_on_lowered_ascii_equals_ignorecase(body, query, whole):
    import re

    body_pattern = rf"(?<!\w)(?:{query})(?!\w)" if whole else query
    expected = [m.span() for m in re.finditer(body_pattern, body, re.IGNORECASE | re.MULTILINE) if m.end() > m.start()]
    assert _spans(body, query, regex=True, whole_words=whole) == expected


@given(body=ASCII_TEXT, query=st.text(alphabet="abAB 1-", min_size=1, max_size=3), whole=st.booleans(),
       sensitive=st.booleans())
@settings(max_examples=300, deadline=None)
def test_ascii_fast_phrase_equals_the_general_loop(body, query, whole, sensitive):
    from qcoder.analysis.text_matching import _find_phrase

    folded_query = query if sensitive else query.casefold()
    general = [(a - 2, b - 2) for a, b in _find_phrase(  # a leading "é" takes the Unicode path
        "é\n" + body, folded_query, sensitive, is_word_char(folded_query[0]), whole and is_word_char(folded_query[-1]))]
    assert _spans(body, query, whole_words=whole, case_sensitive=sensitive) == general


def test_cached_texts_never_outlive_their_source(empty_project):
    from qcoder.analysis import text_cache

    first = _add(empty_project, "A", "alpha zebra")
    with empty_project.reading() as session:
        assert [h.hit for h in search(session, "zebra", use_index=False).hits] == ["zebra"]
    with empty_project.transaction() as session:
        session.execute(delete(Source).where(Source.id == first))
    second = _add(empty_project, "B", "beta giraffe")  # SQLite may give it the same id
    with empty_project.reading() as session:
        assert search(session, "zebra", use_index=False).hits == ()
        assert [(h.source_id, h.hit) for h in search(session, "GIRAFFE", use_index=False).hits] == [(second, "giraffe")]
    text_cache.clear()
    with empty_project.reading() as session:
        assert [h.hit for h in search(session, "giraffe").hits] == ["giraffe"]
