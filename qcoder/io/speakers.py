"""Speaker turns in plain, Markdown and word-processor transcripts.

A turn starts at a line that opens with a speaker label and runs until the next labelled line,
so an answer may span several paragraphs. Labels recognised:

- ``Name: words``, ``**Name:** words``, ``**Name**: words``, ``[Name] words``, ``Name<TAB>words``
  (a two-column table), each optionally with a timestamp before or after the label, written
  ``[00:01:02]``, ``(00:01:02)`` or Markdown-escaped ``\\[04:21\\]``;
- a line holding only a name and a time, the words on the following lines — the layout of
  Otter.ai text exports (``Name  0:03``) and Microsoft Teams DOCX transcripts (``Name   0:03``);
- labels a reader found in the document's formatting (:class:`StyledLabel`: Markdown's bold).

Which labels are speakers is decided from the whole document. Each label has a style (bold,
bold with the colon outside, bracketed, plain, tabbed, name-and-time line; timed or not); the
style that opens the most paragraphs is the document's own. When that style is one a writer
chooses for speakers (bold, bracketed, timed), every label in it is a speaker — even a name met
once, in lower case, with a comma and a title, a dash or an emoji — and a label in another style
is a speaker only under a name the document's style already gave (so ``In January:`` opening a
paragraph of prose, or ``**Jingle**:`` in a ``**Name:**`` transcript, is not). Otherwise a label
must look like a name (capitalised, short, no long lowercase words), and a name met only once
before the first recurring speaker (``Date: 3 May``, ``Location: Zoom`` at the top of a
transcript) is a header, not a turn. Annotations such as ``[Laughter]`` or ``Note:`` are never
speakers; ``Break:``, ``Jingle:``, ``Outro:`` and the like end a turn without starting one. A
turn covers the label and its words, up to (not including) the whitespace before the next label
or break.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise
from operator import attrgetter
from typing import NamedTuple

from qcoder.core.snapshots import TurnInfo

_CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_TIME = r"(?:\\?\[(?P<G>" + _CLOCK + r")\\?\]|\((?P<Gp>" + _CLOCK + r")\))"


def _time(group: str) -> str:
    return _TIME.replace("G", group)


_NAME = r"[^\W\d_][\w .'’\-()]{0,48}?"
_FORMATTED_NAME = r"[^\s*\[\]:][^*\[\]:\n]{0,59}?"
"""A name a writer set in bold or brackets: commas, titles, dashes, emoji and lower case allowed."""
_LABEL = re.compile(
    rf"[ \t]*(?:{_time('t1')}[ \t]*)?"
    rf"(?:\*\*(?P<bold>{_FORMATTED_NAME}):\*\*|\*\*(?P<bold2>{_FORMATTED_NAME})\*\*:"
    rf"|\[(?P<bracket>[^\W\d_][^\[\]:\n]{{0,59}}?)\]:?"
    rf"|(?P<plain>{_NAME})(?:[ \t]*{_time('t3')})?:|(?P<tab>{_NAME})(?=\t))"
    rf"(?:[ \t]*{_time('t2')})?(?=[ \t]|$)",
)
_TIME_AFTER = re.compile(rf"[ \t]*{_time('t')}")
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
     "commercial", "commercial break", "pause", "end", "end of recording", "end of transcript", "jingle",
     "theme", "theme music", "cold open", "teaser", "promo", "bumper", "sting", "musical interlude",
     "sponsor break", "mid-roll", "pre-roll", "post-roll"}
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


STRONG_STYLES = frozenset({"bold", "bold-outside", "bracket"})
"""Label styles a writer chooses for speakers; a timed label of any style counts as strong too."""


class StyledLabel(NamedTuple):
    """A label a reader found in the document's formatting at the start of a line of its text."""

    start: int
    """Offset of the label's first character (the name) in the text."""
    name: str
    style: str
    """``"bold"`` (``**Name:**``) or ``"bold-outside"`` (``**Name**:``)."""


class _Label(NamedTuple):
    start: int
    """Offset of the label's first non-blank character."""
    name: str
    time_ms: int | None
    style: str
    """bold, bold-outside, bracket, plain, tab or header (a line of only a name and a time)."""
    words: int
    """Characters on the label's line after the label: a header field's value is short."""
    kind: str
    """The style, told apart by a timestamp for plain styles (``[00:01] Ann:`` vs ``Ann:``)."""

    @property
    def strong(self) -> bool:
        """Bold, bracketed or timed (``[00:01] Ann:``): formatting a writer chose for speakers."""
        return _strong_kind(self.kind)


