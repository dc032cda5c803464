"""Speaker turns in plain and Markdown transcripts.

A turn starts at a line that opens with a speaker label — ``Name:``, ``**Name:**``,
``[Name]`` — optionally after or before a timestamp such as ``[00:01:02]`` or ``\\[04:21\\]``,
and runs until the next labelled line, so an answer may span several paragraphs. The turn
covers the whole labelled text, label included, up to (not including) the newline before the
next turn.
"""

from __future__ import annotations

import re

from qcoder.core.snapshots import TurnInfo

_TIME = r"\\?\[(?P<{g}>\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:[.,]\d+)?)\\?\]"
_NAME = r"[^\W\d_][\w .'’\-()]{0,48}?"
_LABEL = re.compile(
    rf"^\s*(?:{_TIME.format(g='t1')}\s*)?"
    rf"(?:\*\*(?P<bold>{_NAME}):\*\*|\*\*(?P<bold2>{_NAME})\*\*:|\[(?P<bracket>{_NAME})\]:?|(?P<plain>{_NAME}):)"
    rf"(?:\s*{_TIME.format(g='t2')})?(?=\s|$)",
    re.MULTILINE,
)
_MAX_NAME_WORDS = 5


def parse_time_ms(value: str | None) -> int | None:
    if not value:
        return None
    main, _, fraction = value.replace(",", ".").partition(".")
    parts = [int(p) for p in main.split(":")]
    while len(parts) < 3:
        parts.insert(0, 0)
    hours, minutes, seconds = parts
    millis = int((fraction + "000")[:3]) if fraction else 0
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


def detect_turns(text: str) -> list[TurnInfo]:
    """Speaker turns found in ``text``; none unless at least two labelled lines are found."""
    labels: list[tuple[int, str, int | None]] = []
    for match in _LABEL.finditer(text):
        name = next(
            match.group(g) for g in ("bold", "bold2", "bracket", "plain") if match.group(g) is not None
        ).strip()
        if not name or len(name.split()) > _MAX_NAME_WORDS:
            continue
        if match.group("plain") is not None and _looks_like_prose(name):
            continue
        time_ms = parse_time_ms(match.group("t1") or match.group("t2"))
        line_start = text.rfind("\n", 0, match.start() + 1) + 1
        first_char = line_start + (len(text[line_start:]) - len(text[line_start:].lstrip()))
        labels.append((first_char, name, time_ms))
    if len(labels) < 2:
        return []
    turns: list[TurnInfo] = []
    for index, (start, name, time_ms) in enumerate(labels):
        end = labels[index + 1][0] if index + 1 < len(labels) else len(text)
        while end > start and text[end - 1] in "\n ":
            end -= 1
        turns.append(TurnInfo(start, end, name, time_ms))
    return turns


def _looks_like_prose(name: str) -> bool:
    """``Note that the following:`` is prose, not a speaker: speakers are short, capitalised names."""
    words = name.split()
    return not words[0][0].isupper() or any(word.islower() and len(word) > 3 for word in words[1:])
