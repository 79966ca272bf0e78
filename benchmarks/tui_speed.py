"""How fast the coding screen is: first screen, opening the longest transcript, key press to
coding saved, and peak memory, on the demo project or a generated one.

    python benchmarks/tui_speed.py                 # the demo project
    python benchmarks/tui_speed.py -n 2000         # a generated, coded project (benchmarks/projects.py)
    python benchmarks/tui_speed.py --project PATH

The app runs headless (Textual's run_test) at 120×40. "First screen" is measured in a fresh
process, from its start to the first transcript shown, so it includes Python's start and
every import, as a user would wait for it.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIRST_SCREEN = """
import asyncio, sys, time
start = time.perf_counter()
from workbench.tui.app import WorkbenchApp

async def main():
    app = WorkbenchApp(__import__("pathlib").Path(sys.argv[1]))
    async with app.run_test(size=(120, 40)) as pilot:
        while app.coding_screen.transcript.source is None:
            await pilot.pause(0.005)
        print(time.perf_counter() - start)

asyncio.run(main())
"""


def first_screen(project: Path, runs: int = 3) -> list[float]:
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", FIRST_SCREEN, str(project)],
                             capture_output=True, text=True)
        if out.returncode:
            raise SystemExit(f"first-screen run failed:\n{out.stderr[-2000:]}")
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return times


async def settled(app) -> None:
    """Every worker finished; one that a newer one replaced (exclusive) counts as finished."""
    from textual.worker import WorkerCancelled

    while busy := [w for w in app.workers if not w.is_finished]:
        for worker in busy:  # waiting may start others (a first screen starts summaries)
            try:
                await worker.wait()
            except WorkerCancelled:
                pass


async def in_app(project: Path, codings: int) -> dict[str, list[float]]:
    from workbench.tui.app import WorkbenchApp

    app = WorkbenchApp(project)
    results: dict[str, list[float]] = {"open": [], "apply": [], "apply_shown": []}
    async with app.run_test(size=(120, 40)):
        await settled(app)
        screen = app.coding_screen

        def pick(project) -> tuple[tuple[int, int], list[int], dict]:
            longest = project.db.execute(
                "SELECT id, word_count FROM sources ORDER BY word_count DESC LIMIT 1").fetchone()
            others = [r[0] for r in project.db.execute(
                "SELECT id FROM sources WHERE id != ? ORDER BY id LIMIT 3", [longest[0]])]
            return longest, others, next(c for c in project.codebook.codes() if c["codable"])

        # Off the event loop, as the app's own workers read.
        longest, others, code = await asyncio.to_thread(app.gateway.run, pick)
        for source_id in [longest[0], *others, longest[0]]:
            start = time.perf_counter()
            screen.load_source(source_id)
            await settled(app)
            if source_id == longest[0]:
                results["open"].append(time.perf_counter() - start)
        results["longest_words"] = [longest[1]]
        turns = [t for t in screen.transcript.source.turns if not t["is_interviewer"]]
        for turn in turns[:codings]:
            screen.transcript.select(turn["start"], turn["end"])
            start = time.perf_counter()
            await screen.apply_code(code["id"]).wait()
            results["apply"].append(time.perf_counter() - start)
            await settled(app)
            results["apply_shown"].append(time.perf_counter() - start)
    return results


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, help="Use a generated project of N interviews.")
    parser.add_argument("--project", type=Path, help="Use this project file (a copy is used).")
    parser.add_argument("--codings", type=int, default=20, help="Codings to time.")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        project = prepare(args, Path(folder))
        first = first_screen(project)
        measured = asyncio.run(in_app(project, args.codings))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"project            {args.project or (f'generated, {args.n} interviews' if args.n else 'demo')}")
    print(f"first screen       median {statistics.median(first) * 1000:7.0f} ms "
          f"(runs: {', '.join(f'{t * 1000:.0f}' for t in first)})")
    print(f"open transcript    median {statistics.median(measured['open']) * 1000:7.1f} ms "
          f"({measured['longest_words'][0]:,} words)")
    print(f"key → coding saved median {statistics.median(measured['apply']) * 1000:7.1f} ms, "
          f"p95 {p95(measured['apply']) * 1000:.1f} ms")
    print(f"key → screen shows median {statistics.median(measured['apply_shown']) * 1000:7.1f} ms, "
          f"p95 {p95(measured['apply_shown']) * 1000:.1f} ms")
    print(f"peak memory        {peak:7.0f} MB (this process: app, project and measurements)")


def prepare(args: argparse.Namespace, folder: Path) -> Path:
    """A copy of the project to measure, so that the timed codings change nothing kept."""
    import shutil

    if args.project:
        source = args.project
    elif args.n:
        sys.path.insert(0, str(Path(__file__).parent))
        from projects import build_project

        source = build_project(args.n)
    else:
        from workbench.project.demo import build_demo

        source, _ = build_demo(folder / "demo")
    target = folder / "measured.sqlite"
    shutil.copy(source, target)
    return target


if __name__ == "__main__":
    main()