_label_name = attrgetter("name")
_label_kind = attrgetter("kind")


def _label(start: int, name: str, time_ms: int | None, style: str, words: int) -> _Label:
    timed = time_ms is not None and style not in STRONG_STYLES and style != "header"
    return _Label(start, name, time_ms, style, words, style + "-timed" if timed else style)


def name_list(names: Sequence[str]) -> str:
    """Names for a person to read: ``Ann, Bo`` — or ``Jane Doe, PhD; Bo`` when a name has a comma."""
    return ("; " if any("," in name for name in names) else ", ").join(names)


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


def detect_turns(text: str, styled: Sequence[StyledLabel] = ()) -> list[TurnInfo]:
    """Speaker turns found in ``text``; none unless at least two speaker labels are found.

    ``styled`` are labels a reader found in the document's formatting (Markdown's bold, which
    the readable text no longer shows); they take the place of what the line itself would say.
    """
    labels, breaks = _speakers(_scan(text, styled))
    if len(labels) < 2:
        return []
    starts = [label.start for label in labels]  # one label a line: in order, each start once
    if breaks:
        following = dict(pairwise(sorted({*starts, *breaks})))
        ends = [following.get(start, len(text)) for start in starts]
    else:
        ends = starts[1:]
        ends.append(len(text))
    ends = [  # up to the whitespace before the next label
        start + len(text[start:end].rstrip(" \t\n")) if text[end - 1] in " \t\n" else end
        for start, end in zip(starts, ends)
    ]
    return list(map(TurnInfo, starts, ends, [label.name for label in labels], [label.time_ms for label in labels]))


def _scan(text: str, styled: Sequence[StyledLabel]) -> list[_Label]:
    """Every line that opens with a label (speaker, annotation or break), in order."""
    by_line = {label.start: label for label in styled}
    labels: list[_Label] = []
    append = labels.append
    plain_names: dict[str, str | None] = {}
    position = 0
    for line in text.split("\n"):
        start = position
        position += len(line) + 1
        if not line:
            continue
        if by_line:
            indent = len(line) - len(line.lstrip(" \t"))
            found_style = by_line.get(start + indent)
            if found_style is not None:
                append(_styled(found_style, line[indent:]))
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
                append(_Label(start, name, None, "plain", len(line) - colon - 1, "plain"))
                continue
        head = line[:80]
        if not (":" in head or "[" in head or "\t" in head or "*" in head):
            continue
        found = _label_at(line, start)
        if found is not None:
            append(found)
    return labels


def _styled(label: StyledLabel, line: str) -> _Label:
    rest = line[len(label.name) + 1:]
    time = _TIME_AFTER.match(rest)
    time_ms = parse_time_ms(next((g for g in time.groups() if g), None)) if time else None
    return _label(label.start, label.name.strip(), time_ms, label.style, len(rest.strip()))


def _label_at(line: str, start: int) -> _Label | None:
    match = _LABEL.match(line)
    if match is not None:
        style = next(
            style for style, group in zip(("bold", "bold-outside", "bracket", "plain", "tab"),
                                          match.group("bold", "bold2", "bracket", "plain", "tab"))
            if group is not None
        )
        name = match.group({"bold-outside": "bold2"}.get(style, style))
        time = next((g for g in match.group("t1", "t1p", "t2", "t2p", "t3", "t3p") if g), None)
        words = len(line) - match.end()
    else:
        match = _HEADER.match(line)
        if match is None:
            return None
        # A name-and-time line alone is also how agendas look ("Lunch  12:00"): it must recur.
        name, time, style, words = match.group("name"), match.group("time"), "header", 0
    name = name.strip()
    if style in STRONG_STYLES or time is not None:
        if not _formatted_name(name):
            return None
    elif not looks_like_name(name):
        return None
    indent = len(line) - len(line.lstrip(" \t"))
    return _label(start + indent, name, parse_time_ms(time), style, words)


