"""Generated, fully coded benchmark projects, built on demand and cached under benchmarks/data/.

A project holds ``n`` synthetic interviews (see generate.py) plus one long 20,000-word
interview, their participants' attributes, a generated codebook (themes, sub-themes and
level-3 codes) and random codings with a Zipf-like code popularity. Everything is derived
from the arguments, so the same arguments always give the same project. Corpus and project
are built under temporary names and renamed when complete: an interrupted build is never
reused.

    python benchmarks/projects.py -n 2000 [--words 6000] [--codes 300] [--rebuild]
"""

from __future__ import annotations

import argparse
import itertools
import random
import resource
import shutil
import sqlite3
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import yaml

from generate import LAST_DATE, TextMaker, generate, transcript  # the sibling script
from workbench.project import Project

T = TypeVar("T")

DATA = Path(__file__).resolve().parent / "data"
DEFAULT_SEED = 1
DEFAULT_CODINGS = 150

LONG_NAME = "long_interview.txt"
# G999 is a generated participant from n = 1,816 on (55 % of the interviews are G).
LONG_PARTICIPANT = "G9999"
LONG_WORDS = 20_000
LONG_CODINGS = 500

THEMES = 6
SUB_THEMES_PER_THEME = 8
PALETTE = ("#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948", "#B07AA1",
           "#FF9DA7", "#9C755F", "#BAB0AC")
DEFINITIONS = (
    "How {nouns} say the {adj} {noun} {past} their work.",
    "Talk about the {noun} and who {past} it.",
    "When the {adj} {noun} is {past} for {nouns}.",
    "Views on {adj} {nouns} and the {noun}.",
    "Accounts of having to {verb} the {noun} for {nouns}.",
    "What the {noun} means for {adj} {nouns}.",
)

CODER = "bench"
CREATED_AT = "2025-12-31T12:00:00+00:00"
TURN_SHARE = 0.15  # the rest of the codings are on single sentences
MEMO_SHARE = 0.02
EXEMPLAR_SHARE = 0.03

INSERT_CODING = """INSERT OR IGNORE INTO codings
    (guid, source, code, start, "end", coder, memo, exemplar, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"""


# -- names ---------------------------------------------------------------------------------

def _variant(seed: int, codings_per_interview: int | None = None) -> str:
    """A name suffix for non-default arguments, so that no cache is reused for other ones."""
    suffix = f"-s{seed}" if seed != DEFAULT_SEED else ""
    if codings_per_interview not in (None, DEFAULT_CODINGS):
        suffix += f"-c{codings_per_interview}"
    return suffix


def project_path(n: int, words: int = 6000, seed: int = DEFAULT_SEED, codes: int = 300,
                 codings_per_interview: int = DEFAULT_CODINGS) -> Path:
    return DATA / f"project-{n}-{words}-{codes}{_variant(seed, codings_per_interview)}.sqlite"


def corpus_path(n: int, words: int, seed: int) -> Path:
    return DATA / f"corpus-{n}-{words}{_variant(seed)}"


