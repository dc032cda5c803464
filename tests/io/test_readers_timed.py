"""Subtitles (WebVTT, SRT; Zoom and Teams exports) and Whisper JSON: readable turns, times as data."""

from __future__ import annotations

import json

import pytest
from io_documents import ARABIC, CHINESE, COMBINING, EMOJI, whisper_json

from qcoder.io.parsed import UnreadableFileError
from qcoder.io.readers.subtitles import read_srt, read_vtt
from qcoder.io.readers.whisper_json import read_whisper_json


def spoken(parsed):
    return [(t.speaker, parsed.text[t.start:t.end], t.time_ms) for t in parsed.turns]


ZOOM_VTT = f"""WEBVTT

1
00:00:01.020 --> 00:00:04.500
Ann Smith: Thanks for joining {EMOJI}

2
00:00:04.600 --> 00:00:06.000
Ann Smith: today.

3
00:00:06.100 --> 00:00:09.000
Kwame Mensah: {ARABIC}

4
00:01:02.000 --> 00:01:05.000
Ann Smith: {COMBINING} &amp; more
"""

TEAMS_VTT = f"""WEBVTT

NOTE Teams adds identifiers to its cues

5c4e8a1f-1b1e-4c4b-9f7a-2d3c6b7a8e9f/12-0
00:00:03.000 --> 00:00:05.200
<v Ann Smith>Shall we start?</v>

5c4e8a1f-1b1e-4c4b-9f7a-2d3c6b7a8e9f/13-0
00:00:05.500 --> 00:00:08.000
<v 李明>{CHINESE}</v>

5c4e8a1f-1b1e-4c4b-9f7a-2d3c6b7a8e9f/14-0
00:00:08.000 --> 00:00:09.000
<v 李明><i>continued</i></v>
"""


def test_zoom_vtt_builds_speaker_turns_without_numbers_or_timings():
    parsed = read_vtt(ZOOM_VTT.encode("utf-8"), "zoom.vtt")
    assert parsed.text == (
        f"Ann Smith: Thanks for joining {EMOJI} today.\n\n"
        f"Kwame Mensah: {ARABIC}\n\n"
        f"Ann Smith: {COMBINING} & more\n"
    )
    assert spoken(parsed) == [
        ("Ann Smith", f"Ann Smith: Thanks for joining {EMOJI} today.", 1020),
        ("Kwame Mensah", f"Kwame Mensah: {ARABIC}", 6100),
        ("Ann Smith", f"Ann Smith: {COMBINING} & more", 62000),
    ]
    assert "-->" not in parsed.text


def test_teams_vtt_voice_tags_and_cue_identifiers():
    parsed = read_vtt(TEAMS_VTT.encode("utf-8-sig"), "teams.vtt")
    assert parsed.text == f"Ann Smith: Shall we start?\n\n李明: {CHINESE} continued\n"
    assert spoken(parsed) == [
        ("Ann Smith", "Ann Smith: Shall we start?", 3000),
        ("李明", f"李明: {CHINESE} continued", 5500),
    ]


def test_several_voices_in_one_cue():
    data = "WEBVTT\n\n00:01.000 --> 00:04.000\n<v Ann>Hi!</v> <v.loud Bob>Hello.</v>\n"
    parsed = read_vtt(data.encode(), "two.vtt")
    assert parsed.text == "Ann: Hi!\n\nBob: Hello.\n"
    assert [t.time_ms for t in parsed.turns] == [1000, 1000]


def test_srt_with_crlf_tags_and_speaker_prefixes():
    srt = (
        "1\r\n00:00:01,000 --> 00:00:03,000\r\nInterviewer: <i>How did it</i>\r\nstart?\r\n\r\n"
        "2\r\n00:00:03,500 --> 00:00:06,000\r\nParticipant: With volunteers.\r\n\r\n"
        "3\r\n00:00:06,100 --> 00:00:07,000\r\nLots of them.\r\n\r\n"
        "4\r\n00:00:08,000 --> 00:00:09,000\r\nInterviewer: Thanks.\r\n"
    )
    parsed = read_srt(srt.encode("cp1252"), "a.srt")
    assert parsed.text == (
        "Interviewer: How did it start?\n\nParticipant: With volunteers. Lots of them.\n\n"
        "Interviewer: Thanks.\n"
    )
    assert [(t.speaker, t.time_ms) for t in parsed.turns] == [
        ("Interviewer", 1000), ("Participant", 3500), ("Interviewer", 8000)]


