"""Writing an export so that it appears only when complete: a temporary file beside the target,
renamed into place; readable by others as an ordinary new file would be (not mkstemp's 0600)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from qcoder.core.lifecycle.output_targets import check_output_target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(out: Path) -> Iterator[Path]:
    """A temporary path beside ``out``; renamed to ``out`` if the block succeeds, else removed.

    ``out`` may not be a project, its companions or a backup (:func:`check_output_target`)."""
    out = Path(out)
    check_output_target(out)
    descriptor, name = tempfile.mkstemp(prefix=".qcoder-", suffix=out.suffix, dir=out.parent)
    os.close(descriptor)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, out)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