def _remove_database(path: Path) -> None:
    """The file and its WAL companions: a stale ``-wal`` would be replayed into a new file."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


# -- corpus --------------------------------------------------------------------------------

def ensure_corpus(n: int, words: int, seed: int, rebuild: bool = False) -> Path:
    """The transcripts, participants.csv and the long interview, generated if missing."""
    final = corpus_path(n, words, seed)
    if rebuild:
        shutil.rmtree(final, ignore_errors=True)
    if final.is_dir():
        return final
    partial = final.with_name(final.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    generate(partial, n, words, seed)
    write_long_interview(partial / LONG_NAME, seed)
    partial.rename(final)
    return final


def write_long_interview(path: Path, seed: int) -> None:
    maker = TextMaker(random.Random(f"long-interview-{seed}"))
    path.write_text(transcript(LONG_PARTICIPANT, LAST_DATE, LONG_WORDS, maker), encoding="utf-8")


# -- codebook ------------------------------------------------------------------------------

def codebook_tree(codes: int, maker: TextMaker) -> list[dict]:
    """``codes`` codes: up to 6 themes (headings when they have children), up to 8
    sub-themes under each, the rest level-3 codes under randomly chosen sub-themes. GUIDs
    are given too, so that the same seed gives the same codes."""
    themes = [(str(t), _theme(t, maker)) for t in range(1, min(THEMES, codes) + 1)]
    subs = [_child(*themes[i % len(themes)], "Sub-theme", maker)
            for i in range(min(SUB_THEMES_PER_THEME * len(themes), codes - len(themes)))]
    for _ in range(codes - len(themes) - len(subs)):
        _child(*maker.rng.choice(subs), "Code", maker)
    for _, theme in themes:
        theme["codable"] = "children" not in theme
    return [theme for _, theme in themes]


def _theme(number: int, maker: TextMaker) -> dict:
    return {"name": f"Theme {number}", "guid": _guid(maker.rng), "short": _definition(maker),
            "colour": PALETTE[(number - 1) % len(PALETTE)], "codable": True}


def _child(number: str, parent: dict, kind: str, maker: TextMaker) -> tuple[str, dict]:
    """Append a child named after its place (``Sub-theme 3.4``), in a lighter shade."""
    children = parent.setdefault("children", [])
    child_number = f"{number}.{len(children) + 1}"
    child = {"name": f"{kind} {child_number}", "guid": _guid(maker.rng),
             "short": _definition(maker), "colour": _tint(parent["colour"], 0.3)}
    children.append(child)
    return child_number, child


def _definition(maker: TextMaker) -> str:
    return maker.rng.choice(DEFINITIONS).format_map(maker.filler)


def _tint(colour: str, amount: float) -> str:
    """``#RRGGBB`` mixed with white by ``amount`` (0–1)."""
    channels = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * amount):02X}" for c in channels)


def write_codebook(codes: int, seed: int) -> Path:
    path = DATA / f"codebook-{codes}{_variant(seed)}.yaml"
    book = {
        "format": "interview-workbench-codebook/1",
        "title": f"Benchmark codebook ({codes} codes)",
        "description": "Generated for benchmarks; the names and definitions mean nothing.",
        "codes": codebook_tree(codes, TextMaker(random.Random(f"codebook-{seed}"))),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(book, sort_keys=False, allow_unicode=True, width=100),
                    encoding="utf-8")
    return path


# -- codings -------------------------------------------------------------------------------

def add_codings(path: Path, codings_per_interview: int, seed: int) -> None:
    """Code every source at random in one transaction.

    This is set-up, not a user action, so it bypasses the history: a fresh connection has
    none of the project's temporary triggers that copy each changed row for undo.
    """
    maker = TextMaker(random.Random(f"codings-{seed}"))
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN IMMEDIATE")
        coder = conn.execute("INSERT INTO coders (name, guid) VALUES (?, ?)",
                             (CODER, _guid(maker.rng))).lastrowid
        # The project's named coder, so that the coding screen does not ask who codes.
        conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('coder', ?)",
                     (CODER,))
        pick_codes = _code_picker(conn, maker.rng)
        for source, name in conn.execute("SELECT id, name FROM sources ORDER BY id").fetchall():
            count = LONG_CODINGS if name == LONG_NAME else codings_per_interview
            conn.executemany(INSERT_CODING, _source_codings(
                conn, source, pick_codes(count), coder, maker))
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def _code_picker(conn: sqlite3.Connection, rng: random.Random) -> Callable[[int], list[int]]:
    """Draws codable codes with Zipf weights (1/rank) over a shuffled ranking, so that a few
    codes are everywhere and a long tail is rare."""
    codes = [row[0] for row in conn.execute("SELECT id FROM codes WHERE codable = 1 ORDER BY id")]
    rng.shuffle(codes)
    weights = list(itertools.accumulate(1 / rank for rank in range(1, len(codes) + 1)))
    return lambda k: rng.choices(codes, cum_weights=weights, k=k)


