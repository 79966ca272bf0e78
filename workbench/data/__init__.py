"""The bundled study: synthetic transcripts, participants, sample codings and example
codebooks. Read with ``importlib.resources`` so that an installed wheel finds them too."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path
from contextlib import contextmanager
from collections.abc import Iterator


@contextmanager
def data_path(*parts: str) -> Iterator[Path]:
    """A real path to a bundled file or folder for the duration of the ``with``."""
    with as_file(files(__name__).joinpath(*parts)) as path:
        yield path
