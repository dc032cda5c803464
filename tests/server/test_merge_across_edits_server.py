"""Merging across edits into a team server's project works as into a file: a copy with edits
brings the server's text up to them, a copy coded on the old text is mapped through them, and
the server ends up with the same project as a file merged the same way."""

from __future__ import annotations

from qcoder.app.merging import merge_into_project, merge_project_files, preview_merge
from qcoder.core.lifecycle.project import Project
from qcoder.core.lifecycle.restore import copy_database
from qcoder.core.team.transfer import push
from tests.core.merge_edit_helpers import content, content_of
from tests.core.test_merge_across_edits import EXPECTED, copies  # noqa: F401


def test_the_edited_and_the_unedited_copy_merge_into_a_server_as_into_a_file(copies, tmp_path, pg_url):
    ann, bob = copies
    base = tmp_path / "base.qcoder"
    push(base, pg_url)
    with Project.open(pg_url, coder_name="Lead") as server:
        assert preview_merge(server, ann).texts  # a preview on the server changes nothing
        assert content(server)["texts"] == content_of(base)["texts"]
        first = merge_into_project(server, ann).report
        second = merge_into_project(server, bob).report
        on_server = content(server)
    assert "brought up to the other copy's 2 edits" in first.texts[0]
    assert "placed through this copy's 2 edits" in second.texts[0]
    assert len(second.unplaced) == 1 and "truly" in second.unplaced[0]
    in_file = tmp_path / "file.qcoder"
    copy_database(base, in_file)
    merge_project_files(in_file, ann)
    merge_project_files(in_file, bob)
    assert on_server == content_of(in_file)
    words = {row[2]: set() for row in on_server["codings"]}
    for row in on_server["codings"]:
        words[row[2]].add(row[6])
    assert words["place"] == EXPECTED["place"] and words["help"] == {EXPECTED["help"]}
