"""An import as one undoable step, a source read again in another encoding, and the speaker
review's edits (rename, merge, case, autocode).

The import itself runs off the GUI thread and commits there; :class:`ImportSourcesCommand` is
pushed afterwards with the new source ids, so its first redo only announces them. Undo deletes
those sources with a snapshot (cheap: just imported, nothing else refers to them yet — anything
that does was pushed later and is undone first); redo restores them with the same ids and GUIDs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from qcoder.core.changes import Changes
from qcoder.core.edits import Edit
from qcoder.core.row_set import RowKeys
from qcoder.core.snapshots import SourceInfo
from qcoder.core.usecases.commands.row_edits import remove_rows
from qcoder.core.usecases.commands.source_reread import reread_source
from qcoder.core.usecases.commands.speakers import (
    autocode_speaker,
    link_speaker_to_case,
    merge_speakers,
)
from qcoder.core.wording import counted
from qcoder.io.decoding import describe_encoding
from qcoder.io.parsed import ParsedTranscript
from qcoder.ui.commands.edit_command import EditCommand

if TYPE_CHECKING:
    from qcoder.ui.project_controller import ProjectController


class ImportSourcesCommand(EditCommand):
    def __init__(self, controller: ProjectController, source_ids: Sequence[int],
                 rows: Sequence[SourceInfo] = ()) -> None:
        """``rows``: the new sources as listed, read with the import (the views need not read them)."""
        self.source_ids = tuple(source_ids)
        added = Changes(sources=frozenset(self.source_ids), source_rows=tuple(rows),
                        undo=Edit.of(remove_rows, RowKeys.ids("sources", self.source_ids)))
        super().__init__(controller, f"Import {counted(len(source_ids), 'transcript')}", done=added)


class RereadSourceCommand(EditCommand):
    """Replace a source by its file read in another encoding; undo puts the old one back exactly."""

    def __init__(self, controller: ProjectController, source_id: int, name: str, parsed: ParsedTranscript) -> None:
        encoding = describe_encoding(parsed.encoding) if parsed.encoding else "another encoding"
        super().__init__(controller, f"Read “{name}” as {encoding}", Edit.of(
            reread_source, source_id, parsed.text, parsed.turns, parsed.encoding
        ))
        self.source_id, self.parsed = source_id, parsed


class MergeSpeakersCommand(EditCommand):
    """Rename one speaker (one name) or merge several into one; undo restores each turn's name."""

    def __init__(self, controller: ProjectController, names: Sequence[str], into: str,
                 source_ids: Sequence[int] | None = None) -> None:
        text = f"Rename speaker “{names[0]}” to “{into}”" if len(names) == 1 else f"Merge speakers into “{into}”"
        self.names, self.into = tuple(names), into
        self.source_ids = None if source_ids is None else tuple(source_ids)
        super().__init__(controller, text, Edit.of(merge_speakers, self.names, into, source_ids=self.source_ids))


class LinkSpeakerCaseCommand(EditCommand):
    """Link the sources a speaker speaks in to a case; undo unlinks (and removes a new case)."""

    def __init__(self, controller: ProjectController, speaker: str, case_name: str,
                 source_ids: Sequence[int] | None = None) -> None:
        self.speaker, self.case_name = speaker, case_name
        self.source_ids = None if source_ids is None else tuple(source_ids)
        super().__init__(controller, f"Link speaker “{speaker}” to case “{case_name}”",
                         Edit.of(link_speaker_to_case, speaker, case_name, source_ids=self.source_ids))


class AutocodeSpeakerCommand(EditCommand):
    """Code every turn of a speaker with one code; undo removes exactly those codings."""

    def __init__(self, controller: ProjectController, speaker: str, code_id: int, code_name: str,
                 source_ids: Sequence[int] | None = None) -> None:
        self.speaker, self.code_id = speaker, code_id
        self.source_ids = None if source_ids is None else tuple(source_ids)
        self.coder_id = controller.coder_id()
        super().__init__(
            controller, f"Autocode speaker “{speaker}” with “{code_name}”",
            Edit.of(autocode_speaker, speaker, code_id, self.coder_id, source_ids=self.source_ids),
        )
        self.coding_ids: frozenset[int] = frozenset()
        self.message = ""

    def played(self, changes: Changes, first: bool) -> None:
        if first:
            self.coding_ids = changes.codings
            self.message = "; ".join(changes.messages)

