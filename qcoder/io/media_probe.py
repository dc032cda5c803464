"""How long a recording is, read from its header without decoding it (``wave``, ``mutagen``)."""

from __future__ import annotations

import wave
from pathlib import Path

from qcoder.core.errors import QcoderError
from qcoder.core.media_paths import media_kind


def media_duration_ms(path: Path) -> int | None:
    """The recording's length in milliseconds; ``None`` when its header does not say (e.g. WebM,
    whose length the player finds when it loads it). A file that is not a recording is refused."""
    if media_kind(path) is None:
        raise QcoderError(f"{path.name} is not a recording qcoder can play (wav, mp3, m4a, ogg, flac, mp4, webm, mov)")
    if not path.is_file():
        raise QcoderError(f"{path} does not exist")
    if path.suffix.lower() == ".wav":
        try:
            with wave.open(str(path), "rb") as recording:
                rate = recording.getframerate()
                return round(recording.getnframes() * 1000 / rate) if rate else None
        except (wave.Error, EOFError) as error:
            if "unknown format" not in str(error):  # e.g. floating-point WAV: let mutagen try
                raise QcoderError(f"{path.name} is not a readable WAV recording ({error})") from None
    import mutagen  # imported here: only linking a recording needs it

    try:
        info = mutagen.File(str(path))
    except (mutagen.MutagenError, OSError) as error:
        raise QcoderError(f"{path.name} could not be read as a recording ({error})") from None
    length = getattr(getattr(info, "info", None), "length", None)
    return round(length * 1000) if length else None
