"""Text search across sources: phrases or regular expressions, with keyword-in-context hits.

The FTS5 index (:mod:`qcoder.core.store.search_index`) narrows a phrase search to the sources that can
hold a hit; the hits themselves — positions in code points, half-open — come from Python on the
stored text (:mod:`qcoder.analysis.text_matching`), so they agree with what the document view shows.

A phrase hit begins at the start of a word (``collab`` finds "collaboration", not
"noncollaborative"); with ``whole_words`` it also ends at the end of one. Matching is
case-insensitive by full case folding unless ``case_sensitive``.

The index may only rule out sources that cannot match. It folds case more simply than Python
(``ß`` and the Latin ligatures ``ﬁ``, ``ﬆ``… fold to themselves, not to ``ss``, ``fi``, ``st``), so
the index query asks for every spelling a folded token can have in a text; tokens with other
non-ASCII characters are left to the scan.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import NamedTuple

from regex import error as RegexSyntaxError  # noqa: N812 — regex spells its exception class in lowercase
from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.analysis.text_cache import source_texts
from qcoder.analysis.text_matching import Pattern, compile_regex
from qcoder.analysis.text_scan import SearchCancelled, SearchTimeout, scan_texts  # noqa: F401 (the errors are part of search())
from qcoder.core.errors import QcoderError
from qcoder.core.store.models import Source, SpeakerTurn
from qcoder.core.store.search_index import IndexQuery, has_search_index, is_word_char, matching_source_ids

DEFAULT_CONTEXT = 50
"""Characters of context on each side of a hit."""
REGEX_TIME_LIMIT = 2.0
"""Seconds a regular expression may run over all the texts before the search is stopped."""

_SPELLINGS: dict[str, tuple[str, ...]] = {
    "ss": ("ß",), "ff": ("ﬀ",), "fi": ("ﬁ",), "fl": ("ﬂ",), "ffi": ("ﬃ",), "ffl": ("ﬄ",),
    "st": ("ﬅ", "ﬆ"),
}
"""Folded letters → the characters that fold to them and that the index does not fold."""
_MAX_SPELLINGS = 16


class SearchHit(NamedTuple):
    """One hit with its keyword-in-context: ``left + hit + right`` is the text around it.

    A named tuple rather than a dataclass: a common word gives tens of thousands of hits.
    """

    source_id: int
    source: str
    start: int
    end: int
    left: str
    hit: str
    right: str
    speaker: str | None


@dataclass(frozen=True)
class SearchResult:
    hits: tuple[SearchHit, ...]
    sources_searched: int
    """How many texts were scanned (fewer than all when the index ruled some out)."""
    used_index: bool
    truncated: bool
    """More hits exist than the ``limit`` let through."""


def search(
    session: Session,
    query: str,
    *,
    regex: bool = False,
    case_sensitive: bool = False,
    whole_words: bool = False,
    context: int = DEFAULT_CONTEXT,
    source_ids: Collection[int] | None = None,
    limit: int | None = None,
    use_index: bool = True,
    time_limit: float | None = REGEX_TIME_LIMIT,
    cancelled: Callable[[], bool] | None = None,
) -> SearchResult:
    """Every hit of ``query`` in the project's sources (or in ``source_ids``), by source name.

    ``use_index=False`` scans every text (the index must never change the answer, only its speed).
    A regular expression still running after ``time_limit`` seconds raises :class:`SearchTimeout`;
    ``cancelled`` is asked while it runs (and a cancelled search raises :class:`SearchCancelled`).
    """
    pattern = checked_pattern(query, regex=regex, case_sensitive=case_sensitive, whole_words=whole_words)
    candidates = _candidates(session, pattern, source_ids) if use_index else None
    used_index = candidates is not None
    names: dict[int, str] = {}
    hashes: dict[int, str] = {}
    for source_id, name, sha256 in session.execute(select(Source.id, Source.name, Source.sha256)):
        names[source_id], hashes[source_id] = name, sha256
    wanted = candidates if candidates is not None else (set(source_ids) if source_ids is not None else set(names))
    order = sorted((i for i in wanted if i in names), key=lambda i: (names[i], i))
    texts = source_texts(session, order, hashes)
    found, truncated = scan_texts(
        order, texts, hashes, pattern, limit=limit, time_limit=time_limit, cancelled=cancelled, names=names,
    )
    turns = _turns(session, set(found))
    hits: list[SearchHit] = []
    make = tuple.__new__  # tens of thousands of hits: skip the keyword-argument constructor
    for source_id, spans in found.items():
        text, name = texts[source_id], names[source_id]
        starts, speakers = turns.get(source_id, ((), ()))
        for start, end in spans:
            turn = bisect.bisect_right(starts, start) - 1
            hits.append(make(SearchHit, (
                source_id, name, start, end, text[max(0, start - context):start], text[start:end],
                text[end:end + context], speakers[turn] if turn >= 0 else None,
            )))
    return SearchResult(tuple(hits), sources_searched=len(texts), used_index=used_index, truncated=truncated)


def checked_pattern(query: str, *, regex: bool = False, case_sensitive: bool = False, whole_words: bool = False) -> Pattern:
    """The pattern to search for; :class:`QcoderError` if there is nothing to search for or the
    regular expression is not one (quick: the window checks before it starts a search)."""
    pattern = Pattern(query, regex=regex, case_sensitive=case_sensitive, whole_words=whole_words)
    if not (query if regex else query.strip()):
        raise QcoderError("type something to search for")
    if regex:
        try:
            compiled = compile_regex(pattern)
        except RegexSyntaxError as error:
            raise QcoderError(f"'{query}' is not a valid regular expression ({error})") from None
        if compiled.fullmatch(""):
            raise QcoderError(f"the regular expression '{query}' also matches empty text; make it match at least one character")
    return pattern


def _candidates(session: Session, pattern: Pattern, source_ids: Collection[int] | None) -> set[int] | None:
    """The sources the index cannot rule out, or ``None`` when the index cannot help."""
    if pattern.regex:
        return None
    index_terms = index_query(pattern.query, whole_words=pattern.whole_words)
    connection = session.connection()
    if index_terms is None or not has_search_index(connection):
        return None
    matching = matching_source_ids(connection, index_terms)
    return matching if source_ids is None else matching & set(source_ids)


def index_query(query: str, *, whole_words: bool = False) -> IndexQuery | None:
    """Index terms that every source with a phrase hit of ``query`` matches, if any.

    Every word of the (folded) query begins a word of the text — the hit starts at a word start,
    and words inside the query are delimited by it — so each is a token or a token prefix.
    Only the last word may continue in the text, unless ``whole_words``.
    """
    folded_query = query.casefold()
    groups: list[tuple[tuple[str, bool], ...]] = []
    for token, end in _word_runs(folded_query):
        complete = end < len(folded_query) or whole_words
        if not token.isascii():
            continue
        spellings = _spellings(token)
        if spellings is None:
            continue
        groups.append(tuple((spelling, not complete) for spelling in spellings))
    return tuple(groups) if groups else None


def _word_runs(text: str) -> list[tuple[str, int]]:
    """Maximal runs of word characters (in the index's sense) in ``text``, with their ends."""
    runs = []
    position = 0
    while position < len(text):
        if is_word_char(text[position]):
            end = position
            while end < len(text) and is_word_char(text[end]):
                end += 1
            runs.append((text[position:end], end))
            position = end
        else:
            position += 1
    return runs


def _spellings(token: str) -> list[str] | None:
    """``token`` and its spellings with ß or ligatures; ``None`` if there are too many."""
    pending: list[tuple[str, int]] = [("", 0)]
    results: list[str] = []
    while pending:
        prefix, position = pending.pop()
        if position == len(token):
            results.append(prefix)
            if len(results) > _MAX_SPELLINGS:
                return None
            continue
        pending.append((prefix + token[position], position + 1))
        for spelled, characters in _SPELLINGS.items():
            if token.startswith(spelled, position):
                pending.extend((prefix + c, position + len(spelled)) for c in characters)
        if len(pending) > 4 * _MAX_SPELLINGS:
            return None
    return sorted(set(results))


def _turns(session: Session, source_ids: set[int]) -> dict[int, tuple[list[int], list[str]]]:
    """Per source, the start of each speaker turn and its speaker, in order."""
    turns: dict[int, tuple[list[int], list[str]]] = {}
    if not source_ids:
        return turns
    for source_id, start, speaker in session.execute(
        select(SpeakerTurn.source_id, SpeakerTurn.start, SpeakerTurn.speaker)
        .where(SpeakerTurn.source_id.in_(source_ids)).order_by(SpeakerTurn.source_id, SpeakerTurn.start)
    ):
        starts, speakers = turns.setdefault(source_id, ([], []))
        starts.append(start)
        speakers.append(speaker)
    return turns
