"""Editing a source's text on a team server: the lead edits, every coder's coding follows its
words, the word index follows the text, the database refuses any other change; a server made
at schema 4 is migrated (to the current schema), and its coders can read the edit history."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import text

from qcoder.analysis.search import search
from qcoder.core.lifecycle.project import Project
from qcoder.core.store.schema import SCHEMA_VERSION
from qcoder.core.usecases.commands.source_edits import apply_source_edits, edit_source_text, replace_in_source
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.usecases.queries.source_edits import source_edit_history
from qcoder.core.usecases.queries.sources import source_text
from tests.server.team import TEXT, Team, team  # noqa: F401


def _segments(project: Project) -> list[tuple[str, str]]:
    with project.reading() as s:
        return sorted((seg.coder, seg.text) for seg in list_segments(s))


def test_the_lead_edits_and_every_coders_coding_follows_its_words(team: Team):
    with Project.open(team.lead.with_password()) as project:
        before = _segments(project)
        result = project.write(edit_source_text, team.source, 0, 0, "[1] ")
        project.write(replace_in_source, team.source, "compute", "GPUs")
        assert _segments(project) == before
        with project.reading() as s:
            assert [hit.hit for hit in search(s, "GPUs").hits] == ["GPUs"]
            assert search(s, "compute").hits == ()
        with pytest.raises(Exception, match="immutable except through an edit recorded"):
            with project.transaction() as s:
                s.execute(text("UPDATE source_texts SET text = 'forged'"))
    with Project.open(team.bob.with_password()) as bob, bob.reading() as s:
        assert [e.new_text for e in source_edit_history(s, team.source)] == ["[1] ", "GPUs"]
        assert source_text(s, team.source) == "[1] " + TEXT.replace("compute", "GPUs")
    with Project.open(team.lead.with_password()) as project:
        project.write(apply_source_edits, result.inverse)  # undo the first edit (after the second)
        with project.reading() as s:
            assert source_text(s, team.source) == TEXT.replace("compute", "GPUs")
        assert _segments(project) == before


def test_a_server_at_schema_4_is_migrated_and_its_coders_read_the_history(team: Team):
    with psycopg.connect(team.dsn(team.lead), autocommit=True) as lead:
        lead.execute("DROP TABLE source_edits CASCADE")
        lead.execute("""CREATE OR REPLACE FUNCTION qcoder_refuse_text_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'a source text is immutable after import'; END $$""")
        lead.execute("DROP TRIGGER source_texts_immutable ON source_texts")
        lead.execute("""CREATE TRIGGER source_texts_immutable BEFORE UPDATE OF text ON source_texts FOR EACH ROW
            WHEN (new.text IS DISTINCT FROM old.text) EXECUTE FUNCTION qcoder_refuse_text_change()""")
        lead.execute("DROP INDEX ix_codes_parent_name")  # schema 6's
        lead.execute("UPDATE project_meta SET value = '4' WHERE key = 'schema_version'")
    with Project.open(team.lead.with_password()) as project:
        project.write(edit_source_text, team.source, 0, 3, "Robert")
    with Project.open(team.bob.with_password()) as bob, bob.reading() as s:
        assert [e.new_text for e in source_edit_history(s, team.source)] == ["Robert"]
    with psycopg.connect(team.dsn(team.lead), autocommit=True) as lead:
        assert lead.execute("SELECT value FROM project_meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
        assert lead.execute("SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_codes_parent_name'").fetchone()[0] == 1
        assert lead.execute("SELECT count(*) FROM pg_proc WHERE proname = 'qcoder_refuse_text_change'"
                            ).fetchone()[0] == 0
