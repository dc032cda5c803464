"""Source texts kept in memory between searches, with their case folds.

A stored text never changes after import, so a text is known by its source id and SHA-256:
a second search (or one in another session) reads nothing from the file for the texts it has
seen. The cache holds at most :data:`MAX_CHARACTERS` characters, oldest out first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.analysis.text_matching import FoldedText
from qcoder.core.store.models import SourceText

MAX_CHARACTERS = 30_000_000
"""Characters of text kept (their folds come on top): 200 long interviews fit."""
Key = tuple[int, str]

_lock = threading.Lock()
_texts: OrderedDict[Key, str] = OrderedDict()
_folded: dict[Key, FoldedText] = {}
_size = 0


def clear() -> None:
    global _size
    with _lock:
        _texts.clear()
        _folded.clear()
        _size = 0


def source_texts(session: Session, wanted: Collection[int], hashes: dict[int, str]) -> dict[int, str]:
    """The texts of the sources ``wanted`` (ids; ``hashes`` maps each to its SHA-256)."""
    found: dict[int, str] = {}
    missing: list[int] = []
    with _lock:
        for source_id in wanted:
            key = (source_id, hashes.get(source_id, ""))
            text = _texts.get(key)
            if text is None:
                missing.append(source_id)
            else:
                _texts.move_to_end(key)
                found[source_id] = text
    for chunk in range(0, len(missing), 500):
        rows = session.execute(
            select(SourceText.source_id, SourceText.text).where(SourceText.source_id.in_(missing[chunk:chunk + 500]))
        ).all()
        for source_id, text in rows:
            found[source_id] = text
            _remember((source_id, hashes.get(source_id, "")), text)
    return found


def folded(source_id: int, sha256: str, text: str) -> FoldedText:
    """The text's case fold (with its map back to text positions), computed once."""
    key = (source_id, sha256)
    with _lock:
        done = _folded.get(key)
    if done is not None and done.text is text:
        return done
    done = FoldedText(text)
    with _lock:
        if key in _texts:
            _folded[key] = done
    return done


def _remember(key: Key, text: str) -> None:
    global _size
    if not key[1] or len(text) > MAX_CHARACTERS // 4:
        return
    with _lock:
        if key in _texts:
            return
        _texts[key] = text
        _size += len(text)
        while _size > MAX_CHARACTERS and _texts:
            old, old_text = _texts.popitem(last=False)
            _folded.pop(old, None)
            _size -= len(old_text)
