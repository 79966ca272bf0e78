"""Reading many transcripts at once: parsing runs in worker processes while the caller writes.

Parsing (turns, sentences, word counts) is pure CPU work on one file at a time, so a batch
is spread over the machine's cores. Workers are forked, which is only safe while the
process has a single thread; in the TUI (which has worker threads) and for small batches
the files are read in this process instead.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.ingest.interview import parse_source
from workbench.records import ImportedSource
from workbench.ingest.transcripts import read_transcript

PARALLEL_FROM = 8  # files; below this, starting workers costs more than it saves


@dataclass(frozen=True)
class ParseOptions:
    language: str | None = None
    sentences: bool = True  # a preview needs no sentences


def parse_one(path: Path, options: ParseOptions) -> ImportedSource | str:
    """The parsed file, or the problem as text (exceptions do not cross processes intact).
    Who said what is settled afterwards, where the whole import is known."""
    try:
        return parse_source(path, read_transcript(path), options.language, options.sentences)
    except WorkbenchError as exc:
        return exc.problem


def parse_all(paths: list[Path], options: ParseOptions) -> Iterator[ImportedSource | str]:
    """Parse ``paths`` in order, in parallel where that is safe and worth it."""
    workers = min(os.cpu_count() or 1, 4)
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    if len(paths) < PARALLEL_FROM or workers < 2 or not can_fork \
            or threading.active_count() > 1:
        for path in paths:
            yield parse_one(path, options)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(parse_one, paths, [options] * len(paths), chunksize=1)
