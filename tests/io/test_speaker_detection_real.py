"""Speaker attribution measured on ten real published transcripts (../shared/transcripts/changelog).

The ground truth is read from the raw Markdown (:mod:`tests.io.real_transcripts`), the turns from
what a user gets: the file imported through the Markdown reader into readable text.
"""

from __future__ import annotations

import pytest

from qcoder.io.readers.markdown_text import read_markdown
from tests.io.real_transcripts import CHANGELOG, SHARED, Attribution, attribute, true_paragraphs

REAL = sorted(path for path in CHANGELOG.glob("*.md") if path.name != "NOTICE.md") if CHANGELOG.is_dir() else []
GOAL = 0.995

pytestmark = pytest.mark.skipif(len(REAL) < 10, reason="shared/transcripts/changelog is not beside the repository")


def measure(paths) -> tuple[Attribution, set[str]]:
    total = Attribution()
    false_speakers: set[str] = set()
    for path in paths:
        markdown = path.read_bytes().decode("utf-8")
        parsed = read_markdown(path.read_bytes(), path.name)
        attribute(markdown, parsed.text, parsed.turns, total)
        truth = {paragraph.speaker for paragraph in true_paragraphs(markdown)} - {None}
        false_speakers |= {f"{path.name}: {turn.speaker}" for turn in parsed.turns if turn.speaker not in truth}
    return total, false_speakers


def test_paragraphs_are_credited_to_the_right_speaker_in_the_real_transcripts():
    result, false_speakers = measure(REAL)
    recall = result.right / result.paragraphs
    precision = result.right / result.credited
    print(f"\n{len(REAL)} transcripts, {result.paragraphs} spoken paragraphs: "
          f"recall {recall:.4f}, precision {precision:.4f}, false speakers {len(false_speakers)}")
    assert not false_speakers
    assert recall >= GOAL, result.wrong[:20]
    assert precision >= GOAL, result.wrong[:20]


@pytest.mark.parametrize("path", REAL, ids=[path.stem for path in REAL])
def test_every_speaker_of_each_real_transcript_is_found(path):
    markdown = path.read_bytes().decode("utf-8")
    parsed = read_markdown(path.read_bytes(), path.name)
    truth = {paragraph.speaker for paragraph in true_paragraphs(markdown)} - {None}
    assert {turn.speaker for turn in parsed.turns} == truth
    assert "**" not in parsed.text and "\\[" not in parsed.text


def test_the_ground_truth_sees_the_hard_cases():
    """The measure is only worth something if the set holds the cases the detector gets wrong."""
    names = {p.speaker for path in REAL for p in true_paragraphs(path.read_text("utf-8"))}
    assert {"sam boyer", "chg", "Elisha Goldstein, PhD", "Mireille Reece, PsyD", "Mitch Hedberg"} <= names
    assert not names & {"Jingle", "Break", "In January"}


def test_the_masakhane_transcript_too():
    path = SHARED / "practical-ai-167-masakhane.md"
    result, false_speakers = measure([path])
    assert not false_speakers and result.right == result.paragraphs == result.credited
