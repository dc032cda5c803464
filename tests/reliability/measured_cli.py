"""Run the qcoder command line and record its time and its peak memory beyond start-up.

``python -m tests.reliability.measured_cli REPORT.json ARGS...`` imports the command line and
every reader library first, takes the process's peak resident size as the baseline, runs
``qcoder ARGS...`` and writes ``{"status", "seconds", "extra_mb"}`` to ``REPORT.json``.
"""

from __future__ import annotations

import json
import resource
import sys
import time


def _warm_up() -> None:
    import charset_normalizer  # noqa: F401
    import docx  # noqa: F401
    import lxml.etree  # noqa: F401
    import odf.opendocument  # noqa: F401
    import pypdf  # noqa: F401
    import striprtf.striprtf  # noqa: F401

    import qcoder.cli.refi_commands
    import qcoder.io.importer
    import qcoder.io.refi_qda  # noqa: F401


def main() -> None:
    report, arguments = sys.argv[1], sys.argv[2:]
    from qcoder.cli.main import main as qcoder

    _warm_up()
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    status = qcoder(arguments)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sys.stdout.flush()
    with open(report, "w", encoding="utf-8") as handle:
        json.dump({"status": status, "seconds": seconds, "extra_mb": (peak - baseline) / 1024}, handle)


if __name__ == "__main__":
    main()
