"""Ground truth for the real Markdown transcripts, read from the raw Markdown, independently of qcoder.

Each paragraph of the raw file (a block between blank lines) belongs to the speaker of the last
bold label (``**Name:**`` or ``**Name**:``) that opened a paragraph before it, or to no one after
a marker label (Break, Jingle, Outro…). A paragraph is found in the readable text qcoder stores by
its letters and digits alone, so the check does not depend on how markup is removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from qcoder.core.snapshots import TurnInfo

SHARED = Path(__file__).resolve().parents[3] / "shared" / "transcripts"
CHANGELOG = SHARED / "changelog"
MARKERS = {"break", "jingle", "outro", "intro", "music"}
_BOLD_LABEL = re.compile(r"\*\*(?P<name>[^*\n]+?)(?::\*\*|\*\*:)")
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
_KEY = 40


@dataclass(frozen=True)
class Paragraph:
    key: str
    speaker: str | None


def true_paragraphs(markdown: str) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    speaker: str | None = None
    for block in re.split(r"\n[ \t>]*\n", markdown):
        if not block.strip():
            continue
        label = _BOLD_LABEL.match(block.strip())
        if label is not None:
            name = label.group("name").strip()
            speaker = None if name.casefold() in MARKERS else name
        key = _letters(_LINK_TARGET.sub("]", block))[:_KEY]
        if key:
            paragraphs.append(Paragraph(key, speaker))
    return paragraphs


def _letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


@dataclass
class Attribution:
    paragraphs: int = 0
    credited: int = 0
    right: int = 0
    missed: int = 0
    found: int = 0
    wrong: list[str] = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        self.wrong = []


def attribute(markdown: str, text: str, turns: tuple[TurnInfo, ...], result: Attribution) -> None:
    """Credit each true paragraph to the turn that holds its first letter in ``text``."""
    kept = [(i, ch) for i, ch in enumerate(text) if ch.isalnum()]
    skeleton = "".join(ch for _i, ch in kept)
    cursor = 0
    for paragraph in true_paragraphs(markdown):
        at = skeleton.find(paragraph.key, cursor)
        assert at >= 0, f"paragraph not found in the stored text: {paragraph.key!r}"
        result.found += 1
        cursor = at + 1
        offset = kept[at][0]
        credited = next((t.speaker for t in turns if t.start <= offset < t.end), None)
        if paragraph.speaker is not None:
            result.paragraphs += 1
        if credited is not None:
            result.credited += 1
        if credited is not None and credited == paragraph.speaker:
            result.right += 1
        elif paragraph.speaker is not None or credited is not None:
            result.wrong.append(f"{paragraph.key[:30]}: {credited} instead of {paragraph.speaker}")
