"""``qcoder edit`` and ``qcoder replace``: correct a source's text; every passage follows its words.

Positions are code points into the stored text (as ``qcoder segments --json`` shows them); a
passage whose words are all deleted is removed and named, one line each.
"""

from __future__ import annotations

import argparse

from qcoder.cli.context import open_for_writing, print_json
from qcoder.core.usecases.commands.source_edits import edit_source_text, replace_in_source
from qcoder.core.usecases.queries.source_edits import SourceEditResult
from qcoder.core.usecases.queries.sources import find_source
from qcoder.core.wording import counted


def register(commands: argparse._SubParsersAction) -> None:
    edit = commands.add_parser(
        "edit", help="replace the characters START to END of a source's text with NEWTEXT (codings follow)")
    edit.add_argument("project")
    edit.add_argument("source", help="the source's name or GUID")
    edit.add_argument("start", type=int, help="first character replaced (0-based, code points)")
    edit.add_argument("end", type=int, help="character after the last one replaced (START for an insertion)")
    edit.add_argument("new_text", metavar="NEWTEXT", help="the new words ('' to delete)")
    edit.add_argument("--coder")
    edit.add_argument("--json", action="store_true")
    edit.set_defaults(run=run_edit)

    replace = commands.add_parser(
        "replace", help="replace a word or phrase in a source's text, the first occurrence or all (codings follow)")
    replace.add_argument("project")
    replace.add_argument("source", help="the source's name or GUID")
    replace.add_argument("--find", required=True, metavar="TEXT")
    replace.add_argument("--with", dest="replacement", required=True, metavar="TEXT")
    replace.add_argument("--all", action="store_true", help="every occurrence, not only the first")
    replace.add_argument("--whole-word", action="store_true", help="skip occurrences inside longer words")
    replace.add_argument("--ignore-case", action="store_true")
    replace.add_argument("--coder")
    replace.add_argument("--json", action="store_true")
    replace.set_defaults(run=run_replace)


def run_edit(options: argparse.Namespace) -> int:
    with open_for_writing(options.project, options.coder) as project, project.transaction() as session:
        source_id = find_source(session, options.source)
        result = edit_source_text(session, source_id, options.start, options.end, options.new_text)
    _report(options, result)
    return 0


def run_replace(options: argparse.Namespace) -> int:
    with open_for_writing(options.project, options.coder) as project, project.transaction() as session:
        source_id = find_source(session, options.source)
        result = replace_in_source(
            session, source_id, options.find, options.replacement,
            whole_word=options.whole_word, replace_all=options.all, ignore_case=options.ignore_case,
        )
    _report(options, result)
    return 0


def _report(options: argparse.Namespace, result: SourceEditResult) -> None:
    removed = [p for p in result.removed if p.table == "codings"]
    if options.json:
        print_json({
            "source": options.source, "edits": result.edits, "codings_changed": len(result.changes.codings),
            "removed": [{"kind": p.table, "label": p.label, "text": p.text} for p in result.removed],
        })
        return
    if not result.edits:
        print(f"'{options.source}' already reads so: nothing changed")
        return
    moved = len(result.changes.codings) - len(removed)
    print(f"edited '{options.source}': {counted(result.edits, 'edit')}, {counted(moved, 'coding')} re-anchored, "
          f"{len(removed)} removed")
    for message in result.changes.messages:
        print(message)
