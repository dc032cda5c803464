"""Helpers for the merge-across-edits tests: copies of one project, and what a project holds
(texts, edit histories, codings with their words) compared across merges."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from qcoder.core.lifecycle.project import Project
from qcoder.core.reanchoring import TextEdit, apply_edit, map_span, restricted_edit
from qcoder.core.store.models import Code, Coder, Coding, Source, SourceText
from qcoder.core.store.models import SourceEdit as SourceEditRow


def content(project: Project) -> dict[str, Any]:
    """The texts (by source GUID), each source's edit history (GUIDs), and every coding: GUID,
    source, code, coder, span and the words it covers."""
    with project.reading() as session:
        texts = dict(session.execute(
            select(Source.guid, SourceText.text).join(SourceText, SourceText.source_id == Source.id)).all())
        histories: dict[str, list[str]] = {guid: [] for guid in texts}
        for source_guid, edit_guid in session.execute(
            select(Source.guid, SourceEditRow.guid).join(SourceEditRow, SourceEditRow.source_id == Source.id)
            .order_by(SourceEditRow.id)
        ):
            histories[source_guid].append(edit_guid)
        codings = sorted(
            (guid, source, code, coder, start, end, texts[source][start:end])
            for guid, source, code, coder, start, end in session.execute(
                select(Coding.guid, Source.guid, Code.name, Coder.name, Coding.start, Coding.end)
                .join(Source, Source.id == Coding.source_id).join(Code, Code.id == Coding.code_id)
                .join(Coder, Coder.id == Coding.coder_id)
            )
        )
    return {"texts": texts, "histories": histories, "codings": codings}


def content_of(path: Path) -> dict[str, Any]:
    with Project.open(path, read_only=True) as project:
        return content(project)


def words_by_guid(path: Path) -> dict[str, str]:
    return {row[0]: row[6] for row in content_of(path)["codings"]}


def expected_words(text: str, span: tuple[int, int], edits: list[TextEdit]) -> str | None:
    """A passage's own words with each edit applied to them as the re-anchoring rules restrict
    it; ``None`` once the passage is removed (its words deleted)."""
    own, (a, b) = text[span[0]:span[1]], span
    for edit in edits:
        local = restricted_edit(a, b, edit)
        own = own if local is None else apply_edit(own, local)
        mapped = map_span(a, b, edit)
        if mapped.start is None or mapped.end is None:
            return None
        a, b = mapped.start, mapped.end
    return own
