"""What the study codebook says about the board's stages: each stage's definition, and for an
on-ramp or challenge the stage it usually goes with (its ``stage_hint``).

Definitions are the codes' descriptions (the codebook's ``definition``, kept in the project);
stage hints are read from the bundled study codebook and matched by codebook GUID (see
:func:`qcoder.core.codebook.codebook_guid`), so renamed codes keep them. Codes of any other
codebook simply have no hint.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.codebook import codebook_guid, read_codebook
from qcoder.core.errors import QcoderError
from qcoder.core.store.models import Code


@dataclass(frozen=True)
class StageHints:
    definitions: dict[int, str] = field(default_factory=dict)
    """Code id → its definition (for the stage columns)."""
    usual_stage: dict[int, int] = field(default_factory=dict)
    """Item code id → the code id of the stage the codebook says it usually goes with."""


def stage_hints(session: Session, code_ids: set[int]) -> StageHints:
    """The definitions of ``code_ids`` and the codebook's stage hints of those that have one."""
    if not code_ids:
        return StageHints()
    rows = session.execute(select(Code.id, Code.guid, Code.description).where(Code.id.in_(sorted(code_ids)))).all()
    definitions = {code_id: " ".join((text or "").split()) for code_id, _guid, text in rows if (text or "").strip()}
    hinted = _codebook_hints()
    wanted = {code_id: hinted[guid] for code_id, guid, _text in rows if guid in hinted}
    stage_ids = dict(session.execute(select(Code.guid, Code.id).where(Code.guid.in_(sorted(set(wanted.values()))))).all())
    usual = {code_id: stage_ids[guid] for code_id, guid in wanted.items() if guid in stage_ids}
    return StageHints(definitions, usual)


@lru_cache(maxsize=1)
def _codebook_hints() -> dict[str, str]:
    """GUID of an entry with a ``stage_hint`` → GUID of that stage, from the bundled codebook."""
    try:
        data = read_codebook("default")
    except QcoderError:
        return {}
    return {
        codebook_guid(entry["id"]): codebook_guid(entry["stage_hint"])
        for entry in _entries(data["groups"])
        if isinstance(entry.get("id"), str) and isinstance(entry.get("stage_hint"), str)
    }


def _entries(entries: list[Any]) -> Iterator[dict[str, Any]]:
    for entry in entries:
        if isinstance(entry, dict):
            yield entry
            yield from _entries(entry.get("codes", []) or [])
            yield from _entries(entry.get("children", []) or [])