def looks_like_name(name: str) -> bool:
    """``Kathleen Siminyu``, ``Speaker 2``, ``P3``, ``Dr. Lee`` — not ``Note that the following``."""
    words = name.split()
    if not words or len(words) > _MAX_NAME_WORDS:
        return False
    if words[0][0].islower():  # scripts without case (Arabic, Chinese) pass
        return False
    return not any(word.islower() and len(word) > 3 for word in words[1:])


def _formatted_name(name: str) -> bool:
    """A bold or bracketed label: any short name with a letter (``sam lee``, ``Jane Doe, PhD``, ``chg``)."""
    return 0 < len(name) <= 60 and len(name.split()) <= 8 and any(ch.isalpha() for ch in name)


def _speakers(candidates: list[_Label]) -> tuple[list[_Label], list[int]]:
    """The labels that are speakers, and the offsets of breaks, decided over the whole document."""
    breaks: list[int] = []
    folded = {name: name.casefold() for name in set(map(_label_name, candidates))}
    if any(name in BREAKS or name in NOT_SPEAKERS for name in folded.values()):
        people: list[_Label] = []
        for label in candidates:
            if folded[label.name] in BREAKS:
                breaks.append(label.start)
            elif folded[label.name] not in NOT_SPEAKERS:
                people.append(label)
    else:  # the common case: every label names someone
        people = candidates
    if not people:
        return [], breaks
    named = {name: looks_like_name(name) for name in set(map(_label_name, people))}
    dominant = _dominant_kind(people)
    if not _strong_kind(dominant):
        if not all(named.values()):
            people = [label for label in people if named[label.name]]
        return _drop_headers(people), breaks
    names = {folded[label.name] for label in people if label.kind == dominant}
    # Timestamps mark some turns only (``[00:04] Ann:`` … ``Bea:`` … ``Ann:``): the untimed labels of
    # the same style are speakers too when their names come back.
    untimed = dominant.removesuffix("-timed")
    returning = Counter(folded[label.name] for label in people if label.kind == untimed != dominant)
    chosen = [
        label for label in people
        if label.kind == dominant or (folded[label.name] in names and named[label.name])
        or (label.kind == untimed != dominant and named[label.name] and returning[folded[label.name]] > 1)
    ]
    return _drop_header_fields(chosen), breaks


def _dominant_kind(labels: list[_Label]) -> str:
    """The label style (and whether timed) of the document's speakers.

    Speakers come back, sentence openings (``In January:``, ``Number 1:``) rarely do: the style
    whose recurring names open the most paragraphs wins, then the style that opens the most,
    then a strong style.
    """
    names = Counter(zip(map(_label_kind, labels), map(_label_name, labels)))
    recurring: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for (kind, _name), count in names.items():
        total[kind] += count
        if count > 1:
            recurring[kind] += count
    return max(total, key=lambda kind: (recurring[kind], total[kind], _strong_kind(kind)))


def _strong_kind(kind: str) -> bool:
    return kind in STRONG_STYLES or kind.endswith("-timed")


_HEADER_VALUE = 40
"""A header field (``**Date:** 3 May 2025``) holds a short value; a one-off speaker says more."""


def _drop_header_fields(labels: list[_Label]) -> list[_Label]:
    """Before the first speaker who speaks twice, a one-off label with a short value is a header field."""
    counts = Counter(map(_label_name, labels))
    first_recurring = next((i for i, label in enumerate(labels) if counts[label.name] > 1), None)
    if first_recurring is None:
        return labels
    return [
        label for label in labels[:first_recurring]
        if counts[label.name] > 1 or not 0 < label.words < _HEADER_VALUE
    ] + labels[first_recurring:]


def _drop_headers(labels: list[_Label]) -> list[_Label]:
    """Drop one-off labels before the first speaker who speaks twice: they are header fields."""
    counts = Counter(map(_label_name, labels))
    first_recurring = next((i for i, label in enumerate(labels) if counts[label.name] > 1), None)
    if first_recurring is None:
        # Nobody speaks twice: only formatted labels (bold, bracketed, timed) and roles are trusted.
        trusted = [label for label in labels if label.strong or _ROLE.fullmatch(label.name)]
        return trusted if len(trusted) == len(labels) else []
    return [label for label in labels[:first_recurring] if counts[label.name] > 1] + labels[first_recurring:]
