"""Codebooks in qcoder's JSON form (the study's default is bundled) loaded into a code tree.

The JSON has ``groups`` (non-codable nodes such as "Lifecycle stage"), each with ``codes`` that
may have ``children``; a code has ``name``, ``definition`` and ``colour``, and may have an ``id``.

An entry's ``id`` gives its code a GUID of its own, the same in every project that loads the
codebook (:func:`codebook_guid`): views find the study's groups by it, whatever they are renamed
to, and REFI-QDA exchanges keep them one code.
"""

from __future__ import annotations

import json
import uuid
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.errors import CodebookError, QcoderError
from qcoder.core.resources import default_codebook_path
from qcoder.core.store.models import Code
from qcoder.core.usecases.commands.codes import add_code

GROUP_COLOUR = "#6C757D"
CODEBOOK_NAMESPACE = uuid.UUID("6f1c2b52-1d8e-5a57-9a5e-0c0de0b00c19")
"""Namespace of the GUIDs of codebook entries with an ``id``."""


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


def codebook_guid(entry_id: str) -> str:
    """The GUID of a codebook entry with ``id`` (``stage``, ``onramp.compute_partnerships``)."""
    return str(uuid.uuid5(CODEBOOK_NAMESPACE, entry_id))


def _guid(session: Session, entry: dict[str, Any]) -> str | None:
    """The entry's own GUID, unless it has no ``id`` or the project has that GUID already."""
    entry_id = entry.get("id")
    if not isinstance(entry_id, str) or not entry_id.strip():
        return None
    guid = codebook_guid(entry_id.strip())
    return None if session.scalar(select(Code.id).where(Code.guid == guid)) is not None else guid


def load_codebook_into(session: Session, source: str | Path | Traversable) -> Changes:
    """Add every group and code of a codebook to the project's code tree.

    Any problem with an entry (no name, a bad colour, two siblings of one name, a wrong shape)
    is a :class:`CodebookError` naming the codebook; the caller's transaction is then rolled back.
    """
    data = read_codebook(source)
    changes = Changes()
    try:
        for group in data["groups"]:
            if not isinstance(group, dict):
                raise CodebookError("every group in a codebook must be an object with a name")
            added = add_code(
                session,
                _name(group),
                colour=_colour(group) or GROUP_COLOUR,
                description=group.get("description", "") or "",
                codable=False,
                guid=_guid(session, group),
            )
            changes = changes.merged(added)
            changes = changes.merged(_add_codes(session, group.get("codes", []), added.created_id))
    except CodebookError:
        raise
    except QcoderError as error:
        raise CodebookError(f"the codebook {_label(source)} has a bad entry: {error}") from None
    return Changes(codes=changes.codes, code_tree=True)


def _label(source: str | Path | Traversable) -> str:
    return "bundled with qcoder" if source == "default" else str(source)


def _add_codes(session: Session, codes: list[dict[str, Any]], parent_id: int | None) -> Changes:
    changes = Changes()
    if not isinstance(codes, list):
        raise CodebookError("'codes' and 'children' in a codebook must be lists")
    for entry in codes:
        if not isinstance(entry, dict):
            raise CodebookError("every code in a codebook must be an object with a name")
        added = add_code(
            session,
            _name(entry),
            parent_id=parent_id,
            colour=_colour(entry),
            description=entry.get("definition", entry.get("description", "")) or "",
            codable=bool(entry.get("codable", True)),
            guid=_guid(session, entry),
        )
        changes = changes.merged(added)
        changes = changes.merged(_add_codes(session, entry.get("children", []), added.created_id))
    return changes


def _colour(entry: dict[str, Any]) -> str | None:
    colour = entry.get("colour")
    if colour is not None and not isinstance(colour, str):
        raise CodebookError(f"the colour of '{entry.get('name')}' must be text like #1F77B4")
    return colour or None


def _name(entry: dict[str, Any]) -> str:
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise CodebookError("every group and code in a codebook needs a name")
    return name
