"""Speaker turns in plain, Markdown and word-processor transcripts.

A turn starts at a line that opens with a speaker label and runs until the next labelled line,
so an answer may span several paragraphs. Labels recognised:

- ``Name: words``, ``**Name:** words``, ``**Name**: words``, ``[Name] words``, ``Name<TAB>words``
  (a two-column table), each optionally with a timestamp before or after the label, written
  ``[00:01:02]``, ``(00:01:02)`` or Markdown-escaped ``\\[04:21\\]``;
- a line holding only a name and a time, the words on the following lines — the layout of
  Otter.ai text exports (``Name  0:03``) and Microsoft Teams DOCX transcripts (``Name   0:03``).

Prose is not mistaken for speakers: a label must look like a name (capitalised, short, no long
lowercase words), annotations such as ``[Laughter]`` or ``Note:`` are not speakers, and a name
met only once before the first recurring speaker (``Date: 3 May``, ``Location: Zoom`` at the
top of a transcript) is a header, not a turn. ``**Break:**`` and the like end a turn without
starting one. A turn covers the label and its words, up to (not including) the whitespace before
the next label or break.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from qcoder.core.snapshots import TurnInfo

_CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_TIME = r"(?:\\?\[(?P<G>" + _CLOCK + r")\\?\]|\((?P<Gp>" + _CLOCK + r")\))"


def _time(group: str) -> str:
    return _TIME.replace("G", group)


_NAME = r"[^\W\d_][\w .'’\-()]{0,48}?"
_LABEL = re.compile(
    rf"[ \t]*(?:{_time('t1')}[ \t]*)?"
    rf"(?:\*\*(?P<bold>{_NAME}):\*\*|\*\*(?P<bold2>{_NAME})\*\*:|\[(?P<bracket>{_NAME})\]:?"
    rf"|(?P<plain>{_NAME})(?:[ \t]*{_time('t3')})?:|(?P<tab>{_NAME})(?=\t))"
    rf"(?:[ \t]*{_time('t2')})?(?=[ \t]|$)",
)
_PLAIN_NAME = re.compile(_NAME)
_HEADER = re.compile(
    rf"[ \t]*(?P<name>{_NAME})(?:[ \t]{{2,}}|\t|[ \t]*\|[ \t]*)\(?(?P<time>{_CLOCK})\)?[ \t]*$"
)
_MAX_NAME_WORDS = 5
_ROLE = re.compile(
    r"(?:interviewer|interviewee|participant|respondent|moderator|facilitator|host|guest|speaker"
    r"|researcher|student|teacher|doctor|patient|q|a|i|r|p|int|resp)\s*\d*",
    re.IGNORECASE,
)
"""Role labels that transcription conventions use: trusted even when they occur only once."""

BREAKS = frozenset(
    {"break", "ad break", "music", "intro", "outro", "ad", "advertisement", "sponsor", "interlude",
     "commercial", "commercial break", "pause", "end", "end of recording", "end of transcript"}
)
"""Labels that interrupt the conversation: they end the turn before them and start none."""

NOT_SPEAKERS = frozenset(
    {"note", "notes", "nb", "date", "time", "duration", "location", "place", "venue", "title",
     "subject", "topic", "re", "summary", "abstract", "keywords", "tags", "transcript",
     "transcription", "recording", "audio", "video", "file", "source", "example", "examples",
     "warning", "tip", "caution", "important", "participants", "attendees", "present", "laughter",
     "laughs", "laughing", "inaudible", "unintelligible", "crosstalk", "cross talk", "applause",
     "silence", "unclear", "indiscernible", "pause", "overlapping", "background noise", "noise",
     "coughs", "sighs", "redacted", "sic", "edited", "translation", "translated", "link", "url",
     "email", "phone", "version", "page", "chapter", "section", "figure", "table", "step"}
)
"""Labels that look like names but are annotations or metadata."""


class _Label(NamedTuple):
    start: int
    """Offset of the label's first non-blank character."""
    name: str
    time_ms: int | None
    strong: bool
    """Bold, bracketed or timed (``[00:01] Ann:``): formatting a writer chose for speakers."""


