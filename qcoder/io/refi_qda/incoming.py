"""A parsed REFI-QDA project's users, codes, variables and cases as the ingest engine's neutral value.

Pure translation, with what only the format knows: a nameless user, code or case gets a name;
a variable's type name maps to qcoder's value type; and since REFI-QDA variables do not say
whether they belong to cases or to sources, a variable used by both becomes two attributes (the
second with a GUID derived from the first's, so that importing the same file again finds it).
"""

from __future__ import annotations

import uuid
from typing import NamedTuple

from qcoder.core.ingest.project_value import (
    IncomingAttribute,
    IncomingCase,
    IncomingCode,
    IncomingCoder,
    IncomingProject,
)
from qcoder.io.refi_qda.model import RefiProject

UNNAMED_CODE = "(unnamed code)"
_TYPES = {"text": "text", "boolean": "boolean", "integer": "number", "float": "number", "date": "date", "datetime": "date"}
_OWNER_NAMESPACE = uuid.UUID("6f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c")


class VariableUse(NamedTuple):
    """Which variable of the file (its GUID, lower case) and which owner an attribute stands for."""

    variable_guid: str
    owner: str


def incoming_project(parsed: RefiProject) -> tuple[IncomingProject, tuple[VariableUse, ...]]:
    """The value, item for item in the file's order; and for each attribute, its variable and owner.

    Users, codes and cases come one item per element, in the same order as ``parsed``'s lists."""
    coders = tuple(IncomingCoder(user.guid, user.name or f"user {user.guid[:8]}") for user in parsed.users)
    codes = tuple(
        IncomingCode(code.guid, code.name or UNNAMED_CODE, code.parent_guid or None, code.colour or None,
                     code.description, code.codable)
        for code in parsed.codes
    )
    cases = tuple(IncomingCase(case.guid, case.name or f"Case {case.guid[:8]}", case.description)
                  for case in parsed.cases)
    attributes, uses = _attributes(parsed)
    return IncomingProject(coders, codes, attributes, cases), uses


def _attributes(parsed: RefiProject) -> tuple[tuple[IncomingAttribute, ...], tuple[VariableUse, ...]]:
    owners: dict[str, list[str]] = {}
    for owner, holders in (("case", parsed.cases), ("source", parsed.sources)):
        for holder in holders:
            for value in holder.values:
                kinds = owners.setdefault(value.variable_guid.lower(), [])
                if owner not in kinds:
                    kinds.append(owner)
    attributes: list[IncomingAttribute] = []
    uses: list[VariableUse] = []
    for variable in parsed.variables:
        name = variable.name or f"Variable {variable.guid[:8]}"
        value_type = _TYPES.get(variable.type_name.strip().lower(), "text")
        for index, owner in enumerate(owners.get(variable.guid.lower(), ["case"])):
            guid = variable.guid if index == 0 else str(uuid.uuid5(_OWNER_NAMESPACE, f"{owner}:{variable.guid.lower()}"))
            attributes.append(IncomingAttribute(guid, name, value_type, owner))
            uses.append(VariableUse(variable.guid.lower(), owner))
    return tuple(attributes), tuple(uses)
