"""``qcoder export``: the project's data in open formats."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from qcoder.cli.context import CommandError, open_for_reading, say
from qcoder.core.output_targets import check_output_target
from qcoder.core.project import Project
from qcoder.core.usecases.codings import list_segments
from qcoder.io.segments_export import write_segments_csv

Exporter = Callable[[Project, Path], str]


def export_segments_csv(project: Project, out: Path) -> str:
    with project.reading() as session:
        segments = list_segments(session)
    write_segments_csv(segments, out)
    return f"wrote {len(segments)} coded segments to {out}"


EXPORTERS: dict[str, Exporter] = {"csv": export_segments_csv}

from qcoder.cli.refi_commands import (  # noqa: E402  (REFI-QDA and workbook formats)
    export_codebook_qdc,
    export_project_qdpx,
    export_project_qdpx_crlf,
    export_project_qdpx_with_media,
    export_report_html,
)
from qcoder.io import project_exports  # noqa: E402

EXPORTERS.update({
    "qdpx": export_project_qdpx,
    "qdpx-crlf": export_project_qdpx_crlf,
    "qdpx-media": export_project_qdpx_with_media,
    "qdc": export_codebook_qdc,
    "xlsx": project_exports.export_workbook,
    "segments-xlsx": project_exports.export_segments_xlsx,
    "md": project_exports.export_codebook_markdown,
    "codebook-csv": project_exports.export_codebook_csv,
    "codebook-xlsx": project_exports.export_codebook_xlsx,
    "html": export_report_html,
})


def register(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser("export", help="export the project's data")
    export.add_argument("project")
    export.add_argument("--format", required=True, choices=sorted(EXPORTERS))
    export.add_argument("--out", required=True, help="the file to write")
    export.set_defaults(run=run_export)


def run_export(options: argparse.Namespace) -> int:
    out = Path(options.out)
    if not out.parent.exists():
        raise CommandError(f"the folder {out.parent} does not exist")
    check_output_target(out)  # never over the project, its WAL or a backup
    with open_for_reading(options.project) as project:
        say(EXPORTERS[options.format](project, out))
    return 0
