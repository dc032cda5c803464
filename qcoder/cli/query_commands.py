"""``qcoder query P save|list|show|run|delete``: named filters of codings stored in the project.

``qcoder query study.qcoder save "Ann on ramps" 'code:On-ramp AND coder:Ann'`` — the syntax is
in :mod:`qcoder.analysis.query_language`; a JSON tree (starting with ``{``) is accepted too.
"""

from __future__ import annotations

import argparse
import json

from qcoder.analysis.passages import segments_for
from qcoder.analysis.query import compile_query, describe, evaluate, resolve_names
from qcoder.cli.context import CommandError, open_for_reading, open_for_writing, print_json, say, table_out_path
from qcoder.core.sessions import Session
from qcoder.core.usecases.commands.saved_queries import delete_query, save_query, update_query
from qcoder.core.usecases.queries.saved_queries import find_saved_query, list_saved_queries
from qcoder.core.wording import counted
from qcoder.io.passages_export import write_passages


def register(commands: argparse._SubParsersAction) -> None:
    query = commands.add_parser("query", help="save, list and run named queries (filters of codings)")
    query.add_argument("project")
    actions = query.add_subparsers(dest="action", metavar="ACTION", required=True)

    save = actions.add_parser("save", help="save (or with --replace, overwrite) a named query")
    save.add_argument("name")
    save.add_argument("expression", help="e.g. 'code:On-ramp AND NOT coder:Bob' or a JSON tree")
    save.add_argument("--description", default="")
    save.add_argument("--replace", action="store_true", help="overwrite a saved query of that name")
    save.add_argument("--coder")
    save.set_defaults(run=run_save)

    listing = actions.add_parser("list", help="list the saved queries")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=run_list)

    run = actions.add_parser("run", help="list the passages a saved query (or an expression) selects")
    run.add_argument("name", help="a saved query's name, or an expression with --expression")
    run.add_argument("--expression", action="store_true", help="NAME is an expression to run unsaved")
    run.add_argument("--json", action="store_true")
    run.add_argument("--out", help="also write the passages to this .csv or .xlsx file")
    run.set_defaults(run=run_run)

    delete = actions.add_parser("delete", help="delete a saved query")
    delete.add_argument("name")
    delete.add_argument("--coder")
    delete.set_defaults(run=run_delete)


def _tree(session: Session, expression: str) -> dict:
    text = expression.strip()
    if text.startswith("{"):
        try:
            tree = json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(f"the expression is not valid JSON ({error.msg} at character {error.pos + 1})") from None
        return resolve_names(session, tree)
    return compile_query(session, text)


def run_save(options: argparse.Namespace) -> int:
    with open_for_writing(options.project, options.coder) as project:
        coder_id = project.coder_id()
        with project.transaction() as session:
            tree = _tree(session, options.expression)
            existing = [q for q in list_saved_queries(session) if q.name == options.name.strip()]
            if existing and options.replace:
                update_query(session, existing[0].id, expression=tree, description=options.description)
            elif existing:
                raise CommandError(f"there already is a saved query '{options.name}' (use --replace to overwrite it)")
            else:
                save_query(session, options.name, tree, description=options.description, coder_id=coder_id)
            count = len(evaluate(session, tree))
            text = describe(session, tree)
    say(f"saved '{options.name.strip()}': {text} ({counted(count, 'passage')} now)")
    return 0


def run_list(options: argparse.Namespace) -> int:
    with open_for_reading(options.project) as project, project.reading() as session:
        rows = [(q, describe(session, q.expression), len(evaluate(session, q.expression))) for q in list_saved_queries(session)]
    if options.json:
        print_json([
            {"name": q.name, "expression": text, "tree": q.expression, "description": q.description,
             "passages": count, "guid": q.guid}
            for q, text, count in rows
        ])
    else:
        for q, text, count in rows:
            print(f"{q.name}: {text}  ({counted(count, 'passage')})" + (f" — {q.description}" if q.description else ""))
        if not rows:
            say("no saved queries yet: qcoder query PROJECT save NAME EXPRESSION")
    return 0


def run_run(options: argparse.Namespace) -> int:
    out = table_out_path(options.out)
    with open_for_reading(options.project) as project, project.reading() as session:
        tree = _tree(session, options.name) if options.expression else find_saved_query(session, options.name).expression
        selected = evaluate(session, tree)
        segments = segments_for(session, selected)
    if out is not None:
        write_passages(segments, out)
        say(f"wrote {counted(len(segments), 'passage')} to {out}")
    if options.json:
        print_json([
            {"source": s.source, "start": s.start, "end": s.end, "text": s.text, "code": s.code, "coder": s.coder,
             "cases": list(s.cases), "speaker": s.speaker, "memo": s.memo, "exemplar": s.exemplar, "guid": s.guid}
            for s in segments
        ])
    else:
        for s in segments:
            print(f"{s.source} [{s.start}, {s.end}) {s.code} ({s.coder}): {s.text!r}")
    say(counted(len(segments), "passage"))
    return 0


def run_delete(options: argparse.Namespace) -> int:
    with open_for_writing(options.project, options.coder) as project, project.transaction() as session:
        delete_query(session, find_saved_query(session, options.name).id)
    say(f"deleted the saved query '{options.name}'")
    return 0
