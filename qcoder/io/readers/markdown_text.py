"""Markdown transcripts as the readable text a researcher quotes, not as markup.

The text is what the Markdown renders to, written as plain text: ``**Name:**`` becomes
``Name:``, ``\\[04:21\\]`` becomes ``[04:21]``, a link becomes its text, emphasis and escapes go.
Paragraphs, headings, block quotes and code blocks are paragraphs (a blank line between them);
the items of a list are lines (``• item``, ``1. item``); a table row is one line with its cells
separated by `` | ``; raw HTML tags and comments are dropped. Parsing is markdown-it-py's (CommonMark plus tables), not regexes.

Speaker labels are taken from the Markdown itself: a paragraph that opens with bold text ending
in a colon (``**Name:**``) or followed by one (``**Name**:``) hands its label and style to
:func:`qcoder.io.speakers.detect_turns`, which decides from the whole document which labels are
speakers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from qcoder.io.decoding import Decoded, decode_bytes
from qcoder.io.parsed import ParsedTranscript, UnreadableFileError
from qcoder.io.speakers import StyledLabel, detect_turns

if TYPE_CHECKING:
    from markdown_it.token import Token

_HTML_TAG = re.compile(r"<!--.*?-->|<[^>\n]+>", re.DOTALL)
"""Raw HTML in Markdown: tags and comments are markup; the words between them stay."""
_CELL_SEPARATOR = " | "
_BULLET = "• "


@dataclass
class RenderedMarkdown:
    text: str
    labels: list[StyledLabel] = field(default_factory=list)


def read_markdown(data: bytes, name: str) -> ParsedTranscript:
    return parse_markdown(decode_bytes(data, name), name)


def parse_markdown(decoded: Decoded, name: str) -> ParsedTranscript:
    rendered = render_markdown(decoded.text)
    if not rendered.text.strip():
        raise UnreadableFileError(f"{name} has no text")
    turns = detect_turns(rendered.text, rendered.labels)
    return ParsedTranscript(text=rendered.text, turns=tuple(turns), kind="text", encoding=decoded.encoding)


def render_markdown(source: str) -> RenderedMarkdown:
    """The readable text of ``source`` (LF line endings) and the bold labels that open paragraphs."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    return _Renderer().render(parser.parse(source))


class _Renderer:
    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.labels: list[StyledLabel] = []
        self.position = 0
        self.lists: list[list[int]] = []
        """For each open list: [next number] for an ordered list, [] for a bullet list."""
        self.item_lines: list[str] | None = None
        self.row: list[str] | None = None
        self.table_rows: list[str] | None = None

    def render(self, tokens: Sequence[Token]) -> RenderedMarkdown:
        for token in tokens:
            self._token(token)
        text = "".join(self.blocks).rstrip("\n")
        return RenderedMarkdown(text + "\n" if text else "", self.labels)

    def _token(self, token: Token) -> None:
        kind = token.type
        if kind == "bullet_list_open":
            self._start_list([])
        elif kind == "ordered_list_open":
            self._start_list([int(token.attrs.get("start", 1) or 1)])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
            if not self.lists and self.item_lines is not None:
                self._block("\n".join(self.item_lines))
                self.item_lines = None
        elif kind == "list_item_open":
            numbering = self.lists[-1]
            marker = f"{numbering[0]}. " if numbering else _BULLET
            if numbering:
                numbering[0] += 1
            assert self.item_lines is not None
            self.item_lines.append("  " * (len(self.lists) - 1) + marker)
        elif kind == "table_open":
            self.table_rows = []
        elif kind == "table_close":
            assert self.table_rows is not None
            self._block("\n".join(self.table_rows))
            self.table_rows = None
        elif kind == "tr_open":
            self.row = []
        elif kind == "tr_close" and self.row is not None and self.table_rows is not None:
            if any(cell.strip() for cell in self.row):
                self.table_rows.append(_CELL_SEPARATOR.join(cell.strip() for cell in self.row))
            self.row = None
        elif kind == "inline":
            self._inline(token)
        elif kind in ("fence", "code_block"):
            self._block(token.content.rstrip("\n"))
        elif kind == "html_block":
            self._block(_HTML_TAG.sub("", token.content).strip("\n"))

    def _start_list(self, numbering: list[int]) -> None:
        if not self.lists:
            self.item_lines = []
        self.lists.append(numbering)

    def _inline(self, token: Token) -> None:
        text, labels = _inline_text(token.children or [])
        if self.row is not None:
            self.row.append(text.replace("\n", " "))
        elif self.item_lines is not None:
            if self.item_lines and self.item_lines[-1].endswith((_BULLET, ". ")):
                self.item_lines[-1] += text
            else:
                self.item_lines.append("  " * len(self.lists) + text)
        else:
            self._block(text, labels)

    def _block(self, text: str, labels: Sequence[StyledLabel] = ()) -> None:
        if not text.strip():
            return
        if self.blocks:
            self.blocks.append("\n\n")
            self.position += 2
        self.labels.extend(label._replace(start=self.position + label.start) for label in labels)
        self.blocks.append(text)
        self.position += len(text)


def _inline_text(children: Sequence[Token]) -> tuple[str, list[StyledLabel]]:
    """The plain text of an inline token, and the bold label opening each of its lines (offsets
    in that text): ``**Ann:** Hi.`` and ``**Bob:** Hello.`` on consecutive lines make one
    paragraph with two labels."""
    parts: list[str] = []
    labels: list[StyledLabel] = []
    length = 0
    for index, child in enumerate(children):
        if index == 0 or children[index - 1].type in ("softbreak", "hardbreak"):
            label = _opening_label(children, index)
            if label is not None:
                labels.append(StyledLabel(length, *label))
        kind = child.type
        piece = ""
        if kind in ("text", "code_inline", "image"):
            piece = child.content
        elif kind in ("softbreak", "hardbreak") or (kind == "html_inline" and child.content.lower().startswith("<br")):
            piece = "\n"
        parts.append(piece)
        length += len(piece)
    return "".join(parts), labels


def _opening_label(children: Sequence[Token], index: int) -> tuple[str, str] | None:
    """``**Name:** …`` → (Name, "bold"); ``**Name**: …`` → (Name, "bold-outside")."""
    while index < len(children) and children[index].type == "text" and not children[index].content:
        index += 1
    if index >= len(children) or children[index].type != "strong_open":
        return None
    inner: list[str] = []
    index += 1
    while index < len(children) and children[index].type != "strong_close":
        child = children[index]
        if child.type not in ("text", "code_inline"):
            return None
        inner.append(child.content)
        index += 1
    if index >= len(children):
        return None
    strong = "".join(inner)
    after = children[index + 1].content if index + 1 < len(children) and children[index + 1].type == "text" else ""
    if strong.endswith(":") and strong[:-1].strip():
        return strong[:-1], "bold"
    if after.startswith(":") and strong.strip():
        return strong, "bold-outside"
    return None
