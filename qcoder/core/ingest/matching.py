"""Finding the row here that an incoming item is: by its GUID first, then by a natural key.

The natural key is what a person would call the same thing: a coder's or a case's name, a code's
name under its parent, an attribute's name and what it applies to. GUIDs are matched without
regard to case (REFI-QDA writes them either way) when the flow asks for it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from enum import Enum
from typing import Generic, TypeVar

Key = TypeVar("Key", bound=Hashable)


class Match(Enum):
    GUID = "guid"
    KEY = "key"


class Matcher(Generic[Key]):
    """The rows of one kind already here, as ``(id, guid, key)``; grows as rows are added."""

    def __init__(self, rows: Iterable[tuple[int, str, Key]], *, fold_case: bool = False) -> None:
        self.fold_case = fold_case
        self.by_guid: dict[str, int] = {}
        self.by_key: dict[Key, int] = {}
        for row_id, guid, key in rows:
            self.by_guid[self._guid(guid)] = row_id
            self.by_key[key] = row_id

    def _guid(self, guid: str) -> str:
        return guid.lower() if self.fold_case else guid

    def find(self, guid: str, key: Key) -> tuple[int, Match] | None:
        """The id of the row here that ``(guid, key)`` is, and how it was found; None if new."""
        found = self.by_guid.get(self._guid(guid))
        if found is not None:
            return found, Match.GUID
        found = self.by_key.get(key)
        return (found, Match.KEY) if found is not None else None

    def by_guid_only(self, guid: str) -> int | None:
        return self.by_guid.get(self._guid(guid))

    def add(self, row_id: int, guid: str, key: Key) -> None:
        self.by_guid[self._guid(guid)] = row_id
        self.by_key[key] = row_id

    def add_key(self, row_id: int, key: Key) -> None:
        """A row added under a key only: later items find it by key, never by GUID (a merge
        claims each new GUID in its own register)."""
        self.by_key[key] = row_id
