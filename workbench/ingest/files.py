"""Reading an input file's bytes with the user-facing errors every reader shares."""

from __future__ import annotations

from pathlib import Path

from workbench.errors import WorkbenchError


def read_input(path: Path) -> bytes:
    """The file's bytes, or a WorkbenchError: missing, a folder, or unreadable."""
    if not path.exists():
        raise WorkbenchError("no such file", path)
    if not path.is_file():
        raise WorkbenchError("is not a file", path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise WorkbenchError(f"cannot be read ({exc.strerror})", path) from None
