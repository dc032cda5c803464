"""``qcoder speakers``: list the speakers found on import; rename, merge, link to cases, autocode.

All the edits given in one call happen in one transaction, in the order rename, case, autocode,
so ``--rename SPEAKER_00=Kathleen --case Kathleen=Masakhane`` works in one go.
"""

from __future__ import annotations

import argparse

from qcoder.cli.context import CommandError, open_for_reading, open_for_writing, print_json, say
from qcoder.core.usecases.commands.codes import ensure_code_path
from qcoder.core.usecases.commands.speakers import autocode_speaker, link_speaker_to_case, rename_speaker
from qcoder.core.usecases.queries.sources import find_source
from qcoder.core.usecases.queries.speakers import list_speakers
from qcoder.core.wording import counted


def register(commands: argparse._SubParsersAction) -> None:
    speakers = commands.add_parser(
        "speakers", help="list speakers; rename or merge them, link them to cases, autocode their turns")
    speakers.add_argument("project")
    speakers.add_argument("--source", action="append", metavar="NAME",
                          help="only this source (name or GUID); repeatable")
    speakers.add_argument("--rename", action="append", default=[], metavar="OLD=NEW",
                          help="rename a speaker; an existing NEW merges the two; repeatable")
    speakers.add_argument("--case", action="append", default=[], metavar="SPEAKER=CASE",
                          help="link every source the speaker speaks in to CASE (created if new); repeatable")
    speakers.add_argument("--autocode", action="append", default=[], metavar="SPEAKER=CODE_PATH",
                          help="code every turn of SPEAKER (codes along the path are created); repeatable")
    speakers.add_argument("--coder")
    speakers.add_argument("--json", action="store_true")
    speakers.set_defaults(run=run_speakers)


def _pairs(values: list[str], option: str) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        left, sep, right = value.partition("=")
        if not sep or not left.strip() or not right.strip():
            raise CommandError(f"{option} needs NAME=VALUE, not '{value}'")
        pairs.append((left.strip(), right.strip()))
    return pairs


def run_speakers(options: argparse.Namespace) -> int:
    renames = _pairs(options.rename, "--rename")
    cases = _pairs(options.case, "--case")
    autocodes = _pairs(options.autocode, "--autocode")
    if renames or cases or autocodes:
        with open_for_writing(options.project, options.coder) as project:
            coder_id = project.coder_id()
            with project.transaction() as session:
                scope = _scope(session, options.source)
                for old, new in renames:
                    _changes, turn_ids = rename_speaker(session, old, new, source_ids=scope)
                    say(f"renamed {old} to {new} in {len(turn_ids)} turns")
                for speaker, case in cases:
                    _changes, link = link_speaker_to_case(session, speaker, case, source_ids=scope)
                    say(f"linked {counted(len(link.linked_source_ids), 'source')} of {speaker} to case {case}"
                        + (" (new case)" if link.created_case else ""))
                for speaker, path in autocodes:
                    code = ensure_code_path(session, path)
                    for message in code.messages:
                        say(message)
                    assert code.created_id is not None
                    changes = autocode_speaker(session, speaker, code.created_id, coder_id, source_ids=scope)
                    for message in changes.messages:
                        say(message)
                speakers = list_speakers(session, scope)
    else:
        with open_for_reading(options.project) as project, project.reading() as session:
            speakers = list_speakers(session, _scope(session, options.source))
    if options.json:
        print_json([
            {"speaker": s.name, "turns": s.turns, "characters": s.characters, "sources": len(s.source_ids),
             "cases": list(s.case_names), "first_words": s.sample}
            for s in speakers
        ])
    else:
        for s in speakers:
            print(f"{s.name}\t{counted(s.turns, 'turn')}\t{counted(len(s.source_ids), 'source')}\t"
                  f"{', '.join(s.case_names)}\t{s.sample[:60]}")
    return 0


def _scope(session, sources: list[str] | None) -> list[int] | None:
    return None if not sources else [find_source(session, name) for name in sources]
