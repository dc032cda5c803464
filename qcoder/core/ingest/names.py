"""Making a name unique among names already taken: ``name``, else ``name (2)``, ``name (3)``…"""

from __future__ import annotations

from collections.abc import Container


def unique_name(wanted: str, taken: Container[str]) -> str:
    """``wanted``, or ``wanted (2)``, ``wanted (3)``… — the first that is not in ``taken``."""
    if wanted not in taken:
        return wanted
    number = 2
    while f"{wanted} ({number})" in taken:
        number += 1
    return f"{wanted} ({number})"


def claim_unique_name(wanted: str, taken: set[str]) -> str:
    """:func:`unique_name`, then added to ``taken`` so that the next one differs."""
    name = unique_name(wanted, taken)
    taken.add(name)
    return name
