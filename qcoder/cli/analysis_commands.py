"""``qcoder search``, ``frequencies``, ``cooccurrence`` and ``crosstab``: the analyses, scriptable.

Each takes ``--query NAME`` to limit the codings to a saved query (see ``qcoder query``).
"""

from __future__ import annotations

import argparse
import sys

from qcoder.analysis.consensus import parse_consensus
from qcoder.analysis.cooccurrence import cooccurrence
from qcoder.analysis.cooccurrence_units import UNITS
from qcoder.analysis.crosstab import COUNTS, crosstab, crosstab_caption
from qcoder.analysis.framework_matrix import build_framework_matrix, parse_where
from qcoder.analysis.frequencies import attribute_frequencies, code_frequencies
from qcoder.analysis.query import saved_query_codings
from qcoder.analysis.search import SearchHit, search
from qcoder.app.table_exports import export_crosstab, export_framework
from qcoder.cli.context import CommandError, open_for_reading, open_for_writing, print_json, say, table_out_path
from qcoder.core.sessions import Session
from qcoder.core.spreadsheet_csv import csv_writer
from qcoder.core.usecases.commands.bulk_coding import apply_codings_bulk
from qcoder.core.usecases.commands.codes import ensure_code_path
from qcoder.core.wording import counted
from qcoder.io.cooccurrence_export import matrix_rows
from qcoder.io.crosstab_export import long_rows, table_rows


def register(commands: argparse._SubParsersAction) -> None:
    found = commands.add_parser("search", help="find a word, phrase or regular expression in the sources")
    found.add_argument("project")
    found.add_argument("query")
    found.add_argument("--regex", action="store_true", help="QUERY is a Python regular expression")
    found.add_argument("--case-sensitive", action="store_true")
    found.add_argument("--whole-words", action="store_true")
    found.add_argument("--context", type=int, default=50, help="characters of context each side (50)")
    found.add_argument("--limit", type=int, help="stop after this many hits")
    found.add_argument("--json", action="store_true")
    found.add_argument("--code", metavar="CODE_PATH", help="code every hit with this code (created if new)")
    found.add_argument("--coder", help="who codes the hits (with --code)")
    found.set_defaults(run=run_search)

    frequencies = commands.add_parser("frequencies", help="passages, sources, cases and coders per code and attribute value")
    frequencies.add_argument("project")
    frequencies.add_argument("--query", help="count only the codings of this saved query")
    frequencies.add_argument("--json", action="store_true")
    frequencies.set_defaults(run=run_frequencies)

    matrix = commands.add_parser("cooccurrence", help="which codes are coded together")
    matrix.add_argument("project")
    matrix.add_argument("--group", help="only the codes under this code group")
    matrix.add_argument("--unit", choices=UNITS, default="overlap", help="what 'together' means (overlap)")
    matrix.add_argument("--query", help="only the codings of this saved query")
    matrix.add_argument("--any-coder", action="store_true", help="count codings by different coders as together")
    matrix_output = matrix.add_mutually_exclusive_group()
    matrix_output.add_argument("--json", action="store_true")
    matrix_output.add_argument("--csv", action="store_true", help="the matrix as CSV on stdout")
    matrix.set_defaults(run=run_cooccurrence)

    table = commands.add_parser("crosstab", help="a code group against an attribute or another code group")
    table.add_argument("project")
    table.add_argument("--rows", required=True, help="a code group, e.g. 'On-ramp'")
    table.add_argument("--cols", required=True, help="a code group or an attribute (code:, case:, source: to be explicit)")
    table.add_argument("--by", help="a third dimension that splits the table")
    table.add_argument("--count", choices=COUNTS, default="passages",
                       help="passages: distinct coded spans, once however many coders coded them (default); "
                            "codings: one per coder and passage; sources; cases")
    table.add_argument("--unit", choices=UNITS, default="overlap", help="'together' for code groups (overlap)")
    table.add_argument("--query", help="only the row passages of this saved query")
    table.add_argument("--any-coder", action="store_true", help="count codings by different coders as together")
    table.add_argument("--consensus", metavar="all|K",
                       help="only passages coded (with the same code) by all coders, or by at least K")
    output = table.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true")
    output.add_argument("--csv", action="store_true", help="the table as CSV on stdout")
    table.add_argument("--out", help="write CSV or XLSX (by the suffix) to this file")
    table.set_defaults(run=run_crosstab)

    framework = commands.add_parser("framework", help="framework matrix: cases (organisations) × codes, with quotes")
    framework.add_argument("project")
    framework.add_argument("--codes", metavar="GROUP", help="the code group whose codes are the columns "
                           "(default: the study's on-ramps)")
    framework.add_argument("--where", action="append", default=[], metavar="KEY=VALUE",
                           help="only cases with this attribute value, e.g. 'governance model=Single-company project' "
                                "(repeatable: all must hold)")
    framework.add_argument("--organisations", action="store_true", help="only cases that are organisations")
    framework.add_argument("--consensus", metavar="all|K",
                           help="only passages coded (with the same code) by all coders, or by at least K")
    framework.add_argument("--count", choices=("passages", "codings"), default="passages")
    framework.add_argument("--json", action="store_true", help="counts and quotes of every cell as JSON")
    framework.add_argument("--out", help="write CSV or XLSX (by the suffix), with quotes in the cells")
    framework.set_defaults(run=run_framework)


