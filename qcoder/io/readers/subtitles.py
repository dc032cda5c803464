"""WebVTT and SRT subtitles, including Zoom and Microsoft Teams transcript exports.

Speakers come from WebVTT voice tags (``<v Name>words</v>``, Teams), a ``Name: words`` prefix
(Zoom, and many SRT files) or a ``[Name]`` prefix. Cue numbers, identifiers, timing lines,
``NOTE``/``STYLE``/``REGION`` blocks and inline markup are dropped; see :mod:`qcoder.io.utterances`
for the text that is built from the cues.
"""

from __future__ import annotations

import html
import re
from collections import Counter

from qcoder.io.decoding import decode_text
from qcoder.io.parsed import ParsedTranscript, UnreadableFileError
from qcoder.io.speakers import NOT_SPEAKERS, looks_like_name, parse_time_ms
from qcoder.io.utterances import Utterance, build_transcript, clean_words

_TIMING = re.compile(
    r"^\s*(?P<start>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*(?P<end>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})"
)
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:\s+(?P<name>[^>]*))?>(?P<words>.*?)(?:</v>|(?=<v[\s.>])|$)", re.S)
_TAG = re.compile(r"<[^>]*>")
_PREFIX = re.compile(r"^\s*(?:>>\s*|-\s*)?(?:\[(?P<bracket>[^\]\n]{1,60})\]:?|(?P<plain>[^:\n<>]{1,60}?):)\s+(?=\S)")
_BLOCK_SPLIT = re.compile(r"\n[ \t]*\n")


def read_vtt(data: bytes, name: str) -> ParsedTranscript:
    text = decode_text(data, name)
    if not text.lstrip().startswith("WEBVTT") and not _TIMING.search(text.split("\n\n", 2)[0] or ""):
        raise UnreadableFileError(f"{name} is not a WebVTT file (it does not start with WEBVTT)")
    return _read_cues(text, name, "vtt")


def read_srt(data: bytes, name: str) -> ParsedTranscript:
    return _read_cues(decode_text(data, name), name, "srt")


def _read_cues(text: str, name: str, kind: str) -> ParsedTranscript:
    cues = list(_cues(text))
    if not cues:
        raise UnreadableFileError(f"{name} has no subtitle cues (no 'start --> end' timing lines)")
    pieces = [piece for cue in cues for piece in _split_voices(*cue)]
    utterances = _assign_speakers(pieces)
    return build_transcript(utterances, name, kind)


def _cues(text: str):
    """(start_ms, end_ms, payload) for each cue, in order; header and NOTE blocks skipped."""
    for block in _BLOCK_SPLIT.split(text.strip("\n")):
        lines = block.strip("\n").split("\n")
        for index, line in enumerate(lines[:3]):
            timing = _TIMING.match(line)
            if timing is not None:
                payload = "\n".join(lines[index + 1:])
                yield parse_time_ms(timing["start"]), parse_time_ms(timing["end"]), payload
                break


def _split_voices(start_ms: int | None, end_ms: int | None, payload: str) -> list[Utterance]:
    """A cue may hold several voices (``<v Ann>Hi</v><v Bob>Hello</v>``): one utterance each."""
    if "<v" not in payload:
        return [Utterance(None, html.unescape(_TAG.sub("", payload)), start_ms, end_ms)]
    pieces = []
    for match in _VOICE.finditer(payload):
        speaker = clean_words(html.unescape(match["name"] or "")) or None
        words = html.unescape(_TAG.sub("", match["words"]))
        pieces.append(Utterance(speaker, words, start_ms, end_ms))
    return pieces


def _assign_speakers(pieces: list[Utterance]) -> list[Utterance]:
    """Speakers from ``Name:``/``[Name]`` prefixes that recur; unlabelled cues continue a turn."""
    prefixes = [_prefix(piece.words) if piece.speaker is None else None for piece in pieces]
    counts = Counter(found[0] for found in prefixes if found is not None)
    # Where most cues carry a prefix (Zoom), even a one-off name is a speaker.
    prefixed = sum(counts.values())
    mostly_prefixed = prefixed * 2 >= len(pieces) and (
        any(c > 1 for c in counts.values()) or prefixed == len(pieces) > 1
    )
    result: list[Utterance] = []
    current: str | None = None
    any_speaker = any(piece.speaker for piece in pieces) or any(count > 1 for count in counts.values())
    for piece, found in zip(pieces, prefixes):
        speaker, words = piece.speaker, piece.words
        if found is not None and (mostly_prefixed or counts[found[0]] > 1):
            speaker, words = found[0], words[found[1]:]
        if speaker is None and any_speaker:
            speaker = current
        current = speaker
        result.append(Utterance(speaker, words, piece.start_ms, piece.end_ms))
    return result


def _prefix(words: str) -> tuple[str, int] | None:
    match = _PREFIX.match(words)
    if match is None:
        return None
    speaker = clean_words(match["bracket"] or match["plain"])
    if speaker[:1].isdigit() or speaker.casefold() in NOT_SPEAKERS or not looks_like_name(speaker):
        return None
    return speaker, match.end()
