"""Writing output files: atomically, and only when their bytes change.

Every writer in the project (figures, reports, the build cache, the site) goes
through :func:`write_atomic`, so a reader never sees half a file and a rebuild
that produces the same bytes leaves the file, and its modification time, alone.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path | str, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly those bytes.

    The bytes go to a temporary file beside ``path``, which is then renamed over
    it. Parent folders are created. Returns True when the file was written.
    """
    path = Path(path)
    try:
        if path.read_bytes() == data:
            return False
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def write_text_atomic(path: Path | str, text: str) -> Path:
    """Write UTF-8 text with ``\\n`` line ends through :func:`write_atomic`; return the path."""
    write_atomic(path, text.encode("utf-8"))
    return Path(path)
