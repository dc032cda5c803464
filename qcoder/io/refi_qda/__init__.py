"""REFI-QDA exchange: QDPX projects and QDC codebooks out and in (see docs/REFI-QDA.md).

Export builds ``project.qde`` with lxml in schema order, validates it against the bundled XSDs and
only then renames the finished file into place. Import is lenient about other tools' quirks and
strict about hostile files; it reports what it dropped or re-mapped instead of failing on it.
"""

from qcoder.io.refi_qda.errors import RefiQdaError
from qcoder.io.refi_qda.exporter import export_qdc, export_qdpx
from qcoder.io.refi_qda.importer import import_refi
from qcoder.io.refi_qda.report import ExportReport, ImportReport

__all__ = ["ExportReport", "ImportReport", "RefiQdaError", "export_qdc", "export_qdpx", "import_refi"]
