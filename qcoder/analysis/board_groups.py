"""Which code groups the lifecycle board and the default matrix use: chosen, or found by GUID.

The board has one *stage* group (its children are the columns, in codebook order) and *item*
groups (on-ramps, challenges) whose codes fill the columns. A researcher chooses them (window or
command line); the choice is kept in the study settings by GUID, so renaming a group keeps it.
Without a choice, the groups of the study's codebook are found by their GUIDs (see
:func:`qcoder.core.codebook.codebook_guid`), then — for projects made before codebook GUIDs —
by their names. A chosen group that is gone is reported as a warning, never dropped silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.codebook import codebook_guid
from qcoder.core.errors import NotFoundError
from qcoder.core.store.models import Code
from qcoder.core.usecases.queries.code_tree import code_path, resolve_code_path
from qcoder.core.usecases.queries.study_settings import study_settings

STAGE_SETTING = "board.stage_group"
ITEMS_SETTING = "board.item_groups"
DEFAULT_STAGE = ("stage", "Lifecycle stage")
DEFAULT_ITEMS = (("onramp", "On-ramp"), ("challenge", "Challenge"))
"""(codebook id, name in projects made before codebook GUIDs)."""


@dataclass(frozen=True)
class BoardGroups:
    stage: int | None
    items: tuple[int, ...]
    warnings: tuple[str, ...] = ()

    def guid_settings(self, session: Session) -> dict[str, str | None]:
        """The study settings that keep this choice (by GUID, so that a rename keeps it)."""
        guids = dict(session.execute(select(Code.id, Code.guid)).all())
        return {
            STAGE_SETTING: guids.get(self.stage) if self.stage is not None else None,
            ITEMS_SETTING: ",".join(guids[i] for i in self.items if i in guids) or None,
        }


def board_groups(
    session: Session, stage: str | None = None, items: Sequence[str] | None = None
) -> BoardGroups:
    """The board's groups: ``stage``/``items`` (code paths) if given, else the kept choice, else
    the study codebook's."""
    warnings: list[str] = []
    settings = study_settings(session, "board.")
    if stage is not None:
        stage_id = _by_path(session, stage, "stage group", warnings)
    elif STAGE_SETTING in settings:
        stage_id = _by_guid(session, settings[STAGE_SETTING], "the board's stage group", warnings)
    else:
        stage_id = _default(session, *DEFAULT_STAGE)
        if stage_id is None:
            warnings.append("the codebook has no lifecycle stage group: choose the board's stage group")
    item_ids: list[int] = []
    if items is not None:
        found = [_by_path(session, path, "item group", warnings) for path in items]
        item_ids = [i for i in found if i is not None]
    elif ITEMS_SETTING in settings:
        for guid in settings[ITEMS_SETTING].split(","):
            code_id = _by_guid(session, guid, "an item group of the board", warnings)
            if code_id is not None:
                item_ids.append(code_id)
    else:
        item_ids = [i for i in (_default(session, *entry) for entry in DEFAULT_ITEMS) if i is not None]
        if not item_ids:
            warnings.append("the codebook has no on-ramp or challenge group: choose the board's item groups")
    return BoardGroups(stage_id, tuple(dict.fromkeys(i for i in item_ids if i != stage_id)), tuple(warnings))


def group_label(session: Session, code_id: int | None) -> str:
    return "" if code_id is None else code_path(session, code_id)


def _by_path(session: Session, path: str, what: str, warnings: list[str]) -> int | None:
    try:
        return resolve_code_path(session, path)
    except NotFoundError:
        warnings.append(f"the {what} '{path}' is not in the codebook")
        return None


def _by_guid(session: Session, guid: str, what: str, warnings: list[str]) -> int | None:
    code_id = session.scalar(select(Code.id).where(Code.guid == guid))
    if code_id is None:
        warnings.append(f"{what} was deleted from the codebook: choose another")
    return code_id


def _default(session: Session, entry_id: str, name: str) -> int | None:
    found = session.scalar(select(Code.id).where(Code.guid == codebook_guid(entry_id)))
    if found is not None:
        return found
    return session.scalar(
        select(Code.id).where(Code.parent_id.is_(None), Code.name == name).order_by(Code.id).limit(1)
    )
