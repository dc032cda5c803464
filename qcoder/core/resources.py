"""Where the bundled resources (codebook, icons, style, world outline) are, installed or not."""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path


def resource(*parts: str) -> Traversable:
    """A bundled resource, e.g. ``resource("codebook", "open-llm-collaboration.json")``."""
    try:
        base: Traversable = resources.files("qcoder.resources")
    except ModuleNotFoundError:
        base = Path(__file__).resolve().parents[2] / "resources"
    for part in parts:
        base = base / part
    return base


def default_codebook_path() -> Traversable:
    return resource("codebook", "open-llm-collaboration.json")
