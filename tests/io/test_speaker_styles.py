"""Speakers decided from the whole document: the label style a transcript uses for its speakers."""

from __future__ import annotations

import pytest

from qcoder.io.readers.markdown_text import read_markdown
from qcoder.io.readers.plain_text import read_plain_text
from qcoder.io.speakers import detect_turns


def speakers_of(markdown: str) -> list[str]:
    return [turn.speaker for turn in read_markdown(markdown.encode("utf-8"), "t.md").turns]


def credited(markdown: str) -> dict[str, str | None]:
    """Each paragraph of the stored text → the speaker of the turn that holds it."""
    parsed = read_markdown(markdown.encode("utf-8"), "t.md")
    result: dict[str, str | None] = {}
    position = 0
    for paragraph in parsed.text.split("\n\n"):
        result[paragraph.strip()] = next(
            (t.speaker for t in parsed.turns if t.start <= position < t.end), None
        )
        position += len(paragraph) + 2
    return result


INTERVIEW = """\
**Ann Lee:** Welcome. Today we talk to our guests.

**{guest}:** Thanks for having me. I have been doing this a long time.

It started in a garage.

**Ann Lee:** And then?

**{guest}:** Then it grew.
"""


@pytest.mark.parametrize(
    "guest",
    ["Jane Doe, PhD", "Name B. Surname, Psy.D", "Jane Doe – CEO", "Kim 🚀", "sam lee", "chg", "李明", "O'Brien-Ngũgĩ"],
)
def test_a_bold_label_in_the_documents_style_is_a_speaker_whatever_its_name(guest):
    paragraphs = credited(INTERVIEW.format(guest=guest))
    assert paragraphs["It started in a garage."] == guest
    assert paragraphs[f"{guest}: Then it grew."] == guest
    assert set(paragraphs.values()) == {"Ann Lee", guest}


def test_a_person_who_speaks_once_is_a_speaker():
    markdown = (
        "**Ann Lee:** Hello.\n\n**Bo Chen:** Hi.\n\n**Ann Lee:** Who is calling?\n\n"
        "**Mitch Hedberg:** I used to do drugs. I still do, but I used to, too.\n\n"
        "**Bo Chen:** Ha.\n"
    )
    assert speakers_of(markdown) == ["Ann Lee", "Bo Chen", "Ann Lee", "Mitch Hedberg", "Bo Chen"]


def test_prose_before_a_colon_is_not_a_speaker_in_a_bold_transcript():
    markdown = (
        "**Jerod Santo:**\n\nWhat up, nerds?\n\n**Break:**\n\n**Jerod Santo:**\n\n"
        "In January: Big AI datacenter investments are big.\n\nIt's now August: time flies.\n\n"
        "Number 1: a list item as a sentence.\n\nFavorite Pod: the one with Ashley.\n\n"
        "**Break:**\n\n**Jerod Santo:**\n\nIn March: vibe coding.\n"
    )
    paragraphs = credited(markdown)
    assert speakers_of(markdown) == ["Jerod Santo"] * 3
    for sentence in ("In January:", "It's now August:", "Number 1:", "Favorite Pod:", "In March:"):
        assert next(v for k, v in paragraphs.items() if k.startswith(sentence)) == "Jerod Santo"
    assert paragraphs["Break:"] is None


@pytest.mark.parametrize("marker", ["**Jingle**:", "**Jingle:**", "**Outro:**", "**Intro:**", "**Music:**", "**Break:**"])
def test_markers_end_a_turn_and_are_nobody(marker):
    markdown = (
        "**Ann Lee:** One.\n\n**Bo Chen:** Two.\n\n"
        f"{marker} \\[15:48\\]\n\nla la la\n\n**Ann Lee:** Three.\n"
    )
    paragraphs = credited(markdown)
    assert speakers_of(markdown) == ["Ann Lee", "Bo Chen", "Ann Lee"]
    assert paragraphs["la la la"] is None


def test_a_name_written_in_another_style_counts_when_the_document_already_knows_it():
    markdown = "**Ann Lee:** One.\n\n**Bo Chen:** Two.\n\n**Ann Lee**: Three.\n\n**Bo Chen:** Four.\n\nSummary Line: prose\n"
    assert speakers_of(markdown) == ["Ann Lee", "Bo Chen", "Ann Lee", "Bo Chen"]


def test_header_fields_above_a_bold_transcript_are_not_speakers():
    markdown = "**Project:** Open LLMs\n\n**Interviewed:** 3 May\n\n**Ann Lee:** Hello there.\n\n**Bo Chen:** Hi.\n\n**Ann Lee:** Go on.\n"
    assert speakers_of(markdown) == ["Ann Lee", "Bo Chen", "Ann Lee"]


def test_qualcoders_sample_transcript_has_turns():
    """QualCoder's Examples/transcript.txt writes ``[id1] words`` (lower-case ids)."""
    text = (
        "[id1] hello, I like the course.\n\n[id2] I am struggling with the lecture slides.\n\n"
        "[id3] No. I think the slides are OK.\n\n[id1] I am learning a lot.\n\n[id3] yes, I am learning a lot as well.\n"
    )
    parsed = read_plain_text(text.encode("utf-8"), "transcript.txt")
    assert [t.speaker for t in parsed.turns] == ["id1", "id2", "id3", "id1", "id3"]


def test_a_plain_transcript_keeps_its_rules():
    """In a ``Name: words`` transcript labels must still look like names; prose is not a speaker."""
    text = "Ann: Hello.\nBob: Hi.\nthe plan: is prose\nAnn: Yes.\n"
    assert [t.speaker for t in detect_turns(text)] == ["Ann", "Bob", "Ann"]


def test_names_with_commas_are_listed_apart():
    from qcoder.io.speakers import name_list

    assert name_list(["Ann", "Bo"]) == "Ann, Bo"
    assert name_list(["Elisha Goldstein, PhD", "Adam"]) == "Elisha Goldstein, PhD; Adam"


def test_timestamps_on_some_turns_only_keep_the_untimed_speakers():
    text = (
        "[00:00:00] Interviewer: Welcome.\n\nAmara: Thank you.\n\n"
        "[00:01:10] Interviewer: How did it start?\n\nAmara: With a hackathon.\n"
    )
    turns = detect_turns(text)
    assert [t.speaker for t in turns] == ["Interviewer", "Amara", "Interviewer", "Amara"]
    assert [t.time_ms for t in turns] == [0, None, 70000, None]