def _codings(session: Session, query: str | None) -> set[int] | None:
    return saved_query_codings(session, query) if query else None


def run_search(options: argparse.Namespace) -> int:
    if options.context < 0:
        raise CommandError("--context cannot be negative")
    with open_for_reading(options.project) as project, project.reading() as session:
        result = search(
            session, options.query, regex=options.regex, case_sensitive=options.case_sensitive,
            whole_words=options.whole_words, context=options.context, limit=options.limit,
        )
    if options.json:
        print_json([
            {"source": h.source, "source_id": h.source_id, "start": h.start, "end": h.end, "speaker": h.speaker,
             "context": {"left": h.left, "hit": h.hit, "right": h.right}}
            for h in result.hits
        ])
    else:
        for h in result.hits:
            left, right = h.left.replace("\n", " "), h.right.replace("\n", " ")
            print(f"{h.source} [{h.start}, {h.end}) …{left}[{h.hit}]{right}…")
    say(counted(len(result.hits), "hit")
        + (" (more not shown: raise --limit)" if result.truncated else ""))
    if options.code and result.hits:
        code_hits(options, result.hits)
    return 0


def code_hits(options: argparse.Namespace, hits: tuple[SearchHit, ...]) -> None:
    """Code every hit in one transaction (all or nothing); hits already coded so are skipped."""
    with open_for_writing(options.project, options.coder) as project:
        coder_id = project.coder_id()
        with project.transaction() as session:
            ensured = ensure_code_path(session, options.code)
            assert ensured.created_id is not None
            applied = apply_codings_bulk(session, ensured.created_id, [(h.source_id, h.start, h.end) for h in hits], coder_id)
    for message in ensured.messages + applied.messages:
        say(message)


def run_frequencies(options: argparse.Namespace) -> int:
    with open_for_reading(options.project) as project, project.reading() as session:
        codings = _codings(session, options.query)
        codes = code_frequencies(session, coding_ids=codings)
        attributes = attribute_frequencies(session, coding_ids=codings)
    if options.json:
        print_json({
            "codes": [
                {"path": c.path, "codable": c.codable, "passages": c.passages, "codings": c.codings,
                 "total_codings": c.total_codings, "sources": c.sources,
                 "cases": c.cases, "coders": c.coders, "characters": c.characters,
                 "total_passages": c.total_passages, "total_sources": c.total_sources,
                 "total_cases": c.total_cases, "total_coders": c.total_coders,
                 "coding_ids": list(c.total_coding_ids)}
                for c in codes
            ],
            "attributes": [
                {"attribute": a.attribute, "applies_to": a.applies_to, "value": a.value, "owners": a.owners,
                 "sources": a.sources, "passages": a.passages, "codings": a.codings,
                 "coding_ids": list(a.coding_ids)}
                for a in attributes
            ],
        })
        return 0
    print("passages: distinct coded spans, once however many coders coded them; +sub: with the passages of "
          "the sub-codes; codings: coder × passage (with sub-codes); sources, cases, coders: with sub-codes")
    print(f"{'code':50} {'passages':>8} {'+sub':>6} {'codings':>7} {'sources':>8} {'cases':>6} {'coders':>6}")
    for c in codes:
        label = "  " * c.depth + c.name
        print(f"{label[:50]:50} {c.passages:>8} {c.total_passages:>6} {c.total_codings:>7} {c.total_sources:>8} "
              f"{c.total_cases:>6} {c.total_coders:>6}")
    if attributes:
        print()
        print(f"{'attribute = value':50} {'owners':>8} {'sources':>8} {'passages':>8} {'codings':>8}")
        for a in attributes:
            print(f"{(a.attribute + ' = ' + a.value)[:50]:50} {a.owners:>8} {a.sources:>8} {a.passages:>8} {a.codings:>8}")
    return 0


