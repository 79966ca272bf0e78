"""The one exception type that carries a message meant for the user."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def printable_path(path: str | Path) -> str:
    """A path as text that can be printed and stored: bytes of a file name that are not
    valid UTF-8 (which Python keeps as lone surrogates) are written as ``\\xff``."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return text


class WorkbenchError(Exception):
    """A problem the user can fix. The message names the file (if any) and what is wrong.

    The CLI prints it without a traceback and exits non-zero; the TUI shows it as a
    notification. Anything else that escapes is a bug.
    """

    def __init__(self, message: str, path: str | Path | None = None) -> None:
        self.path = printable_path(path) if path is not None else None
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
