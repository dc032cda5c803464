"""REFI-QDA on the command line: how ``qcoder new P --from F.qdpx`` and ``qcoder import P F.qdpx``
print their reports (the imports themselves are :mod:`qcoder.app.importing`'s).
"""

from __future__ import annotations

from qcoder.app.importing import RefiOutcome
from qcoder.cli.context import print_json_line
from qcoder.io.refi_qda import ImportReport


def print_report(report: ImportReport, *, as_json: bool) -> None:
    if as_json:
        print_json_line({"file": report.file, "ok": True, **report.as_dict()})
    else:
        for line in report.lines():
            print(line)


def print_refi_outcome(outcome: RefiOutcome, *, as_json: bool) -> None:
    """One REFI-QDA file of an import: its report, or why it was not imported."""
    if outcome.report is not None:
        print_report(outcome.report, as_json=as_json)
    elif as_json:
        print_json_line({"file": str(outcome.path), "ok": False, "message": outcome.error})
    else:
        print(f"FAILED  {outcome.path.name}: {outcome.error}")
