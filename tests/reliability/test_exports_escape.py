"""Every export keeps user text as text: a code, organisation, source, coder or memo called
``<script>alert(1)</script>`` with ampersands and quotes is shown, never run, in the HTML report
(with its map), the Markdown codebook, the map's SVG images and its GraphML."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import select

from qcoder.cli.main import main
from qcoder.core.lifecycle.project import Project
from qcoder.core.store.models import Coding
from qcoder.core.usecases.commands.codes import describe_code, rename_code
from qcoder.core.usecases.commands.codings import set_coding_memo, set_exemplar
from qcoder.core.usecases.commands.memos import add_memo
from qcoder.core.usecases.commands.organisations import rename_organisation
from qcoder.core.usecases.commands.sources import rename_source
from qcoder.core.usecases.queries.code_tree import list_codes
from qcoder.core.usecases.queries.organisations import list_organisations
from qcoder.io.sample_study import build_sample_project

EVIL = "<script>alert(1)</script> & \"double\" 'single' <img src=x onerror=alert(2)>"
ACTIVE_TAGS = {"script", "img", "iframe", "object", "embed", "svg:script"}


class _Page(HTMLParser):
    """The tags an HTML page really has and the text a reader sees."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.handlers: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.tags.append(tag)
        self.handlers += [name for name, _value in attrs if name.startswith("on")]
        self.links += [value or "" for name, value in attrs if name in ("href", "src")]

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        self.text.append(data)


def _page(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


@pytest.fixture(scope="module")
def evil_study(tmp_path_factory) -> Path:
    """The sample study with an organisation, a code, a source, a coder and memos renamed evil."""
    path = build_sample_project(tmp_path_factory.mktemp("evil") / "evil.qcoder")
    with Project.open(path, coder_name=f"Coder {EVIL}") as project:
        coder = project.coder_id()
        with project.transaction() as s:
            placed = next(o for o in list_organisations(s) if o.lat is not None and o.case_id and o.source_ids)
            rename_organisation(s, placed.case_id, f"Org {EVIL}")
            code = next(c for c in list_codes(s) if c.codable and c.count and "/" in c.path)
            rename_code(s, code.id, f"Code {EVIL}")
            describe_code(s, code.id, f"Definition {EVIL}")
            coding = s.scalars(select(Coding).where(Coding.code_id == code.id)).first()
            rename_source(s, coding.source_id, f"Source {EVIL}")
            set_coding_memo(s, coding.id, f"Passage memo {EVIL}")
            set_exemplar(s, coding.id, True)  # so that the report quotes it
            add_memo(s, f"Code memo {EVIL}", coder, target="code", target_id=code.id)
    return path


def _export(project: Path, out: Path, *arguments: str) -> None:
    assert main([*arguments, str(project), "--out", str(out)]) == 0
    assert out.is_file()


def _assert_text_only(html: str, *expected: str) -> None:
    page = _page(html)
    assert not ACTIVE_TAGS & set(page.tags), sorted(ACTIVE_TAGS & set(page.tags))
    assert page.handlers == []
    assert all(link.startswith("#") for link in page.links), "only links within the page"
    shown = "".join(page.text)
    for name in expected:
        assert name in shown, f"{name!r} is not shown as text"


def test_the_html_report_shows_every_evil_name_as_text(evil_study, tmp_path):
    out = tmp_path / "report.html"
    _export(evil_study, out, "export", "--format", "html")
    html = out.read_text(encoding="utf-8")
    assert "<svg" in html, "the report has its map"
    _assert_text_only(html, f"Code {EVIL}", f"Definition {EVIL}", f"Source {EVIL}", f"Passage memo {EVIL}")
    map_part = html[html.index("<svg"): html.index("</svg>") + 6]
    assert f"Org {EVIL}" in "".join(etree.fromstring(map_part.encode()).itertext()), "the map names it, as text"


def test_the_markdown_codebook_renders_as_text(evil_study, tmp_path):
    from markdown_it import MarkdownIt

    out = tmp_path / "codebook.md"
    _export(evil_study, out, "export", "--format", "md")
    markdown = out.read_text(encoding="utf-8")
    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)  # raw HTML allowed
    _assert_text_only(rendered, f"Code {EVIL}", f"Definition {EVIL}")


@pytest.mark.parametrize("view", ["network", "lifecycle", "matrix"])
def test_the_map_images_hold_the_names_as_svg_text(evil_study, tmp_path, view):
    out = tmp_path / f"{view}.svg"
    arguments = ["map", "--view", view]
    if view == "matrix":
        arguments += ["--rows", "Lifecycle stage"]
    _export(evil_study, out, *arguments)
    tree = etree.parse(str(out), etree.XMLParser(resolve_entities=False, no_network=True))
    tags = {etree.QName(element).localname for element in tree.iter() if isinstance(element.tag, str)}
    assert not {"script", "foreignObject", "image"} & tags
    assert not any(name.startswith("on") for element in tree.iter() for name in element.attrib)
    if view == "network":
        assert f"Org {EVIL}" in "".join(tree.getroot().itertext())


def test_the_graphml_holds_the_names_as_xml_text(evil_study, tmp_path):
    out = tmp_path / "network.graphml"
    _export(evil_study, out, "map", "--view", "network")
    tree = etree.parse(str(out), etree.XMLParser(resolve_entities=False, no_network=True))
    ids = {element.get("id") for element in tree.iter("{*}node")}
    assert f"Org {EVIL}" in ids
