"""The schema fixtures: one small project file per schema version in ``tests/fixtures/schema/``.

``python -m tests.reliability.schema_fixture`` writes ``v<SCHEMA_VERSION>.qcoder`` with a few
sources (emoji, Arabic, Chinese, combining accents, speaker turns), a code tree, codings by two
coders, cases with attributes, and memos with emoji, plus ``v<N>.json``: what :func:`content`
reads from it. Run it once when a new schema version ships and commit both files; never
regenerate an old version's files (they stand for files users already have).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from qcoder.core.lifecycle.project import Project
from qcoder.core.snapshots import TurnInfo
from qcoder.core.store import schema
from qcoder.core.usecases.commands.cases import add_case, link_source, set_attribute_value
from qcoder.core.usecases.commands.coders import ensure_coder
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.memos import add_memo
from qcoder.core.usecases.commands.source_edits import edit_source_text
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.cases import list_cases
from qcoder.core.usecases.queries.code_tree import list_codes
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.usecases.queries.memos import list_memos
from qcoder.core.usecases.queries.source_edits import source_edit_history
from qcoder.core.usecases.queries.sources import list_sources, source_text, source_turns

FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "schema"

AMARA = (
    "Interviewer: Which partner helped you most? 😀🎉\n"
    "Amara: Honestly the 你好 lab and the مرحبا team — they shared compute with us.\n"
    "Interviewer: And the data?\n"
    "Amara: A café in Zu\u0308rich ran the annotation sprint 👩🏽‍💻.\n"
)
BO = "Bo: We forked the base model and released our weights.\nInterviewer: Why? 🤔\nBo: Openness.\n"


def _turns(text: str) -> list[TurnInfo]:
    turns, at = [], 0
    for line in text.splitlines(keepends=True):
        speaker = line.split(":", 1)[0]
        turns.append(TurnInfo(at, at + len(line.rstrip("\n")), speaker))
        at += len(line)
    return turns


def build(path: Path) -> None:
    with Project.create(path, coder_name="Ann", codebook=None) as project:
        ann = project.coder_id()
        with project.transaction() as s:
            ben = ensure_coder(s, "Ben 🧑‍🔬")
            amara = add_source(s, "amara", AMARA, turns=_turns(AMARA), original_filename="amara.txt").created_id
            bo = add_source(s, "bo 🇳🇴", BO, turns=_turns(BO)).created_id
            stage = add_code(s, "Lifecycle stage", codable=False, description="When <it> happens").created_id
            pre = add_code(s, "Pre-training", parent_id=stage, colour="#1F77B4").created_id
            post = add_code(s, "Post-release", parent_id=stage, colour="#FF7F0E").created_id
            compute = add_code(s, "Compute 💻", description="Shared GPUs & \"credits\"").created_id
            sub = add_code(s, "Cloud credits", parent_id=compute).created_id
            for source, text, code, needle, coder, memo in (
                (amara, AMARA, compute, "shared compute", ann, "a clear case 👍"),
                (amara, AMARA, compute, "shared compute", ben, None),
                (amara, AMARA, pre, "你好 lab and the مرحبا", ann, None),
                (amara, AMARA, sub, "café in Zu\u0308rich", ben, "accent: combining ̈"),
                (amara, AMARA, pre, "👩🏽‍💻", ann, None),
                (bo, BO, post, "released our weights", ann, None),
                (bo, BO, post, "🤔", ben, None),
            ):
                start = text.index(needle)
                apply_coding(s, source, code, start, start + len(needle), coder, memo=memo,
                             exemplar=memo is not None)
            lab = add_case(s, "Lab 你好", description="A public research institute").created_id
            org = add_case(s, "Forge AB").created_id
            link_source(s, lab, amara)
            link_source(s, org, bo)
            set_attribute_value(s, "case", lab, "type", "public research institute or public body")
            set_attribute_value(s, "case", lab, "country", "CN")
            set_attribute_value(s, "case", org, "interviewed", "yes", value_type="boolean")
            set_attribute_value(s, "source", bo, "interview date", "2025-03-01", value_type="date")
            add_memo(s, "Project memo: the study 🗺️ so far", ann)
            add_memo(s, "Amara was generous with time 🙏", ben, target="source", target_id=amara)
            add_memo(s, "Definition still fuzzy — revisit", ann, target="code", target_id=compute)
            add_memo(s, "Nordic case ❄️", ann, target="case", target_id=org)
        with project.transaction() as s:  # schema 5: a corrected word inside a coded passage
            at = BO.index("released")
            edit_source_text(s, bo, at, at + len("released"), "published")


def content(project: Project) -> dict[str, list]:
    """The fixture's data as plain, version-independent values (no ids, no timestamps)."""
    with project.reading() as s:
        sources = list_sources(s)
        names = {source.id: source.name for source in sources}
        codes = list_codes(s)
        paths = {code.id: code.path for code in codes}
        cases = list_cases(s)
        case_names = {case.id: case.name for case in cases}
        edits = sorted(
            [names[source.id], e.start, e.end, e.new_text, e.characters, e.sha256, e.edited_by]
            for source in sources for e in source_edit_history(s, source.id)
        )
        return {
            **({"edits": edits} if edits else {}),  # schema 5 on; older files have none
            "sources": sorted(
                [source.name, source.characters, hashlib.sha256(source_text(s, source.id).encode()).hexdigest(),
                 [[t.start, t.end, t.speaker] for t in source_turns(s, source.id)]]
                for source in sources
            ),
            "codes": sorted([code.path, code.colour, code.description, code.codable] for code in codes),
            "codings": sorted(
                [seg.source, seg.code, seg.start, seg.end, seg.coder, seg.text, seg.memo, seg.exemplar]
                for seg in list_segments(s)
            ),
            "cases": sorted(
                [case.name, case.description, sorted(names[i] for i in case.source_ids),
                 sorted(list(pair) for pair in case.attributes)]
                for case in cases
            ),
            "memos": sorted(
                [memo.text, memo.coder, names.get(memo.source_id), paths.get(memo.code_id),
                 case_names.get(memo.case_id)]
                for memo in list_memos(s)
            ),
        }


def as_json(data: dict[str, list]) -> str:
    """One row per line, so that a diff shows which row changed."""
    parts = [
        f"  {json.dumps(key)}: [\n" + ",\n".join(f"    {json.dumps(row, ensure_ascii=False)}" for row in rows) + "\n  ]"
        for key, rows in data.items()
    ]
    return "{\n" + ",\n".join(parts) + "\n}\n"


def main() -> None:
    path = FOLDER / f"v{schema.SCHEMA_VERSION}.qcoder"
    if path.exists():
        sys.exit(f"{path} exists: a shipped version's fixture is never regenerated")
    build(path)
    with Project.open(path, read_only=True) as project:
        expected = content(project)
    path.with_suffix(".json").write_text(as_json(expected), encoding="utf-8")
    print(f"wrote {path.name} and {path.with_suffix('.json').name}")


if __name__ == "__main__":
    main()
