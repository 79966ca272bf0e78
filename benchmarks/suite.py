"""`make bench`: every benchmark at one scale, one table, each step in its own process so
that its peak memory is its own.

    python benchmarks/suite.py [-n 2000] [--docx 200] [--steps import_txt,quotes,…]

Next to each figure stands, where one exists, a floor measured in the same run: the same
text inserted with plain sqlite3 and FTS5, the same .docx files read by python-docx alone,
the same query in plain SQL. Generated projects are cached in benchmarks/data/ (never
committed); the first run builds them.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from import_speed import corpus_words, time_floor, time_workbench  # noqa: E402
from projects import build_project  # noqa: E402
import hostile_sizes  # noqa: E402

TARGETS = {"import_txt": "≥ 500,000 words/s", "first_screen": "≤ 1.5 s",
           "open_transcript": "≤ 200 ms", "apply_code": "≤ 50 ms", "consensus": "≤ 300 ms",
           "quotes": "filters, exact, stemmed ≤ 50 ms; fuzzy, lemma ≤ 300 ms (p95)",
           "saturation": "≤ 200 ms", "theme_table": "≤ 5 s", "memory": "≤ 400 MB",
           "hostile": "50 MB one-line transcript imported or refused ≤ 10 s, ≤ 600 MB"}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(call: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


# -- steps: each returns rows (name, value, unit, floor, note) ---------------------------


def step_import_txt(args) -> list[tuple]:
    corpus = HERE / "data" / f"corpus-{args.n}-6000"
    build_project(args.n)  # makes sure the corpus exists
    from workbench.text.language import blank_pipeline

    blank_pipeline("en")  # spaCy loads once per process (about 0.8 s), not per file
    with tempfile.TemporaryDirectory() as folder:
        files = sorted(corpus.glob("*.txt"))
        words = corpus_words(corpus)
        ours = time_workbench(corpus, Path(folder) / "w.sqlite", words)
        floor = time_floor(corpus, Path(folder) / "f.sqlite", words)
    return [("import .txt", ours.rate, "words/s", floor.rate, f"{len(files)} files, {words:,} words")]


def step_import_docx(args) -> list[tuple]:
    import docx

    from workbench.project import Project
    from workbench.text.language import blank_pipeline

    blank_pipeline("en")
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "docx"
        files = generate(corpus, args.docx, 6000, fmt="docx")
        start = time.perf_counter()
        words = 0
        for path in files:  # the floor: python-docx reading the same files, nothing else
            words += sum(len(p.text.split()) for p in docx.Document(path).paragraphs)
        floor = words / (time.perf_counter() - start)
        with Project.create(Path(folder) / "w.sqlite") as project:
            start = time.perf_counter()
            report = project.import_paths([corpus])
            ours = words / (time.perf_counter() - start)
        assert report.ok, report.failed[:3]
    return [("import .docx", ours, "words/s", floor, f"{len(files)} files")]


def step_open(args) -> list[tuple]:
    import sqlite3

    from workbench.project import Project

    path = build_project(args.n)

    def ours() -> None:
        with Project.open(path) as project:
            project.info()

    def floor() -> None:
        conn = sqlite3.connect(path)
        conn.execute("SELECT count(*) FROM sources").fetchone()
        conn.close()

    return [("open project", statistics.median(timed(ours, 5)) * 1000, "ms",
             statistics.median(timed(floor, 5)) * 1000, "Project.open + info()")]


def step_tui(args) -> list[tuple]:
    import asyncio
    import shutil

    from tui_speed import first_screen, in_app

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tui.sqlite"
        shutil.copy(build_project(args.n), path)
        first = first_screen(path)
        measured = asyncio.run(in_app(path, 20))
    return [
        ("first TUI screen", statistics.median(first), "s", None, "fresh process, all imports"),
        ("open transcript", statistics.median(measured["open"]) * 1000, "ms", None,
         f"{measured['longest_words'][0]:,} words"),
        ("key → coding saved", statistics.median(measured["apply"]) * 1000, "ms", None,
         f"p95 {p95(measured['apply']) * 1000:.0f} ms"),
    ]


def step_consensus(args) -> list[tuple]:
    """The consensus screen on the 20,000-word interview, two coders (agreement_speed.py)."""
    import asyncio
    import shutil

    from agreement_speed import LONG_NAME, add_second_coder, open_screen
    from workbench.project import Project

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "consensus.sqlite"
        shutil.copy(build_project(args.n), path)
        first, second = add_second_coder(path, 20)
        with Project.open(path) as project:
            long_id = next(s["id"] for s in project.sources() if s["name"] == LONG_NAME)
        opened = asyncio.run(open_screen(path, long_id, first, second, 5))
    return [("consensus screen, key → first paint", statistics.median(opened["painted"]) * 1000,
             "ms", None, f"min {min(opened['painted']) * 1000:.0f} ms of 5; 20,000 words"),
            ("consensus screen, footer drawn", statistics.median(opened["footer"]) * 1000, "ms",
             None, f"min {min(opened['footer']) * 1000:.0f} ms of 5")]


QUERIES = {
    "filter: code": dict(codes=["Sub-theme 1.1"]),
    "filter: role + attribute": dict(roles=["N"], where=["age>=40"]),
    "exact text": dict(text="workload"),
    "exact phrase": dict(text='"the patient"'),
    "stemmed text": dict(text="patients", match="stem"),
    "fuzzy": dict(text="worklaod of the doctr", match="fuzzy"),
    # typos in the first two letters: a wrong first letter, the first two swapped
    "fuzzy, first letters": dict(text="gorkload of the yhpertension ptaients", match="fuzzy"),
    "lemma": dict(text="limit", match="lemma"),
}
FLOORS = {
    "filter: code": """SELECT k.id FROM codings k JOIN codes c ON c.id = k.code
                       WHERE c.name = 'Sub-theme 1.1' LIMIT 50""",
    "exact text": "SELECT rowid FROM segment_fts WHERE segment_fts MATCH 'workload' LIMIT 50",
    "stemmed text": "SELECT rowid FROM segment_fts WHERE segment_fts MATCH 'patients' LIMIT 50",
    "exact phrase": """SELECT rowid FROM segment_fts WHERE segment_fts MATCH '"the patient"'
                       LIMIT 50""",
}


def step_quotes(args) -> list[tuple]:
    from workbench.project import Project

    rows = []
    with Project.open(build_project(args.n)) as project:
        for name, query in QUERIES.items():
            project.quotes(limit=50, **query)  # warm caches once
            times = timed(lambda: project.quotes(limit=50, **query), 20)
            floor = None
            if name in FLOORS:
                floor = statistics.median(timed(
                    lambda: project.db.execute(FLOORS[name]).fetchall(), 20)) * 1000
            rows.append((f"quotes, {name}", statistics.median(times) * 1000, "ms", floor,
                         f"p95 {p95(times) * 1000:.0f} ms"))
    return rows


def step_saturation(args) -> list[tuple]:
    from workbench.project import Project
    pass

    with Project.open(build_project(args.n)) as project:
        times = timed(lambda: project.saturation(), 3)
    return [("saturation report", statistics.median(times) * 1000, "ms", None,
             "level 2, all methods, 1000 random orders")]


def step_theme_table(args) -> list[tuple]:
    from workbench.project import Project

    with Project.open(build_project(args.n)) as project:
        times = timed(lambda: project.export("themes", "docx"), 3)
    return [("theme-table export", statistics.median(times), "s", None, ".docx")]


def step_hostile(args) -> list[tuple]:
    """Inputs of hostile size, each imported (or refused) in a process of its own; the peak
    memory is that process's, given in the note."""
    with tempfile.TemporaryDirectory(prefix="workbench-hostile-") as folder:
        found = hostile_sizes.cases(Path(folder))
    return [(case["case"], case["seconds"], "s", None,
             f"{case['peak_mb']:.0f} MB peak; {case['outcome'][:60]}") for case in found]


