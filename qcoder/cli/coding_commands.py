"""``qcoder codes``, ``code`` and ``segments``."""

from __future__ import annotations

import argparse

from qcoder.cli.context import open_for_reading, open_for_writing, print_json, say
from qcoder.core.usecases.commands.codes import ensure_code_path
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.queries.code_tree import code_reach, escape_code_name, list_codes, resolve_code_path
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.usecases.queries.sources import find_source


def register(commands: argparse._SubParsersAction) -> None:
    codes = commands.add_parser("codes", help="list the code tree")
    codes.add_argument("project")
    codes.add_argument("--json", action="store_true")
    codes.set_defaults(run=run_codes)

    code = commands.add_parser("code", help="code the span [START, END) of a source")
    code.add_argument("project")
    code.add_argument("source", help="the source's name or GUID")
    code.add_argument("start", type=int, help="first character (code points, from 0)")
    code.add_argument("end", type=int, help="one past the last character")
    code.add_argument("code_path", metavar="CODE_PATH", help="e.g. 'Lifecycle stage/Pre-training'; a / inside a name "
                      "is written \\/ ('Outputs/Model\\/data cards'), or give the code's GUID")
    code.add_argument("--coder")
    code.set_defaults(run=run_code)

    segments = commands.add_parser("segments", help="list coded passages")
    segments.add_argument("project")
    segments.add_argument("--code", help="only this code (and its children)")
    segments.add_argument("--coder")
    segments.add_argument("--json", action="store_true")
    segments.set_defaults(run=run_segments)


def run_codes(options: argparse.Namespace) -> int:
    with open_for_reading(options.project) as project, project.reading() as session:
        codes = list_codes(session)
        reach = code_reach(session)
    if options.json:
        escaped: dict[int, str] = {}
        for c in codes:  # tree order: a parent comes before its children
            own = escape_code_name(c.name)
            escaped[c.id] = own if c.parent_id is None else f"{escaped[c.parent_id]}/{own}"
        print_json(
            [
                {"path": c.path, "escaped_path": escaped[c.id], "name": c.name, "color": c.colour,
                 "codable": c.codable, "count": c.count, "passages": reach[c.id].passages, "codings": reach[c.id].codings,
                 "passages_with_subcodes": reach[c.id].total_passages, "description": c.description, "guid": c.guid}
                for c in codes
            ]
        )
    else:
        say("(passages: distinct coded spans, once however many coders coded them; "
              "with sub-codes: its passages and those of its sub-codes)")
        depths: dict[int, int] = {}
        has_children = {c.parent_id for c in codes}
        for c in codes:  # tree order: a parent comes before its children
            depth = depths[c.id] = 0 if c.parent_id is None else depths[c.parent_id] + 1
            counts = reach[c.id]
            below = f", {counts.total_passages} with sub-codes" if c.id in has_children else ""
            own = f"{counts.passages} passages" if c.codable else ""
            label = f"{c.name}  ({own}{below})" if own else f"{c.name}/" + (f"  ({below[2:]})" if below else "")
            print(f"{'  ' * depth}{label}")
    return 0


def run_code(options: argparse.Namespace) -> int:
    with open_for_writing(options.project, options.coder) as project:
        coder_id = project.coder_id()
        with project.transaction() as session:
            source_id = find_source(session, options.source)
            ensured = ensure_code_path(session, options.code_path)
            assert ensured.created_id is not None
            applied = apply_coding(session, source_id, ensured.created_id, options.start, options.end, coder_id)
    for message in ensured.messages:
        say(message)
    say(f"coded [{options.start}, {options.end}) of '{options.source}' with '{options.code_path}' (coding {applied.created_id})")
    return 0


def run_segments(options: argparse.Namespace) -> int:
    with open_for_reading(options.project) as project, project.reading() as session:
        code_id = None
        if options.code:
            code_id = resolve_code_path(session, options.code)
        segments = list_segments(session, code_id=code_id, include_children=True, coder=options.coder)
    if options.json:
        print_json(
            [
                {"source": s.source, "start": s.start, "end": s.end, "text": s.text, "code": s.code,
                 "coder": s.coder, "memo": s.memo, "exemplar": s.exemplar, "cases": list(s.cases),
                 "speaker": s.speaker, "guid": s.guid}
                for s in segments
            ]
        )
    else:
        for s in segments:
            print(f"{s.source} [{s.start}, {s.end}) {s.code} ({s.coder}): {s.text!r}")
    return 0