def parse_time_ms(value: str | None) -> int | None:
    """``"1:02:03.5"`` → 3723500; ``"04:21"`` → 261000 (minutes:seconds); None for None."""
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
    """Speaker turns found in ``text``; none unless at least two speaker labels are found."""
    candidates, breaks = _scan(text)
    labels = _drop_headers(candidates)
    if len(labels) < 2:
        return []
    stops = sorted({label.start for label in labels} | set(breaks))
    following = {stop: (stops[i + 1] if i + 1 < len(stops) else len(text)) for i, stop in enumerate(stops)}
    turns: list[TurnInfo] = []
    for label in labels:
        end = following[label.start]
        while end > label.start and text[end - 1] in " \t\n":
            end -= 1
        turns.append(TurnInfo(label.start, end, label.name, label.time_ms))
    return turns


def _scan(text: str) -> tuple[list[_Label], list[int]]:
    """Every line that opens with a speaker label, and every break line."""
    labels: list[_Label] = []
    breaks: list[int] = []
    plain_names: dict[str, str | None] = {}
    position = 0
    for line in text.split("\n"):
        start = position
        position += len(line) + 1
        head = line[:80]
        if not head or not (":" in head or "[" in head or "\t" in head or "*" in head):
            continue
        # Fast path for the commonest label, ``Name: words``: the name is cached per transcript.
        colon = line.find(":", 1, 62)
        if colon > 0 and line[0] not in " \t[*(\\" and (colon + 1 == len(line) or line[colon + 1] in " \t"):
            candidate = line[:colon]
            if candidate not in plain_names:
                stripped = candidate.strip()
                plain_names[candidate] = (
                    stripped if _PLAIN_NAME.fullmatch(stripped) and looks_like_name(stripped) else None
                )
            name = plain_names[candidate]
            if name is not None:
                folded = name.casefold()
                if folded in BREAKS:
                    breaks.append(start)
                elif folded not in NOT_SPEAKERS:
                    labels.append(_Label(start, name, None, False))
                continue
        found = _label_at(line, start)
        if found is not None:
            folded = found.name.casefold()
            if folded in BREAKS:
                breaks.append(found.start)
            elif folded not in NOT_SPEAKERS:
                labels.append(found)
    return labels, breaks


def _label_at(line: str, start: int) -> _Label | None:
    match = _LABEL.match(line)
    if match is not None:
        name = next(g for g in match.group("bold", "bold2", "bracket", "plain", "tab") if g is not None)
        time = next((g for g in match.group("t1", "t1p", "t2", "t2p", "t3", "t3p") if g), None)
        strong = match.group("plain") is None and match.group("tab") is None or time is not None
    else:
        match = _HEADER.match(line)
        if match is None:
            return None
        # A name-and-time line alone is also how agendas look ("Lunch  12:00"): it must recur.
        name, time, strong = match.group("name"), match.group("time"), False
    name = name.strip()
    if not looks_like_name(name):
        return None
    indent = len(line) - len(line.lstrip(" \t"))
    return _Label(start + indent, name, parse_time_ms(time), strong)


def looks_like_name(name: str) -> bool:
    """``Kathleen Siminyu``, ``Speaker 2``, ``P3``, ``Dr. Lee`` — not ``Note that the following``."""
    words = name.split()
    if not words or len(words) > _MAX_NAME_WORDS:
        return False
    if words[0][0].islower():  # scripts without case (Arabic, Chinese) pass
        return False
    return not any(word.islower() and len(word) > 3 for word in words[1:])


def _drop_headers(labels: list[_Label]) -> list[_Label]:
    """Drop one-off labels before the first speaker who speaks twice: they are header fields."""
    counts = Counter(label.name for label in labels)
    first_recurring = next((i for i, label in enumerate(labels) if counts[label.name] > 1), None)
    if first_recurring is None:
        # Nobody speaks twice: only formatted labels (bold, bracketed, timed) and roles are trusted.
        trusted = [label for label in labels if label.strong or _ROLE.fullmatch(label.name)]
        return trusted if len(trusted) == len(labels) else []
    return [
        label for i, label in enumerate(labels)
        if i >= first_recurring or counts[label.name] > 1
    ]
