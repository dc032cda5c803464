"""Pausing Python's cyclic garbage collector while hundreds of thousands of objects are made.

Reading or building 100,000 selections creates objects that all stay alive until the end; the
collector would walk them again and again for nothing (about 40 % of an import's time).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
