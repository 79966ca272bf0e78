"""The one exception type that carries a message meant for the user."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class WorkbenchError(Exception):
    """A problem the user can fix. The message names the file (if any) and what is wrong.

    The CLI prints it without a traceback and exits non-zero; the TUI shows it as a
    notification. Anything else that escapes is a bug.
    """

    def __init__(self, message: str, path: str | Path | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.problem = message
        super().__init__(f"{self.path}: {message}" if self.path else message)


@contextmanager
def naming(path: str | Path) -> Iterator[None]:
    """A WorkbenchError raised inside that names no file is said of ``path`` (the file
    being read when a check deep inside found the problem)."""
    try:
        yield
    except WorkbenchError as exc:
        if exc.path is not None:
            raise
        raise WorkbenchError(exc.problem, path) from None
