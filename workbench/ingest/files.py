"""Reading an input file's bytes with the user-facing errors every reader shares."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from workbench.errors import WorkbenchError, printable_path


def read_input(path: Path) -> bytes:
    """The file's bytes, or a WorkbenchError: missing, a folder, a broken or looping
    symbolic link, or unreadable."""
    path = Path(path)
    if not path.exists():
        raise WorkbenchError(link_problem(path) or "no such file", path)
    if not path.is_file():
        raise WorkbenchError("is not a file", path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise WorkbenchError(f"cannot be read ({exc.strerror})", path) from None


def link_problem(path: Path) -> str | None:
    """Why a symbolic link leads nowhere (it loops, or its target is missing), or None when
    ``path`` is not such a link."""
    if not path.is_symlink():
        return None
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "is a symbolic link that loops (it leads back to itself)"
        return (f"is a symbolic link to '{printable_path(os.readlink(path))}', which does "
                "not exist")
    return None
