"""A fully coded project with everything REFI-QDA carries, and helpers to compare projects."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from qcoder.core.lifecycle.project import Project
from qcoder.core.store.models import (
    Attribute,
    AttributeValue,
    Case,
    Code,
    Coder,
    Coding,
    Memo,
    Source,
    SourceText,
    case_sources,
)
from qcoder.core.usecases.commands.cases import add_case, link_source, set_attribute_value
from qcoder.core.usecases.commands.coders import ensure_coder
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.memos import add_memo
from qcoder.core.usecases.commands.sources import add_source

INTERVIEW = (
    "Interviewer: Where did the training data come from? 😀\n"
    "Amira: From a community crawl — مرحبا بكم — and 你好 partners in 🇫🇷 France.\n"
    "\n"
    "Interviewer: And <the> evaluation & \"release\"?\n"
    "Amira: We shared weights 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 early; e\u0301 stays decomposed.\n"
)
SECOND = "Bo: A short one.\nInterviewer: Thanks!\n"


def span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


@pytest.fixture
def rich_project(tmp_path: Path) -> Project:
    """Two sources (astral text, combining accents), a code tree with groups, three coders,
    overlapping codings with memos, cases with typed attributes, memos on everything."""
    folder = tmp_path / "rich"
    folder.mkdir()
    project = Project.create(folder / "study.qcoder", coder_name="Ann", codebook=None)
    ann = project.coder_id()
    with project.transaction() as s:
        bo = ensure_coder(s, "Bo")
        cy = ensure_coder(s, "Cy ünïcode")
        one = add_source(s, "Interview 1", INTERVIEW).created_id
        two = add_source(s, "Interview 2", SECOND).created_id
        stage = add_code(s, "Lifecycle stage", codable=False, colour="#6C757D", description="Where in the lifecycle").created_id
        pre = add_code(s, "Pre-training", parent_id=stage, colour="#0D5CDF", description="Data <and> compute & more").created_id
        data = add_code(s, "Data", parent_id=pre, colour="#3D7CE6").created_id
        post = add_code(s, "Post-release", parent_id=stage).created_id
        ramp = add_code(s, "On-ramp / sharing", colour="#F28E2B", description="Hackathons / sprints").created_id
        dup = add_code(s, "Data", parent_id=ramp).created_id  # same name, another parent
        for code, needle, coder, memo in (
            (pre, "the training data", ann, "key passage"),
            (data, "community crawl — مرحبا بكم", bo, None),
            (data, "community crawl — مرحبا بكم", ann, None),  # same span, two coders
            (ramp, "你好 partners in 🇫🇷 France", cy, "flag emoji"),
            (post, "shared weights 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 early", ann, None),
            (dup, "e\u0301 stays", bo, None),
            (post, "<the> evaluation & \"release\"", cy, None),
        ):
            start, end = span(INTERVIEW, needle)
            apply_coding(s, one, code, start, end, coder, memo=memo)
        apply_coding(s, two, ramp, 0, len(SECOND), ann)
        org = add_case(s, "Org Ä", description="A lab").created_id
        other = add_case(s, "Org B").created_id
        link_source(s, org, one)
        link_source(s, other, two)
        set_attribute_value(s, "case", org, "country", "FR")
        set_attribute_value(s, "case", org, "latitude", "48.85", value_type="number")
        set_attribute_value(s, "case", other, "interviewed", "yes", value_type="boolean")
        set_attribute_value(s, "source", one, "recorded", "2024-05-06", value_type="date")
        add_memo(s, "Project memo\nsecond line", ann)
        add_memo(s, "On the source", bo, target="source", target_id=one)
        add_memo(s, "On the code 😀", cy, target="code", target_id=pre)
        add_memo(s, "On the case", ann, target="case", target_id=org)
    yield project
    project.close()


def codings_of(project: Project) -> set[tuple[str, int, int, str, str, str, str | None]]:
    """(source guid, start, end, code guid, coder name, text, memo) of every coding."""
    with project.reading() as s:
        texts = dict(s.execute(select(Source.id, SourceText.text).join(SourceText)).all())
        return {
            (sg, start, end, cg, coder, texts[sid][start:end], memo)
            for sid, sg, start, end, cg, coder, memo in s.execute(
                select(Coding.source_id, Source.guid, Coding.start, Coding.end, Code.guid, Coder.name, Coding.memo)
                .join(Source, Source.id == Coding.source_id).join(Code, Code.id == Coding.code_id)
                .join(Coder, Coder.id == Coding.coder_id)
            )
        }


def coding_guids(project: Project) -> set[str]:
    with project.reading() as s:
        return set(s.execute(select(Coding.guid)).scalars())


def code_tree(project: Project) -> set[tuple[str, str | None, str, str, str, bool]]:
    with project.reading() as s:
        guids = dict(s.execute(select(Code.id, Code.guid)).all())
        return {
            (c.guid, guids.get(c.parent_id), c.name, c.colour, c.description, c.is_codable)
            for c in s.execute(select(Code)).scalars()
        }


def everything(project: Project) -> dict[str, object]:
    """A comparable picture of the whole project (GUIDs, names, texts, links, values, memos)."""
    with project.reading() as s:
        return {
            "codes": code_tree(project),
            "codings": codings_of(project),
            "coding_guids": coding_guids(project),
            "sources": set(s.execute(select(Source.guid, Source.name, SourceText.text).join(SourceText)).all()),
            "cases": set(s.execute(select(Case.guid, Case.name, Case.description)).all()),
            "links": set(s.execute(select(Case.guid, Source.guid).select_from(case_sources)
                                   .join(Case, Case.id == case_sources.c.case_id)
                                   .join(Source, Source.id == case_sources.c.source_id)).all()),
            "attributes": set(s.execute(select(Attribute.guid, Attribute.name, Attribute.value_type, Attribute.applies_to)).all()),
            "values": set(s.execute(select(Attribute.guid, AttributeValue.value, AttributeValue.case_id.is_(None))
                                    .join(Attribute, Attribute.id == AttributeValue.attribute_id)).all()),
            "memos": set(s.execute(select(Memo.guid, Memo.text, Coder.name, Memo.source_id.is_(None), Memo.code_id.is_(None),
                                          Memo.case_id.is_(None)).join(Coder, Coder.id == Memo.coder_id)).all()),
            "coders": set(s.execute(select(Coder.guid, Coder.name)).all()),
        }


def counts(project: Project) -> dict[str, int]:
    with project.reading() as s:
        return {model.__name__: len(s.execute(select(model.id)).all()) for model in (Code, Coding, Source, Case, Memo, Coder, Attribute, AttributeValue)}
