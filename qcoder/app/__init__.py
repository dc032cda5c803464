"""Application services: one function per user operation, shared by the command line and the window.

Each service owns its operation's preconditions (no merge of a project with itself, a backup
before an import, a merge or a restore, an output never over a project), its transaction(s), and
returns a small frozen result with the :class:`~qcoder.core.changes.Changes` and what an undo
needs. ``qcoder.cli`` and ``qcoder.ui`` call these for these flows and nothing below them; the
window decides only *how* a service runs (a background job, an undoable command), never *what*
it does. No Qt here (import-linter keeps it so).

- :mod:`.importing`: transcripts, REFI-QDA files, a new project from a REFI-QDA file
- :mod:`.merging`: merge another coder's project file (preview, in place, into a new file)
- :mod:`.restoring`: list and restore backups
- :mod:`.team_transfer`: push a project file to a team server, pull a copy from one
- :mod:`.exporting`: every whole-project export format
- :mod:`.sample`: the synthetic example study
"""