def test_srt_without_speakers_is_paragraphs_split_at_pauses():
    srt = (
        "1\n00:00:01,000 --> 00:00:02,000\nFirst words\n\n"
        "2\n00:00:02,100 --> 00:00:03,000\ngo on.\n\n"
        "3\n00:00:09,000 --> 00:00:10,000\nAfter a pause: new paragraph.\n"
    )
    parsed = read_srt(srt.encode(), "plain.srt")
    assert parsed.text == "First words go on.\n\nAfter a pause: new paragraph.\n"
    assert parsed.turns == ()


def test_prose_with_a_colon_in_a_subtitle_is_not_a_speaker():
    srt = "1\n00:00:01,000 --> 00:00:02,000\nRemember: always back up.\n\n2\n00:00:03,000 --> 00:00:04,000\nThen go.\n"
    assert read_srt(srt.encode(), "p.srt").turns == ()


@pytest.mark.parametrize(
    ("reader", "data", "message"),
    [
        (read_vtt, b"", "empty"),
        (read_vtt, b"just some words\nand more", "not a WebVTT file"),
        (read_vtt, b"WEBVTT\n\nNOTE only a note\n", "no subtitle cues"),
        (read_srt, b"1\nnot a timing\nwords\n", "no subtitle cues"),
        (read_srt, bytes(range(256)) * 3, "binary|not text"),
    ],
)
def test_bad_subtitles(reader, data, message):
    with pytest.raises(UnreadableFileError, match=message):
        reader(data, "bad.sub")


def test_whisperx_segments_with_speakers_and_times():
    data = whisper_json([
        (0.0, 2.5, " Welcome to the interview.", "SPEAKER_00"),
        (2.6, 4.0, f" {EMOJI} Let's begin.", "SPEAKER_00"),
        (4.2, 9.75, f" {ARABIC} {CHINESE}", "SPEAKER_01"),
        (10.0, 11.0, f" {COMBINING}", "SPEAKER_00"),
    ])
    parsed = read_whisper_json(data, "x.json")
    assert parsed.text == (
        f"SPEAKER_00: Welcome to the interview. {EMOJI} Let's begin.\n\n"
        f"SPEAKER_01: {ARABIC} {CHINESE}\n\nSPEAKER_00: {COMBINING}\n"
    )
    assert [(t.speaker, t.time_ms) for t in parsed.turns] == [
        ("SPEAKER_00", 0), ("SPEAKER_01", 4200), ("SPEAKER_00", 10000)]
    assert all(parsed.text[t.start:t.end].startswith(t.speaker + ": ") for t in parsed.turns)


def test_plain_whisper_without_speakers_and_whisper_cpp():
    plain = whisper_json([(0.0, 1.0, " One.", None), (1.1, 2.0, " Two.", None), (5.0, 6.0, " Three.", None)])
    assert read_whisper_json(plain, "w.json").text == "One. Two.\n\nThree.\n"
    cpp = {"transcription": [{"offsets": {"from": 0, "to": 900}, "text": " Hello"},
                             {"offsets": {"from": 900, "to": 1500}, "text": " world."}]}
    assert read_whisper_json(json.dumps(cpp).encode(), "c.json").text == "Hello world.\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b'{"title": "something else"}', "not a Whisper"),
        (b'{"segments": []}', "no transcript segments"),
        (b'{"segments": [{"text": " a", "start": "soon"}]}', "invalid time"),
        (b'{"segments": [{"text": 5}]}', "without text"),
        (b"[" * 100_000 + b"]" * 100_000, "JSON|nested|Whisper"),
    ],
)
def test_bad_whisper_json(data, message):
    with pytest.raises(UnreadableFileError, match=message):
        read_whisper_json(data, "bad.json")
