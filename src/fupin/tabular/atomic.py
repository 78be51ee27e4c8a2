"""Output files appear whole or not at all: written beside their place, then renamed."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replaced_atomically(out: Path) -> Iterator[Path]:
    """A temporary path beside ``out``; renamed to ``out`` when the block ends without error, so
    a reader never sees a half-written file and a failed run leaves the earlier file alone."""
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    os.close(handle)
    try:
        yield Path(temporary)
        os.replace(temporary, out)
    finally:
        Path(temporary).unlink(missing_ok=True)
