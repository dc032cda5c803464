"""When each speaker turn is heard in the recording: its own time, or one estimated between two.

Imported transcripts time some turns (subtitles and Whisper all of them, ``[00:01:02]`` markers a
few, plain text none). A turn without a time gets one interpolated by characters between the
timed turns around it — speech runs at a roughly even pace — and is marked ``estimated`` so the
window can say so. Before the first timed turn the pace runs from zero; after the last, at the
pace of the recording (or of the timed turns) until its end.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from qcoder.core.snapshots import TurnInfo


@dataclass(frozen=True)
class TimedTurn:
    start: int
    end: int
    speaker: str
    time_ms: int | None
    estimated: bool


def timed_turns(turns: Sequence[TurnInfo], characters: int, duration_ms: int | None = None) -> list[TimedTurn]:
    """Every turn (in text order) with its time, estimated where the transcript has none.

    With no timed turn and no known duration no time can be estimated: ``time_ms`` stays ``None``.
    """
    ordered = sorted(turns, key=lambda t: t.start)
    anchors = _anchors(ordered, characters, duration_ms)
    return [
        TimedTurn(t.start, t.end, t.speaker, t.time_ms, False) if t.time_ms is not None
        else TimedTurn(t.start, t.end, t.speaker, _interpolate(anchors, t.start), bool(anchors))
        for t in ordered
    ]


def time_at(turns: Sequence[TurnInfo], characters: int, position: int, duration_ms: int | None = None) -> int | None:
    """When the text at ``position`` is heard: interpolated between the timed points around it."""
    return _interpolate(_anchors(sorted(turns, key=lambda t: t.start), characters, duration_ms), position)


def turn_index_at_time(timed: Sequence[TimedTurn], time_ms: int) -> int | None:
    """The index of the turn being spoken at ``time_ms`` (the last one begun by then)."""
    times = [t.time_ms if t.time_ms is not None else -1 for t in timed]
    index = bisect.bisect_right(times, time_ms) - 1
    return index if index >= 0 and times[index] >= 0 else None


def _anchors(ordered: Sequence[TurnInfo], characters: int, duration_ms: int | None) -> list[tuple[int, int]]:
    """Known (position, time) points in increasing order of both; the ends where they follow."""
    points: list[tuple[int, int]] = []
    for turn in ordered:
        if turn.time_ms is not None and (not points or (turn.start > points[-1][0] and turn.time_ms >= points[-1][1])):
            points.append((turn.start, turn.time_ms))
    if not points and duration_ms is None:
        return []
    if not points or points[0][0] > 0:
        points.insert(0, (0, 0))
    last_position, last_time = points[-1]
    if characters > last_position:
        if duration_ms is not None and duration_ms > last_time:
            points.append((characters, duration_ms))
        elif len(points) >= 2 and points[-1][0] > points[0][0]:
            pace = (points[-1][1] - points[0][1]) / (points[-1][0] - points[0][0])
            points.append((characters, round(last_time + pace * (characters - last_position))))
    return points


def _interpolate(anchors: Sequence[tuple[int, int]], position: int) -> int | None:
    if not anchors:
        return None
    positions = [p for p, _ in anchors]
    index = bisect.bisect_right(positions, position) - 1
    if index < 0:
        return anchors[0][1]
    if index >= len(anchors) - 1:
        return anchors[-1][1]
    (p0, t0), (p1, t1) = anchors[index], anchors[index + 1]
    return round(t0 + (t1 - t0) * (position - p0) / (p1 - p0)) if p1 > p0 else t0


def clock(ms: int) -> str:
    """``1:02:03`` or ``2:03`` for a time in milliseconds."""
    seconds = max(0, ms) // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
