"""The HTML report: self-contained, every piece of user text escaped, all four sections."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from qcoder.analysis.report_sections import report_sections
from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.cases import add_case, link_source
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding, set_exemplar
from qcoder.core.usecases.commands.sources import add_source
from qcoder.io.html_report import write_html_report
from qcoder.io.sample_study import build_sample_project

EVIL = '<script>alert("x")</script>'
TEXT = f'Ann: we said {EVIL} & <img src=x onerror=alert(1)> "quoted" 😀\nBo: fine.\n'


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.tags.append(tag)
        self.urls += [value for name, value in attrs if name in ("src", "href") and value and not value.startswith("#")]


def _parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


@pytest.fixture
def hostile_project(tmp_path):
    project = Project.create(tmp_path / "evil.qcoder", coder_name=EVIL, codebook=None)
    coder = project.coder_id()
    with project.transaction() as s:
        source = add_source(s, f"Source {EVIL}", TEXT).created_id
        group = add_code(s, f"Group {EVIL}", codable=False, description=f"def {EVIL}").created_id
        code = add_code(s, f"Code {EVIL}", parent_id=group, description="<b>bold?</b>").created_id
        other = add_code(s, "Other", parent_id=add_code(s, "Second group", codable=False).created_id).created_id
        coding = apply_coding(s, source, code, 0, len(TEXT) - 1, coder, memo=f"memo {EVIL}").created_id
        apply_coding(s, source, other, 5, 12, coder)
        set_exemplar(s, coding, True)
        link_source(s, add_case(s, f"Case {EVIL}").created_id, source)
    yield project
    project.close()


def test_all_user_text_is_escaped(hostile_project, tmp_path):
    out = tmp_path / "report.html"
    write_html_report(hostile_project, out, report_sections)
    html = out.read_text(encoding="utf-8")
    assert EVIL not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    parsed = _parse(html)
    assert "script" not in parsed.tags and "img" not in parsed.tags and "b" not in parsed.tags
    assert parsed.urls == []  # self-contained: nothing fetched
    assert "😀" in html and "★" in html  # the exemplar is marked and shown


def test_sections_say_what_is_missing(hostile_project, tmp_path):
    out = tmp_path / "report.html"
    write_html_report(hostile_project, out, report_sections)
    html = out.read_text(encoding="utf-8")
    for anchor in ("codebook", "map", "crosstab", "quotes"):
        assert f'id="{anchor}"' in html
    assert "No map: the project has no organisations" in html
    # the first two top-level groups are crossed when there is no stage × on-ramp
    assert re.search(r"<th>Other</th>", html)


def test_sample_study_report_has_map_and_crosstab(tmp_path):
    path = build_sample_project(tmp_path / "sample.qcoder")
    out = tmp_path / "report.html"
    with Project.open(path, read_only=True) as project:
        write_html_report(project, out, report_sections)
    html = out.read_text(encoding="utf-8")
    parsed = _parse(html)
    assert "svg" in parsed.tags and parsed.tags.count("circle") >= 10 and "line" in parsed.tags
    assert "Lifecycle stage" in html and "On-ramp" in html
    assert html.count("<blockquote>") >= 20
    assert parsed.urls == []
    # the wide crosstab scrolls inside its own box, not the page
    assert '<div class="scroll"><table>' in html and ".scroll{overflow-x:auto" in html


def test_without_analysis_sections_the_report_says_so(hostile_project, tmp_path):
    out = tmp_path / "report.html"
    write_html_report(hostile_project, out)
    assert out.read_text(encoding="utf-8").count("Not included in this report.") == 2
