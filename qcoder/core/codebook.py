"""Codebooks in qcoder's JSON form (the study's default is bundled) loaded into a code tree.

The JSON has ``groups`` (non-codable nodes such as "Lifecycle stage"), each with ``codes`` that
may have ``children``; a code has ``name``, ``definition`` and ``colour``.
"""

from __future__ import annotations

import json
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.errors import CodebookError
from qcoder.core.resources import default_codebook_path
from qcoder.core.usecases.codes import add_code

GROUP_COLOUR = "#6C757D"


def read_codebook(source: str | Path | Traversable) -> dict[str, Any]:
    """Parse a codebook file; ``"default"`` names the bundled study codebook."""
    location: Path | Traversable = default_codebook_path() if source == "default" else (
        source if not isinstance(source, str) else Path(source)
    )
    try:
        data = json.loads(location.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CodebookError(f"no codebook file at {location}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CodebookError(f"the codebook {location} cannot be read: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        raise CodebookError(f"{location} is not a qcoder codebook (no 'groups' list)")
    return data


def load_codebook_into(session: Session, source: str | Path | Traversable) -> Changes:
    """Add every group and code of a codebook to the project's code tree."""
    data = read_codebook(source)
    changes = Changes()
    for group in data["groups"]:
        added = add_code(
            session,
            _name(group),
            colour=group.get("colour") or GROUP_COLOUR,
            description=group.get("description", ""),
            codable=False,
        )
        changes = changes.merged(added)
        changes = changes.merged(_add_codes(session, group.get("codes", []), added.created_id))
    return Changes(codes=changes.codes, code_tree=True)


def _add_codes(session: Session, codes: list[dict[str, Any]], parent_id: int | None) -> Changes:
    changes = Changes()
    for entry in codes:
        added = add_code(
            session,
            _name(entry),
            parent_id=parent_id,
            colour=entry.get("colour"),
            description=entry.get("definition", entry.get("description", "")),
            codable=bool(entry.get("codable", True)),
        )
        changes = changes.merged(added)
        changes = changes.merged(_add_codes(session, entry.get("children", []), added.created_id))
    return changes


def _name(entry: dict[str, Any]) -> str:
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise CodebookError("every group and code in a codebook needs a name")
    return name
