"""Markdown transcripts are stored as the readable text, not as markup."""

from __future__ import annotations

from qcoder.io.readers.markdown_text import read_markdown, render_markdown


def test_markup_is_removed_and_labels_read_as_written():
    source = (
        "**Ann Lee:** \\[04:21\\] See [the paper](https://example.org/p) and *this*, `code` \\*not bold\\*.\n\n"
        "**Bo Chen**: Yes &amp; no.\n"
    )
    assert render_markdown(source).text == (
        "Ann Lee: [04:21] See the paper and this, code *not bold*.\n\nBo Chen: Yes & no.\n"
    )


def test_headings_and_list_items_are_lines_and_paragraphs_stay_apart():
    source = "# Episode 12\n\nIntro text\nwrapped here.\n\n- one\n- two\n  - nested\n\n3. three\n4. four\n\n> quoted\n\n---\n\nEnd.\n"
    assert render_markdown(source).text == (
        "Episode 12\n\nIntro text\nwrapped here.\n\n• one\n• two\n  • nested\n\n3. three\n4. four\n\nquoted\n\nEnd.\n"
    )


def test_a_table_reads_as_rows():
    source = "| Speaker | Words |\n|---|---|\n| Ann | Hello |\n| Bob | Hi |\n"
    assert render_markdown(source).text == "Speaker | Words\nAnn | Hello\nBob | Hi\n"


def test_bold_labels_are_handed_to_speaker_detection_at_their_place_in_the_text():
    rendered = render_markdown("Intro.\n\n**Jane Doe, PhD:** Hi.\n\n**Jingle**: la\n")
    assert [(label.name, label.style, rendered.text[label.start:label.start + len(label.name)])
            for label in rendered.labels] == [
        ("Jane Doe, PhD", "bold", "Jane Doe, PhD"), ("Jingle", "bold-outside", "Jingle")]


def test_turns_point_into_the_readable_text():
    parsed = read_markdown(b"**Ann:** \\[00:05\\] Hello.\n\nMore.\n\n**Bob:** Hi.\n", "t.md")
    assert [(t.speaker, parsed.text[t.start:t.end], t.time_ms) for t in parsed.turns] == [
        ("Ann", "Ann: [00:05] Hello.\n\nMore.", 5000), ("Bob", "Bob: Hi.", None)]
    assert parsed.encoding == "utf-8"


def test_raw_html_tags_and_comments_are_markup():
    source = "<!-- transcript v2 -->\n\nAnn: a <b>bold</b> word<br>next line\n\n<div>\nBlock words\n</div>\n"
    assert render_markdown(source).text == "Ann: a bold word\nnext line\n\nBlock words\n"


def test_bold_labels_on_consecutive_lines_of_one_paragraph_are_each_a_turn():
    parsed = read_markdown(b"**Ann:** Hi.\n**Jane Doe, PhD:** Hello.\n**Ann:** Bye.\n", "t.md")
    assert parsed.text == "Ann: Hi.\nJane Doe, PhD: Hello.\nAnn: Bye.\n"
    assert [(t.speaker, parsed.text[t.start:t.end]) for t in parsed.turns] == [
        ("Ann", "Ann: Hi."), ("Jane Doe, PhD", "Jane Doe, PhD: Hello."), ("Ann", "Ann: Bye.")]
