"""GUIDs in the REFI-QDA form ``8-4-4-4-12`` hex, kept unchanged across import, export and merge."""

import uuid


def new_guid() -> str:
    return str(uuid.uuid4())
