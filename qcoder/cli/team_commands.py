"""``qcoder agreement``, ``disagreements``, ``resolve`` and ``merge``: working as a team."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from qcoder.analysis.agreement import AgreementFigures, AgreementReport, compute_agreement
from qcoder.analysis.disagreements import list_disagreements
from qcoder.app.merging import merge_project_files
from qcoder.cli.coder_choice import coder_for_file
from qcoder.cli.context import CommandError, open_for_reading, open_for_writing, print_json, say
from qcoder.core.team.server_url import is_server_url
from qcoder.core.usecases.commands.resolutions import resolve_disagreement
from qcoder.core.usecases.queries.code_tree import code_paths, resolve_code_path
from qcoder.core.usecases.queries.coders import coder_by_name
from qcoder.core.usecases.queries.resolutions import list_resolutions
from qcoder.core.usecases.queries.sources import find_source, list_sources
from qcoder.core.wording import counted


def register(commands: argparse._SubParsersAction) -> None:
    agreement = commands.add_parser(
        "agreement", help="inter-coder agreement per code and overall (character level)",
        description="Units are the characters of the chosen sources, once per code; a coder's value "
        "is 1 where one of their codings of the code covers the character. Undefined figures "
        "(nothing to agree on beyond chance) are shown as — and are null in JSON. In JSON, "
        "\"percent\" is a share from 0 to 1 (0.95 = 95 percent) and \"units\" the number of units.",
    )
    _add_selection(agreement)
    agreement.add_argument("--json", action="store_true")
    agreement.set_defaults(run=run_agreement)

    disagreements = commands.add_parser("disagreements", help="list the passages where coders differ")
    _add_selection(disagreements)
    disagreements.add_argument("--all", action="store_true", help="include passages resolved by keeping both")
    disagreements.add_argument("--json", action="store_true")
    disagreements.set_defaults(run=run_disagreements)

    resolve = commands.add_parser("resolve", help="resolve the disagreement on one passage")
    resolve.add_argument("project")
    resolve.add_argument("--coders", nargs="+", required=True, metavar="CODER")
    resolve.add_argument("--source", required=True, help="the source's name or GUID")
    resolve.add_argument("--code", required=True, metavar="PATH")
    resolve.add_argument("--start", type=int, required=True)
    resolve.add_argument("--end", type=int, required=True)
    how = resolve.add_mutually_exclusive_group(required=True)
    how.add_argument("--accept", metavar="CODER", help="copy this coder's version to the others")
    how.add_argument("--keep", action="store_true", help="keep every version, marked resolved")
    how.add_argument("--remove", action="store_true", help="remove every version")
    resolve.add_argument("--note", default="")
    resolve.add_argument("--coder", help="who resolves (default: $QCODER_CODER, else the name set with qcoder coder NAME)")
    resolve.set_defaults(run=run_resolve)

    resolutions = commands.add_parser("resolutions", help="list the recorded resolutions of disagreements")
    resolutions.add_argument("project")
    resolutions.add_argument("--json", action="store_true")
    resolutions.set_defaults(run=run_resolutions)

    merge = commands.add_parser(
        "merge", help="merge another coder's copy of a project",
        description="Adds what is new in B to A (or to a new file OUT): matched by GUID, then sources "
        "by content and codes by path; conflicts keep A's version. Merging again adds nothing.",
    )
    merge.add_argument("project", metavar="A")
    merge.add_argument("other", metavar="B")
    merge.add_argument("--out", metavar="OUT", help="write the merge to this new file; without it, into A (backed up first)")
    merge.add_argument("--dry-run", action="store_true", help="show what the merge would do; write nothing")
    merge.add_argument("--coder")
    merge.add_argument("--json", action="store_true")
    merge.set_defaults(run=run_merge)


def _add_selection(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project")
    parser.add_argument("--coders", nargs="+", required=True, metavar="CODER", help="two or more coders")
    parser.add_argument("--code", action="append", metavar="PATH", help="only this code (repeatable)")
    parser.add_argument("--source", action="append", metavar="NAME", help="only this source (repeatable)")


def _check_coders(coders: list[str]) -> None:
    if len(coders) < 2:
        raise CommandError("name two or more coders after --coders")


def run_agreement(options: argparse.Namespace) -> int:
    _check_coders(options.coders)
    with open_for_reading(options.project) as project, project.reading() as session:
        report = compute_agreement(session, options.coders, code_paths=options.code, source_names=options.source)
    if options.json:
        print_json(report.as_json())
    else:
        for line in agreement_table(report):
            print(line)
    return 0


def _figure(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value * 100:.1f}%" if percent else f"{value:.3f}"


def agreement_table(report: AgreementReport) -> list[str]:
    two = len(report.coders) == 2
    groups = {f"{path} (any code below)": figures for path, figures in report.per_group.items()}
    width = max([len("Overall"), *(len(path) for path in (*report.per_code, *groups))]) + 2
    header = ["Units", "Agree", *(["Cohen κ"] if two else []), "Fleiss κ", "Kripp. α"]
    lines = [
        f"Agreement of {', '.join(report.coders)} on {counted(len(report.sources), 'source')}, character by character",
        "Code".ljust(width) + "".join(h.rjust(10) for h in header),
    ]

    def row(name: str, figures: AgreementFigures) -> str:
        cells = [str(figures.units), _figure(figures.percent, True)]
        cells += [_figure(figures.cohen_kappa)] if two else []
        cells += [_figure(figures.fleiss_kappa), _figure(figures.krippendorff_alpha)]
        return name.ljust(width) + "".join(cell.rjust(10) for cell in cells)

    lines += [row(path, figures) for path, figures in report.per_code.items()]
    lines += [row(path, figures) for path, figures in groups.items()]
    lines.append(row("Overall", report.overall))
    if not report.per_code:
        lines.append("(none of these coders coded anything here)")
    if report.pairwise:
        lines.append("Cohen's κ of each pair, all codes: " + ", ".join(
            f"{a} | {b} {_figure(kappa)}" for (a, b), kappa in report.pairwise.items()))
    return lines


def run_disagreements(options: argparse.Namespace) -> int:
    _check_coders(options.coders)
    with open_for_reading(options.project) as project, project.reading() as session:
        found = list_disagreements(
            session, options.coders, code_paths=options.code, source_names=options.source,
            include_resolved=options.all,
        )
    if options.json:
        print_json([d.as_json() for d in found])
        return 0
    for d in found:
        versions = "; ".join(
            f"{v.coder}: " + (", ".join(f"[{s}, {e})" for s, e in v.spans) or "—") for v in d.versions
        )
        mark = " (resolved: both kept)" if d.resolved else ""
        print(f"{d.source} [{d.start}, {d.end}) {d.code}{mark} — {versions}\n    {d.excerpt!r}")
    say(f"{counted(len(found), 'passage')} where the coders differ")
    return 0


def run_resolve(options: argparse.Namespace) -> int:
    _check_coders(options.coders)
    action = "accept" if options.accept else "keep" if options.keep else "remove"
    with open_for_writing(options.project, options.coder) as project:
        resolver = project.coder_id()
        with project.transaction() as session:
            coder_ids = [coder_by_name(session, name).id for name in options.coders]
            accepted = coder_by_name(session, options.accept).id if options.accept else None
            changes, _undo = resolve_disagreement(
                session, find_source(session, options.source), resolve_code_path(session, options.code),
                options.start, options.end, coder_ids, action, resolved_by_id=resolver,
                accepted_coder_id=accepted, note=options.note,
            )
    say(f"resolved [{options.start}, {options.end}) of '{options.source}' for '{options.code}' by {action}"
        f" ({counted(len(changes.codings), 'coding')} changed)")
    return 0


def run_resolutions(options: argparse.Namespace) -> int:
    with open_for_reading(options.project) as project, project.reading() as session:
        records = list_resolutions(session)
        paths = code_paths(session)
        names = {s.id: s.name for s in list_sources(session)}
    data: list[dict[str, Any]] = [
        {"source": names.get(r.source_id, "?"), "code": paths.get(r.code_id, "?"), "start": r.start, "end": r.end,
         "action": r.action, "accepted": r.accepted_coder, "coders": list(r.coders), "resolved_by": r.resolved_by,
         "at": r.created_at, "note": r.note, "guid": r.guid}
        for r in records
    ]
    if options.json:
        print_json(data)
        return 0
    for row in data:
        how = f"accepted {row['accepted']}'s version" if row["action"] == "accept" else (
            "kept every version" if row["action"] == "keep" else "removed every version")
        note = f" — {row['note']}" if row["note"] else ""
        print(f"{row['source']} [{row['start']}, {row['end']}) {row['code']}: {how} "
              f"({', '.join(row['coders'])}; by {row['resolved_by']}){note}")
    say(counted(len(data), "resolution"))
    return 0


def run_merge(options: argparse.Namespace) -> int:
    if is_server_url(options.project):
        if options.out:
            raise CommandError("--out writes a new file; merge into the server's project without it")
        from qcoder.cli.server_commands import merge_into_server

        outcome = merge_into_server(options.project, Path(options.other), dry_run=options.dry_run,
                                    coder=options.coder)
    else:
        outcome = merge_project_files(
            Path(options.project), Path(options.other), out=Path(options.out) if options.out else None,
            dry_run=options.dry_run, coder=coder_for_file(options.coder),
        )
    if options.json:
        print_json({
            "dry_run": options.dry_run,
            "written": str(outcome.written) if outcome.written else None,
            "backup": str(outcome.backup) if outcome.backup else None,
            **outcome.report.as_json(),
        })
        return 0
    lines = outcome.report.lines()
    if options.dry_run:
        lines[0] = f"would merge: {lines[0]} (nothing written)"
    for line in lines:
        print(line)
    if outcome.backup:
        say(f"backup of the state before: {outcome.backup}")
    if outcome.written:
        say(f"merged into {outcome.written}")
    elif is_server_url(options.project) and not options.dry_run:
        say("merged into the server's project (no qcoder backup there: its administrator keeps those)")
    return 0
