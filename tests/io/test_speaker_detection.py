"""Speaker turns in plain, Markdown, Otter and Teams layouts — and no speakers in prose."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qcoder.io.readers.plain_text import read_markdown, read_plain_text
from qcoder.io.speakers import detect_turns, parse_time_ms

MASAKHANE = Path(__file__).resolve().parents[3] / "shared" / "transcripts" / "practical-ai-167-masakhane.md"


def spoken(text):
    return [(t.speaker, text[t.start:t.end], t.time_ms) for t in detect_turns(text)]


def test_plain_labels_turns_span_paragraphs_and_end_before_the_next_label():
    text = "Interviewer: How did it start?\n\nParticipant: With volunteers.\n\nThen a grant.\n\nInterviewer: And then?\n"
    assert spoken(text) == [
        ("Interviewer", "Interviewer: How did it start?", None),
        ("Participant", "Participant: With volunteers.\n\nThen a grant.", None),
        ("Interviewer", "Interviewer: And then?", None),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("**Ann:** Hi.\n**Bob:** Hello.\n", [("Ann", None), ("Bob", None)]),
        ("**Ann**: Hi.\n**Bob**: Hello.\n", [("Ann", None), ("Bob", None)]),
        ("[Ann] Hi.\n[Bob] Hello.\n", [("Ann", None), ("Bob", None)]),
        ("[00:01:02] Ann: Hi.\n[00:01:09.5] Bob: Hello.\n", [("Ann", 62000), ("Bob", 69500)]),
        ("Ann [00:00:05]: Hi.\nBob [00:00:07]: Hello.\n", [("Ann", 5000), ("Bob", 7000)]),
        ("Ann (00:01:02): Hi.\nBob (01:00:00): Hello.\n", [("Ann", 62000), ("Bob", 3_600_000)]),
        ("**Ann:** \\[04:21\\] Hi.\n**Bob:** Hello.\n", [("Ann", 261000), ("Bob", None)]),
        ("Q: Why?\nA: Because.\n", [("Q", None), ("A", None)]),
        ("P1: yes\nP2: no\nP1: maybe\n", [("P1", None), ("P2", None), ("P1", None)]),
        ("مريم: مرحبا\n李明: 你好\nمريم: 👋\n", [("مريم", None), ("李明", None), ("مريم", None)]),
        ("Dr. O'Neil-Smith: a\nMs. Lee: b\nDr. O'Neil-Smith: c\n",
         [("Dr. O'Neil-Smith", None), ("Ms. Lee", None), ("Dr. O'Neil-Smith", None)]),
    ],
)
def test_label_styles(text, expected):
    assert [(t.speaker, t.time_ms) for t in detect_turns(text)] == expected


def test_otter_txt_layout_name_and_time_then_the_words():
    text = (
        "Ann Smith  0:03\nThanks for joining.\n\n"
        "Speaker 2  0:09\nHappy to be here.\nSecond line.\n\n"
        "Ann Smith  1:02:03\nBye.\n"
    )
    assert spoken(text) == [
        ("Ann Smith", "Ann Smith  0:03\nThanks for joining.", 3000),
        ("Speaker 2", "Speaker 2  0:09\nHappy to be here.\nSecond line.", 9000),
        ("Ann Smith", "Ann Smith  1:02:03\nBye.", 3_723_000),
    ]
    parsed = read_plain_text(text.encode("utf-8"), "otter.txt")
    assert parsed.text == text and len(parsed.turns) == 3


def test_header_fields_at_the_top_are_not_speakers():
    text = "Date: 3 May 2025\nLocation: Zoom\nProject: Open LLMs\n\nAnn: Hello.\nBob: Hi.\nAnn: Shall we?\n"
    assert [t.speaker for t in detect_turns(text)] == ["Ann", "Bob", "Ann"]


@pytest.mark.parametrize(
    "text",
    [
        "Note that the following: is prose.\nThis is: something else.\nAnother line: with colon.\n",
        "Meeting agenda:\nItem one: budget\nItem two: staffing\n",
        "Agenda\nWelcome  9:30\nLunch  12:00\nClosing  16:45\n",
        "Summary: it went well.\nDetails: see below.\nOutcome: a paper.\n",
        "The time was 10:30 when we met.\nAt 11:45 we left.\n",
        "Visit https://example.org for more.\nOr http://example.com too.\n",
        "[laughs] then we went on\n[inaudible] something\n",
        "Note: one\nNote: two\nNote: three\n",
        "Single: line only\n",
        "",
    ],
)
def test_prose_has_no_speakers(text):
    assert detect_turns(text) == []


def test_annotations_inside_a_turn_do_not_break_it_but_a_break_ends_it():
    text = "**Ann:** Hello.\n\n[Laughter]\n\nmore from Ann.\n\n**Break:** \\[15:48\\]\n\n**Bob:** Back.\n"
    assert spoken(text) == [
        ("Ann", "**Ann:** Hello.\n\n[Laughter]\n\nmore from Ann.", None),
        ("Bob", "**Bob:** Back.", None),
    ]


def test_turn_spans_are_code_points_in_any_script():
    text = "Ann: 👩🏽‍💻 e\u0301\nBob: مرحبا\nAnn: 李明\n"
    turns = detect_turns(text)
    assert [text[t.start:t.end] for t in turns] == ["Ann: 👩🏽‍💻 e\u0301", "Bob: مرحبا", "Ann: 李明"]
    assert turns[1].start == len("Ann: 👩🏽‍💻 e\u0301\n")


def test_parse_time_ms():
    assert parse_time_ms("04:21") == 261000
    assert parse_time_ms("1:02:03,5") == 3_723_500
    assert parse_time_ms(None) is None


@pytest.mark.skipif(not MASAKHANE.is_file(), reason="shared/transcripts is not beside the repository")
def test_the_real_masakhane_transcript():
    data = MASAKHANE.read_bytes()
    parsed = read_markdown(data, MASAKHANE.name)
    assert "**" not in parsed.text and "\\[" not in parsed.text
    speakers = [t.speaker for t in parsed.turns]
    assert set(speakers) == {"Daniel Whitenack", "Chris Benson", "Joyce Nabende", "Kathleen Siminyu"}
    assert "Break" not in speakers and len(speakers) == 28
    # An answer over several paragraphs stays one turn, its timestamp kept as data.
    kathleen = next(t for t in parsed.turns if t.time_ms == 261000)
    assert parsed.text[kathleen.start:].startswith("Kathleen Siminyu: [04:21] Thank you")
    long_answer = next(t for t in parsed.turns if "[08:05] I'll plug in" in parsed.text[t.start:t.end])
    assert long_answer.speaker == "Kathleen Siminyu"
    # The break ends the turn before it and belongs to no one.
    break_at = parsed.text.index("Break:")
    assert not any(t.start <= break_at < t.end for t in parsed.turns)
    # Turns never overlap, never include trailing blank lines.
    for before, after in zip(parsed.turns, parsed.turns[1:]):
        assert before.end <= after.start
        assert not parsed.text[before.start:before.end].endswith(("\n", " "))


_LINES = [
    "Interviewer: How did it start?", "Participant: With 👩🏽‍💻 volunteers.", "**Kathleen Siminyu:** \\[04:21\\] Yes.",
    "[Ann] مرحبا", "李明: 你好", "Ann Smith  0:03", "plain prose line", "Note: a remark", "[Laughter]",
    "**Break:** \\[15:48\\]", "e\u0301 combining", "", "   ", "\tindented: text",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_LINES), max_size=30), st.sampled_from(["\n", "\n\n"]))
def test_turns_are_ordered_disjoint_and_start_at_their_label(lines, separator):
    text = separator.join(lines)
    turns = detect_turns(text)
    previous_end = 0
    for turn in turns:
        assert previous_end <= turn.start < turn.end <= len(text)
        first_line = text[turn.start:turn.end].split("\n", 1)[0]
        assert turn.speaker in first_line
        assert text[turn.start] not in " \t\n" and text[turn.end - 1] not in " \t\n"
        previous_end = turn.end
