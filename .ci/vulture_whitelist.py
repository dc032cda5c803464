"""Names vulture cannot see used (run by .ci/lint; settings in pyproject.toml [tool.vulture]).

Each line names an attribute so vulture counts it as used; the comment says who uses it.
Do not add a name here to silence dead code: remove the code instead.
"""
# ruff: noqa: B018, F821, INP001
# (bare attribute reads are the whole point of this file; `_` stands for any object)

# Qt calls these overrides by name.
_.paintEvent
_.mousePressEvent
_.mouseMoveEvent
_.mouseReleaseEvent
_.mouseDoubleClickEvent
_.minimumSizeHint
_.highlightBlock  # QSyntaxHighlighter
_.mimeTypes  # QAbstractItemModel drag and drop
_.supportedDropActions
_.dropMimeData
_.mergeWith  # QUndoStack offers a pushed command to the one before it (ui/commands/source_edit_commands)
_.canDropMimeData

# html.parser.HTMLParser calls these by name.
_.handle_startendtag
_.handle_data

# Set for their effect on a library object.
_.isolation_level  # sqlite3 connection: SQLAlchemy manages transactions (core/database.py)
_.freeze_panes  # openpyxl worksheet
_.alignment  # openpyxl cell

# Kept alive or kept at hand on purpose.
_._icon_provider  # a QFileDialog does not own its icon provider (ui/file_dialogs.py)
_.tool_bar  # the window's tool bar
_.restore_button  # the restore dialog's default button

# Data fields filled for completeness of a value (set positionally, read by nobody yet).
category_codes  # analysis/crosstab_dimensions.Dimension
value_kind  # io/refi_qda/model.RefiValue: the element the value came from
text_row  # core/models.Source: the ORM side of SourceText.source (back_populates)
missed  # tests/io/real_transcripts.Attribution: a tally printed with the others

edited_at  # core/store/models.SourceEdit: when an edit was made, kept in the history
features  # ui/widgets/full_text_tips: a QStyleOptionViewItem field Qt reads
fitted_columns  # ui/panes/sources_pane: kept on the view so Python does not collect it

# Used only in string annotations.
CharsetMatch  # io/decoding.py
ProjectExporter  # io/project_exports.py: the shape every whole-project export has

# The QualCoder test harness (tests/interop) stubs modules: Python calls its metaclass __getattr__.
__getattr__
_.QtCore
_.QtWidgets