def step_build(args) -> list[tuple]:
    build_project(args.n)
    return []


STEPS = {"build": step_build, "import_txt": step_import_txt, "import_docx": step_import_docx, "open": step_open,
         "tui": step_tui, "consensus": step_consensus, "quotes": step_quotes, "saturation": step_saturation,
         "theme_table": step_theme_table, "hostile": step_hostile}


def run_step(name: str, args) -> None:
    rows = STEPS[name](args)
    print(json.dumps({"rows": rows, "peak_mb": peak_mb()}))


def run_all(args) -> None:
    # Built in a child: Linux passes a process's peak memory on to the children it starts,
    # so this process stays small for the per-step peaks to be each step's own.
    subprocess.run([sys.executable, __file__, "--step", "build", "-n", str(args.n)], check=True,
                   stdout=subprocess.DEVNULL)
    print(f"Interview Workbench benchmarks · {args.n} interviews · {platform.processor() or platform.machine()}"
          f" · {platform.python_version()} · {time.strftime('%Y-%m-%d')}")
    print(f"{'step':34} {'value':>12} {'unit':8} {'floor':>12} {'ratio':>7} {'peak MB':>8}  note")
    for name in args.steps:
        out = subprocess.run([sys.executable, __file__, "--step", name, "-n", str(args.n),
                              "--docx", str(args.docx)], capture_output=True, text=True)
        if out.returncode:
            print(f"{name:34} failed: {out.stderr.strip().splitlines()[-1:]}")
            continue
        result = json.loads(out.stdout.strip().splitlines()[-1])
        for label, value, unit, floor, note in result["rows"]:
            ratio = f"{value / floor:7.2f}" if floor else " " * 7
            floor_text = f"{floor:12,.2f}" if floor else " " * 12
            print(f"{label:34} {value:12,.1f} {unit:8} {floor_text} {ratio} "
                  f"{result['peak_mb']:8.0f}  {note}")
    print("targets: " + "; ".join(f"{k} {v}" for k, v in TARGETS.items()))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=2000, help="interviews in the generated project")
    parser.add_argument("--docx", type=int, default=200, help=".docx interviews to import")
    parser.add_argument("--steps", default=",".join(s for s in STEPS if s != "build"),
                        type=lambda s: [x for x in s.split(",") if x])
    parser.add_argument("--step", choices=list(STEPS), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        run_step(args.step, args)
    else:
        run_all(args)


if __name__ == "__main__":
    main()