def run_cooccurrence(options: argparse.Namespace) -> int:
    with open_for_reading(options.project) as project, project.reading() as session:
        result = cooccurrence(session, group=options.group, unit=options.unit,
                              coding_ids=_codings(session, options.query), same_coder=not options.any_coder)
    if options.csv:
        csv_writer(sys.stdout).writerows(matrix_rows(result))
        return 0
    if options.json:
        print_json({
            "unit": result.unit,
            "codes": [c.path for c in result.codes],
            "matrix": result.matrix(),
            "pairs": [
                {"codes": [p.first.path, p.second.path], "passages": [p.first_passages, p.second_passages],
                 "sources": p.sources, "coding_ids": list(p.coding_ids)}
                for p in result.pairs()
            ],
        })
        return 0
    pairs = result.pairs()
    if not pairs:
        say(f"no codes are coded together (unit: {result.unit})")
    for p in pairs:
        print(f"{p.first.path} + {p.second.path}: {p.first_passages} + {counted(p.second_passages, 'passage')}"
              f" in {counted(p.sources, 'source')}")
    return 0


def run_crosstab(options: argparse.Namespace) -> int:
    out = table_out_path(options.out)
    with open_for_reading(options.project) as project, project.reading() as session:
        table = crosstab(session, options.rows, options.cols, by=options.by, count=options.count,
                         unit=options.unit, coding_ids=_codings(session, options.query),
                         same_coder=not options.any_coder, consensus=parse_consensus(options.consensus))
        if out is not None:
            say(export_crosstab(project, table, out))
    if options.json:
        print_json({
            "rows": {"label": table.rows.label, "categories": list(table.rows.categories)},
            "columns": {"label": table.columns.label, "categories": list(table.columns.categories)},
            "by": {"label": table.by.label, "categories": list(table.by.categories)} if table.by else None,
            "count": table.count, "unit": table.unit, "consensus": table.consensus,
            "tables": [table.table(layer) for layer in range(len(table.layers))],
            "cells": list(long_rows(table)),
        })
    elif options.csv:
        writer = csv_writer(sys.stdout)
        for layer, name in enumerate(table.layers):
            if table.by is not None:
                writer.writerow([f"{table.by.label}: {name}"])
            writer.writerows(table_rows(table, layer))
    elif out is None:
        say(crosstab_caption(table))
        for layer, name in enumerate(table.layers):
            if table.by is not None:
                print(f"{table.by.label}: {name}")
            for row in table_rows(table, layer):
                print(f"{str(row[0])[:40]:40}" + "".join(f"{str(v)[:14]:>15}" for v in row[1:]))
    return 0


def run_framework(options: argparse.Namespace) -> int:
    out = table_out_path(options.out)
    with open_for_reading(options.project) as project, project.reading() as session:
        matrix = build_framework_matrix(
            session, options.codes, where=parse_where(options.where), consensus=parse_consensus(options.consensus),
            organisations_only=options.organisations,
        )
    if out is not None:
        say(export_framework(matrix, out))
    if options.json:
        print_json({
            "group": matrix.group, "caption": matrix.caption, "cases": list(matrix.cases), "codes": list(matrix.codes),
            "cells": [
                {"case": case, "code": code, "passages": cell.passages, "codings": cell.codings,
                 "quotes": [{"source": q.source, "start": q.start, "end": q.end, "text": q.text, "coders": list(q.coders)}
                            for q in cell.quotes]}
                for (case, code), cell in sorted(matrix.cells.items())
            ],
        })
    elif out is None:
        say(matrix.caption)
        print(f"{'case':40}" + "".join(f"{code[:14]:>15}" for code in matrix.codes))
        for case in matrix.cases:
            print(f"{case[:40]:40}" + "".join(f"{matrix.value(case, code, options.count):>15}" for code in matrix.codes))
    return 0
