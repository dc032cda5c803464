"""HTML pages (.html, .htm): the visible text only.

Scripts, styles, templates, the ``<head>`` and elements marked ``hidden`` are left out; block
elements (paragraphs, headings, list items, table rows…) become lines, paragraphs are separated
by a blank line, table cells by tabs, ``<br>`` is a line break, and whitespace inside a block is
collapsed as a browser would (except in ``<pre>``).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from qcoder.io.decoding import decode_text
from qcoder.io.parsed import ParsedTranscript, UnreadableFileError
from qcoder.io.speakers import detect_turns

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)
_INVISIBLE = {"script", "style", "head", "template", "noscript", "svg", "math", "iframe", "object", "select"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_PARAGRAPH = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "dl",
              "figure", "section", "article", "header", "footer", "main", "aside", "nav", "hr", "address"}
_LINE = {"div", "li", "tr", "dt", "dd", "caption", "figcaption", "form", "fieldset", "details", "summary"}
_CELL = {"td", "th"}
_SPACE = re.compile(r"[ \t\n\r\f]+")


def read_html(data: bytes, name: str) -> ParsedTranscript:
    text = _visible_text(_decode(data, name))
    if not text.strip():
        raise UnreadableFileError(f"{name} has no visible text")
    return ParsedTranscript(text=text, turns=tuple(detect_turns(text)), kind="html")


def _decode(data: bytes, name: str) -> str:
    """The charset a ``<meta>`` declares wins; otherwise BOM, UTF-8 or a detected encoding."""
    declared = _META_CHARSET.search(data[:4096])
    if declared is not None and not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        try:
            return data.decode(declared.group(1).decode("ascii")).replace("\r\n", "\n").replace("\r", "\n")
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data, name)


def _visible_text(markup: str) -> str:
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    return parser.text()


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._blocks: list[str] = []
        self._line: list[str] = []
        self._breaks = 0
        """Blank lines wanted before the next text: 1 = new line, 2 = new paragraph."""
        self._hidden: list[str] = []
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._hidden:
            if tag not in _VOID:
                self._hidden.append(tag)
            return
        style = (dict(attrs).get("style") or "").replace(" ", "").lower()
        if tag in _INVISIBLE or any(k == "hidden" for k, _ in attrs) or "display:none" in style:
            if tag not in _VOID:
                self._hidden.append(tag)
            return
        self._boundary(tag)
        if tag == "pre":
            self._pre += 1
        elif tag == "br":
            self._newline(1)
        elif tag in _CELL and self._line and not self._line[-1].endswith("\t"):
            self._line.append("\t")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._hidden:
            if tag in self._hidden:
                while self._hidden and self._hidden.pop() != tag:
                    pass
            return
        if tag == "pre" and self._pre:
            self._pre -= 1
        self._boundary(tag)

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if self._pre:
            for number, line in enumerate(data.split("\n")):
                if number:
                    self._newline(1)
                if line:
                    self._write(line)
            return
        collapsed = _SPACE.sub(" ", data)
        if not self._line or self._line[-1].endswith((" ", "\t")):
            collapsed = collapsed.lstrip(" ")
        if collapsed:
            self._write(collapsed)

    def _boundary(self, tag: str) -> None:
        if tag in _PARAGRAPH:
            self._newline(2)
        elif tag in _LINE:
            self._newline(1)

    def _newline(self, strength: int) -> None:
        self._flush()
        if self._blocks:
            self._breaks = max(self._breaks, strength)

    def _write(self, piece: str) -> None:
        if self._breaks and not self._line:
            self._blocks.append("\n" * self._breaks)
            self._breaks = 0
        self._line.append(piece)

    def _flush(self) -> None:
        if self._line:
            line = "".join(self._line).rstrip(" \t")
            self._line = []
            if line:
                self._blocks.append(line)
            elif not self._blocks:
                return

    def text(self) -> str:
        self._flush()
        if not self._blocks:
            return ""
        return "".join(self._blocks).strip("\n") + "\n"