def _source_codings(conn: sqlite3.Connection, source: int, codes: list[int], coder: int,
                    maker: TextMaker) -> list[tuple]:
    """One row per code: a random participant sentence (now and then a whole turn)."""
    spans = {kind: conn.execute(
        """SELECT start, "end" FROM segments
           WHERE source = ? AND kind = ? AND is_interviewer = 0 ORDER BY start""",
        (source, kind)).fetchall() for kind in ("sentence", "turn")}
    rng = maker.rng
    rows = []
    for code in codes:
        start, end = rng.choice(spans["turn" if rng.random() < TURN_SHARE else "sentence"])
        memo = maker.sentence(rng.randint(8, 20)) if rng.random() < MEMO_SHARE else None
        exemplar = int(rng.random() < EXEMPLAR_SHARE)
        rows.append((_guid(rng), source, code, start, end, coder, memo, exemplar, CREATED_AT))
    return rows


def _guid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


# -- building ------------------------------------------------------------------------------

def build_project(n: int, words: int = 6000, seed: int = DEFAULT_SEED, codes: int = 300,
                  codings_per_interview: int = DEFAULT_CODINGS, *,
                  rebuild: bool = False) -> Path:
    """The cached project for these arguments, built first if missing (or if ``rebuild``,
    which regenerates the corpus too)."""
    path = project_path(n, words, seed, codes, codings_per_interview)
    if path.exists() and not rebuild:
        return path
    partial = path.with_name(path.stem + ".partial.sqlite")
    _remove_database(partial)
    corpus = _step("corpus", lambda: ensure_corpus(n, words, seed, rebuild))
    with Project.create(partial) as project:
        report = _step("import", lambda: project.import_paths([corpus]))
        assert report.ok, f"import failed: {report.failed[:5]}"
        project.import_participants(corpus / "participants.csv")
        _step("codebook", lambda: project.import_codebook(write_codebook(codes, seed)))
    _step("codings", lambda: add_codings(partial, codings_per_interview, seed))
    _remove_database(path)
    partial.rename(path)
    return path


def _step(name: str, action: Callable[[], T]) -> T:
    """Run one stage of a build and say how long it took (on stderr: builds are slow)."""
    start = time.perf_counter()
    result = action()
    print(f"  {name:<9} {time.perf_counter() - start:7.1f} s", file=sys.stderr)
    return result


# -- command line --------------------------------------------------------------------------

def peak_memory_mb(who: int) -> float:
    """Peak resident size; Linux reports kilobytes, macOS bytes."""
    peak = resource.getrusage(who).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def print_summary(path: Path, seconds: float | None) -> None:
    with Project.open(path) as project:
        info = project.info()
    print(f"project       {path}")
    print(f"sources       {info['sources']:,}")
    print(f"words         {info['words']:,}")
    print(f"codes         {info['codes']:,}")
    print(f"codings       {info['codings']:,}")
    print(f"sentences     {info['sentences']:,} sentence segments")
    print(f"file size     {path.stat().st_size / 1e6:,.1f} MB")
    if seconds is None:
        print("build         cached (--rebuild to build it again)")
        return
    print(f"build         {seconds:.1f} s")
    print(f"peak memory   {peak_memory_mb(resource.RUSAGE_SELF):,.0f} MB in this process, "
          f"{peak_memory_mb(resource.RUSAGE_CHILDREN):,.0f} MB in the largest parse worker")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, required=True, help="number of generated interviews")
    parser.add_argument("--words", type=int, default=6000, help="words per interview")
    parser.add_argument("--codes", type=int, default=300, help="codes in the codebook")
    parser.add_argument("--rebuild", action="store_true",
                        help="generate and build again even if cached")
    args = parser.parse_args(argv)
    if args.n < 1 or args.codes < 1:
        parser.error("-n and --codes must be at least 1")
    cached = project_path(args.n, args.words, codes=args.codes).exists() and not args.rebuild
    start = time.perf_counter()
    path = build_project(args.n, args.words, codes=args.codes, rebuild=args.rebuild)
    print_summary(path, None if cached else time.perf_counter() - start)


if __name__ == "__main__":
    main()
