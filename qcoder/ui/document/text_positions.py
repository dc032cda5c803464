"""The one place where Qt's UTF-16 positions meet the project's code-point positions.

``QTextCursor.position()`` counts UTF-16 code units; the project, Python and REFI-QDA count
code points. Every character outside the Basic Multilingual Plane (emoji, many CJK extension
characters) is two UTF-16 units but one code point. :class:`PositionMap` converts both ways in
O(log n) per call, after one pass over the text.
"""

from __future__ import annotations

import bisect
import re

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class PositionMap:
    """Converts positions in one text between code points (Python) and UTF-16 units (Qt)."""

    def __init__(self, text: str) -> None:
        self.text_length = len(text)
        self._astral = [match.start() for match in _ASTRAL.finditer(text)]
        self._astral_qt = [index + offset for offset, index in enumerate(self._astral)]

    @property
    def qt_length(self) -> int:
        return self.text_length + len(self._astral)

    def to_qt(self, position: int) -> int:
        """UTF-16 position of the code-point ``position``."""
        return position + bisect.bisect_left(self._astral, position)

    def to_python(self, qt_position: int) -> int:
        """Code-point position of the UTF-16 ``qt_position``; inside a surrogate pair rounds down."""
        # Pairs that start before qt_position each add one extra unit; a position between the
        # two halves of a pair counts that pair too, which rounds it down to its character.
        return qt_position - bisect.bisect_left(self._astral_qt, qt_position)

    def span_to_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)

    def span_to_python(self, qt_start: int, qt_end: int) -> tuple[int, int]:
        return self.to_python(qt_start), self.to_python(qt_end)
