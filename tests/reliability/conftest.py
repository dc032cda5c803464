"""A small disk of its own for the disk-full tests: a 1 MB tmpfs where the tests may mount one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MB tmpfs mounted for the test (needs root on Linux; skipped elsewhere)."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if sys.platform != "linux" or shutil.which("mount") is None:
        pytest.skip("a small tmpfs needs Linux; the max_page_count tests cover the logic")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()}); the max_page_count tests cover the logic")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], capture_output=True, check=False)


def fill(folder: Path, leave: int = 0) -> Path:
    """Fill ``folder``'s file system until ``leave`` bytes are free (0: until it refuses a byte)."""
    stats = os.statvfs(folder)
    filler = folder / "filler.bin"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(descriptor, b"\0" * max(0, stats.f_bavail * stats.f_frsize - leave))
        while not leave:
            os.write(descriptor, b"\0" * 512)
    except OSError:
        pass  # full
    finally:
        os.close(descriptor)
    return filler
