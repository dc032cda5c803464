"""Whisper, WhisperX and whisper.cpp JSON transcripts.

- Whisper / WhisperX: ``{"segments": [{"start": 0.0, "end": 2.5, "text": " Hi", "speaker":
  "SPEAKER_00"}, ...]}`` (seconds; ``speaker`` from WhisperX diarisation, optional), or the bare
  list of segments;
- whisper.cpp ``--output-json``: ``{"transcription": [{"offsets": {"from": 0, "to": 2500},
  "text": " Hi"}, ...]}`` (milliseconds).
"""

from __future__ import annotations

import json
import math
from typing import Any

from qcoder.io.decoding import decode_text
from qcoder.io.parsed import ParsedTranscript, UnreadableFileError
from qcoder.io.utterances import Utterance, build_transcript, clean_words


def read_whisper_json(data: bytes, name: str) -> ParsedTranscript:
    text = decode_text(data, name)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise UnreadableFileError(f"{name} is not valid JSON (line {error.lineno}: {error.msg})") from None
    except RecursionError:
        raise UnreadableFileError(f"{name} is nested too deeply to be a transcript") from None
    utterances = _utterances(document, name)
    if not utterances:
        raise UnreadableFileError(f"{name} has no transcript segments")
    return build_transcript(utterances, name, "whisper")


def _utterances(document: Any, name: str) -> list[Utterance]:
    if isinstance(document, dict) and isinstance(document.get("segments"), list):
        return [_whisper_segment(segment, name) for segment in document["segments"]]
    if isinstance(document, dict) and isinstance(document.get("transcription"), list):
        return [_cpp_segment(segment, name) for segment in document["transcription"]]
    if isinstance(document, list) and all(isinstance(s, dict) and "text" in s for s in document):
        return [_whisper_segment(segment, name) for segment in document]
    raise UnreadableFileError(
        f"{name} is not a Whisper/WhisperX transcript (no 'segments' with 'text')"
    )


def _whisper_segment(segment: Any, name: str) -> Utterance:
    if not isinstance(segment, dict) or not isinstance(segment.get("text", ""), str):
        raise UnreadableFileError(f"{name} has a segment without text")
    speaker = segment.get("speaker")
    return Utterance(
        clean_words(str(speaker)) or None if speaker is not None else None,
        segment.get("text", ""),
        _seconds_to_ms(segment.get("start"), name),
        _seconds_to_ms(segment.get("end"), name),
    )


def _cpp_segment(segment: Any, name: str) -> Utterance:
    if not isinstance(segment, dict) or not isinstance(segment.get("text", ""), str):
        raise UnreadableFileError(f"{name} has a segment without text")
    offsets: dict[str, Any] = segment["offsets"] if isinstance(segment.get("offsets"), dict) else {}
    start, end = offsets.get("from"), offsets.get("to")
    return Utterance(
        None,
        segment.get("text", ""),
        int(start) if isinstance(start, (int, float)) else None,
        int(end) if isinstance(end, (int, float)) else None,
    )


def _seconds_to_ms(value: Any, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise UnreadableFileError(f"{name} has a segment with an invalid time ({value!r})")
    return round(value * 1000)
