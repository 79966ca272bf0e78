"""How fast the workbench imports transcripts, next to a plain SQLite + FTS5 floor.

Generates a synthetic corpus (see generate.py), times ``Project.import_paths`` on it, then
times the least work any importer must do: read each file, store its text and index its
paragraphs in FTS5, one transaction per file. Both write to files with WAL and
synchronous=NORMAL, as the workbench does.

    python benchmarks/import_speed.py [-n 200] [--words 6000] [--keep DIR] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import resource
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from generate import generate  # the sibling script: run as a script, its folder is on sys.path
from workbench.project import Project
from workbench.text.language import blank_pipeline

FLOOR_SCHEMA = """
CREATE TABLE docs(id INTEGER PRIMARY KEY, name TEXT, text TEXT);
CREATE VIRTUAL TABLE fts USING fts5(
    text, content='', tokenize='porter unicode61 remove_diacritics 2');
"""
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


@dataclass
class Timing:
    seconds: float
    words: int

    @property
    def rate(self) -> float:
        return self.words / self.seconds if self.seconds else float("inf")


def corpus_words(corpus: Path) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in corpus.glob("*.txt"))


def time_workbench(corpus: Path, db_path: Path, words: int) -> Timing:
    """Time only ``import_paths``: creating the project is not part of an import."""
    project = Project.create(db_path)
    blank_pipeline("en")  # loading spaCy (about 0.8 s) is paid once per process, not per file
    try:
        start = time.perf_counter()
        report = project.import_paths([corpus])
        elapsed = time.perf_counter() - start
    finally:
        project.close()
    assert report.ok, f"import failed: {report.failed[:5]}"
    assert report.imported, "nothing was imported"
    return Timing(elapsed, words)


def open_floor(db_path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db_path, isolation_level=None)  # transactions are explicit
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.executescript(FLOOR_SCHEMA)
    return conn


def store_plain(conn: sqlite3.Connection, path: Path) -> None:
    """Read one file; keep its text and index each paragraph, in one transaction."""
    text = path.read_text(encoding="utf-8")
    conn.execute("BEGIN")
    conn.execute("INSERT INTO docs(name, text) VALUES (?, ?)", (path.name, text))
    conn.executemany("INSERT INTO fts(text) VALUES (?)",
                     ((p,) for p in PARAGRAPH_BREAK.split(text) if p.strip()))
    conn.execute("COMMIT")


def time_floor(corpus: Path, db_path: Path, words: int) -> Timing:
    files = sorted(corpus.glob("*.txt"))
    conn = open_floor(db_path)
    try:
        start = time.perf_counter()
        for path in files:
            store_plain(conn, path)
        elapsed = time.perf_counter() - start
    finally:
        conn.close()
    return Timing(elapsed, words)


def peak_memory_mb() -> float:
    """The process's peak resident size; Linux reports kilobytes, macOS bytes."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def print_table(files: int, words: int, workbench: Timing, floor: Timing) -> None:
    print()
    print(f"corpus       {files:,} files, {words:,} words ({words // max(files, 1):,} per file)")
    print(f"{'':12} {'seconds':>9} {'words/s':>12}")
    print(f"{'workbench':12} {workbench.seconds:9.2f} {workbench.rate:12,.0f}")
    print(f"{'plain floor':12} {floor.seconds:9.2f} {floor.rate:12,.0f}")
    ratio = workbench.rate / floor.rate
    print(f"workbench speed / floor speed = {ratio:.3f} (the floor is {1 / ratio:.1f}x faster)")
    print(f"peak memory  {peak_memory_mb():,.0f} MB (ru_maxrss: the whole process's peak, "
          "generation and both imports included)")


def profile_workbench(corpus: Path, db_path: Path) -> None:
    """Import the corpus into a fresh project under cProfile; print the top 25 by cumulative time."""
    project = Project.create(db_path)
    profiler = cProfile.Profile()
    try:
        report = profiler.runcall(project.import_paths, [corpus])
    finally:
        project.close()
    print(f"\nprofile of a second workbench import ({len(report.imported)} files imported, "
          f"{len(report.failed)} failed; spaCy pipelines are already loaded):")
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(25)


def run(root: Path, n: int, words: int, profile: bool) -> None:
    corpus = root / "corpus"
    start = time.perf_counter()
    files = generate(corpus, n, words)
    print(f"generated {len(files)} transcripts in {time.perf_counter() - start:.2f} s into {corpus}")
    total = corpus_words(corpus)
    workbench = time_workbench(corpus, root / "workbench.sqlite", total)
    floor = time_floor(corpus, root / "floor.sqlite", total)
    print_table(len(files), total, workbench, floor)
    if profile:
        profile_workbench(corpus, root / "profile.sqlite")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="number of transcripts")
    parser.add_argument("--words", type=int, default=6000, help="words per transcript")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="write the corpus and databases into DIR (empty or new) and keep them")
    parser.add_argument("--profile", action="store_true",
                        help="import once more under cProfile and print the top 25 entries")
    args = parser.parse_args(argv)
    if args.keep is None:
        with tempfile.TemporaryDirectory(prefix="workbench-bench-") as tmp:
            run(Path(tmp), args.n, args.words, args.profile)
        return
    if args.keep.exists() and any(args.keep.iterdir()):
        parser.error(f"--keep wants an empty or new folder; {args.keep} has files in it")
    run(args.keep, args.n, args.words, args.profile)


if __name__ == "__main__":
    main()
