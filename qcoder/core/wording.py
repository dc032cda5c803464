"""How counts read: one function for every "1 passage", "2 passages" in the program."""

from __future__ import annotations

IRREGULAR = {"memo": "memos", "query": "queries", "case": "cases", "hit": "hits", "turn": "turns"}


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``count`` and the noun in the right number: ``counted(1, "passage")`` → "1 passage",
    ``counted(3, "passage")`` → "3 passages", ``counted(2, "query")`` → "2 queries"."""
    if count == 1:
        return f"1 {singular}"
    return f"{count} {plural or plural_of(singular)}"


def plural_of(noun: str) -> str:
    """English plural of a noun or of a phrase's last word ("coded passage" → "coded passages")."""
    head, _, last = noun.rpartition(" ")
    if last in IRREGULAR:
        word = IRREGULAR[last]
    elif last.endswith("y") and last[-2:-1] not in ("a", "e", "i", "o", "u"):
        word = last[:-1] + "ies"
    elif last.endswith(("s", "x", "ch", "sh")):
        word = last + "es"
    else:
        word = last + "s"
    return f"{head} {word}" if head else word
