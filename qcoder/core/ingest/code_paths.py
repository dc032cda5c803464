"""The path of each code (names joined by ``/``): a new code may not take another code's path."""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from qcoder.core.usecases.queries.code_tree import PATH_SEPARATOR


class CodePaths:
    """The path of each code (names joined by ``/``) in a tree of ``(id, parent id, name)``.

    A new code is refused when its path is already another code's: a root code literally named
    ``A/B`` would make the path ``A/B`` mean two codes, so neither could be named safely.
    """

    def __init__(self, codes: Iterable[tuple[Hashable, Hashable | None, str]]) -> None:
        rows = {code_id: (parent_id, name) for code_id, parent_id, name in codes}
        self.paths: dict[Hashable, str] = {}
        for code_id in rows:
            self._resolve(code_id, rows, set())
        self.taken = set(self.paths.values())

    def _resolve(self, code_id: Hashable, rows: dict[Hashable, tuple[Hashable | None, str]],
                 seen: set[Hashable]) -> str | None:
        if code_id in self.paths:
            return self.paths[code_id]
        if code_id not in rows or code_id in seen:
            return None  # a missing parent or a cycle: no path
        seen.add(code_id)
        parent_id, name = rows[code_id]
        prefix = self._resolve(parent_id, rows, seen) if parent_id is not None else ""
        if prefix is None:
            return None
        path = f"{prefix}{PATH_SEPARATOR}{name}" if prefix else name
        self.paths[code_id] = path
        return path

    def path(self, parent_id: Hashable | None, name: str) -> str:
        prefix = self.paths.get(parent_id, "") if parent_id is not None else ""
        return f"{prefix}{PATH_SEPARATOR}{name}" if prefix else name

    def add(self, code_id: Hashable, path: str) -> None:
        self.paths[code_id] = path
        self.taken.add(path)
