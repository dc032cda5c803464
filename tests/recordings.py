"""Recordings made by the tests: a WAV written with Python's ``wave`` module (a tone that changes
pitch every second, so a position can be heard, and so a player has real audio to decode)."""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

TRANSCRIPT = (
    "[00:00:00] Interviewer: Welcome, and thank you for joining us today.\n\n"
    "Amara: Thank you for having me. We started the project in 2021.\n\n"
    "[00:00:04] Interviewer: How did the compute partnership begin?\n\n"
    "Amara: A public lab offered us time on their cluster, and we said yes at once.\n"
)


def write_wav(path: Path, seconds: float = 6.0, rate: int = 8000) -> Path:
    frames = bytearray()
    for index in range(int(seconds * rate)):
        pitch = 220 + 110 * int(index / rate)
        frames += struct.pack("<h", int(6000 * math.sin(2 * math.pi * pitch * index / rate)))
    with wave.open(str(path), "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(2)
        recording.setframerate(rate)
        recording.writeframes(bytes(frames))
    return path
