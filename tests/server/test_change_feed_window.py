"""Two coders on one server project: the window shows the other's work within a few seconds."""

from __future__ import annotations

from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.cases import add_case
from qcoder.core.usecases.commands.codes import add_code, rename_code
from qcoder.core.usecases.commands.codings import apply_coding
from tests.server.server_window import TEXT, open_window, seed


def _source_codings(window, source_id: int) -> int:
    model = window.sources.model
    return model.source(model.row_of(source_id)).codings


def test_another_coders_codings_show_in_the_document_and_the_counts(qtbot, pg_url, tmp_path):
    source, code = seed(pg_url)
    window = open_window(qtbot, pg_url, tmp_path)
    try:
        window.document.show_source(source)
        assert window.document.view.codings == [] and window.codes.model.code(code).count == 0
        with Project.open(pg_url, coder_name="Bea") as bea:
            start = TEXT.index("shared compute")
            for offset in range(3):
                bea.write(apply_coding, source, code, start + offset, start + 14, bea.coder_id())
            bea.write(rename_code, code, "Compute (shared)")
            bea.write(add_case, "Lab")
        qtbot.waitUntil(lambda: window.codes.model.code(code).count == 3, timeout=8000)
        qtbot.waitUntil(lambda: len(window.document.view.codings) == 3, timeout=8000)
        qtbot.waitUntil(lambda: _source_codings(window, source) == 3, timeout=8000)
        qtbot.waitUntil(lambda: window.codes.model.code(code).name == "Compute (shared)", timeout=8000)
        assert {c.coder for c in window.document.view.codings} == {"Bea"}
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "updated with Bea's changes", timeout=3000)
        window.grab().save("/tmp/s11/live.png")
    finally:
        window.controller.close_project()


def test_own_edits_do_not_come_back_as_remote_changes(qtbot, pg_url, tmp_path):
    source, code = seed(pg_url)
    window = open_window(qtbot, pg_url, tmp_path)
    try:
        window.controller.close_project()
        window.projects.opened(Project.open(pg_url, coder_name="Ann"))
        window.controller.watch_server(interval=0.1)
        seen: list[object] = []
        window.controller.changed.connect(seen.append)
        window.controller.run(apply_coding, source, code, 0, 5, window.controller.coder_id())
        assert len(seen) == 1  # the action's own signal
        qtbot.wait(600)  # several polls
        assert len(seen) == 1, "the window's own coding is not reported again by the feed"
        with Project.open(pg_url, coder_name="Bea") as bea:
            bea.write(apply_coding, source, code, 6, 9, bea.coder_id())
        qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    finally:
        window.controller.close_project()


def test_closing_the_project_stops_watching(qtbot, pg_url, tmp_path, monkeypatch):
    seed(pg_url)
    window = open_window(qtbot, pg_url, tmp_path)
    watcher = window.controller._watcher
    assert watcher is not None and watcher.watching
    polls: list = []  # a quick poll may start and end between two looks at watcher.job
    start = watcher.runner.start
    monkeypatch.setattr(watcher.runner, "start", lambda *a, **k: polls.append(start(*a, **k)) or polls[-1])
    qtbot.waitUntil(lambda: bool(polls), timeout=5000)  # a poll on its way
    poll = polls[-1]
    window.controller.close_project()
    assert not poll.running and not watcher.watching and window.controller._watcher is None


def test_a_remote_update_keeps_what_the_coder_has_selected(qtbot, pg_url, tmp_path):
    """Bea's coding arrives while Ann is selecting a passage and has a code chosen: both stay."""
    source, code = seed(pg_url)
    window = open_window(qtbot, pg_url, tmp_path)
    try:
        other = window.controller.run(add_code, "Data").created_id
        window.document.show_source(source)
        window.codes.select_code(other)
        start = TEXT.index("café crew")
        window.document.view.select_span(start, start + len("café crew"))
        with Project.open(pg_url, coder_name="Bea") as bea:
            bea.write(apply_coding, source, code, 0, 11, bea.coder_id())
            bea.write(add_code, "Trust")
        qtbot.waitUntil(lambda: len(window.document.view.codings) == 1, timeout=8000)
        qtbot.waitUntil(lambda: any(c.name == "Trust" for c in window.codes.model.codes()), timeout=8000)
        assert window.document.view.selected_span() == (start, start + len("café crew"))
        assert window.codes.current_code_id() == other
    finally:
        window.controller.close_project()


def test_two_coders_code_the_sample_study_at_once_and_each_sees_the_other(qtbot, pg_url, tmp_path):
    from qcoder.core.team.transfer import push
    from qcoder.core.usecases.queries.code_tree import resolve_code_path
    from qcoder.core.usecases.queries.codings import list_segments
    from qcoder.io.sample_study import build_sample_project

    push(build_sample_project(tmp_path / "sample.qcoder"), pg_url)
    alex, sam = (open_window(qtbot, pg_url, tmp_path, coder) for coder in ("Alex", "Sam"))
    try:
        before = len(alex.controller.read(list_segments))
        source = alex.sources.model.source(0).id
        code = alex.controller.read(resolve_code_path, "On-ramp/Compute partnerships")
        for window, (start, end) in ((alex, (0, 40)), (sam, (50, 90))):
            window.document.show_source(source)
            window.document.view.select_span(start, end)
            window.coding.apply_code(code)
        mine = {(c.coder, c.start, c.end) for c in alex.document.view.codings if c.code_id == code}
        assert ("Alex", 0, 40) in mine
        for window in (alex, sam):
            qtbot.waitUntil(lambda w=window: {("Alex", 0, 40), ("Sam", 50, 90)} <= {
                (c.coder, c.start, c.end) for c in w.document.view.codings if c.code_id == code}, timeout=8000)
            qtbot.waitUntil(lambda w=window: w.codes.model.code(code).count == alex.controller.read(
                lambda s: sum(1 for seg in list_segments(s) if seg.code_id == code)), timeout=8000)
        assert len(sam.controller.read(list_segments)) == before + 2
    finally:
        alex.controller.close_project()
        sam.controller.close_project()
