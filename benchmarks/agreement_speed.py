"""Intercoder agreement at scale: `workbench agreement` on the 2,000-interview benchmark
project with a second coder who double-coded 200 interviews (target ≤ 2 s), at sentence,
turn and character level; and what the consensus screen reads to open on the 20,000-word
interview (target ≤ 300 ms).

    python benchmarks/agreement_speed.py [-n 2000] [--double 200] [--project PATH]

The second coder's codings are derived from the first coder's in a copy of the cached
project (benchmarks/projects.py builds it): each kept, moved by a few characters or left
out, and a few added, from a seeded generator.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from workbench.project import Project  # noqa: E402

LONG_NAME = "long_interview.txt"  # the 20,000-word interview of benchmarks/projects.py


def add_second_coder(path: Path, double: int, seed: int = 15) -> tuple[str, str]:
    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    first_id, first = conn.execute(
        "SELECT coder, coders.name FROM codings JOIN coders ON coders.id = coder "
        "GROUP BY coder ORDER BY count(*) DESC LIMIT 1").fetchone()
    second = "second-coder"
    conn.execute("INSERT OR IGNORE INTO coders (name, guid) VALUES (?, ?)",
                 [second, str(uuid.UUID(int=rng.getrandbits(128)))])
    second_id = conn.execute("SELECT id FROM coders WHERE name = ?", [second]).fetchone()[0]
    sources = [row[0] for row in conn.execute(
        "SELECT id FROM sources WHERE name != ? ORDER BY interview_order, id LIMIT ?",
        [LONG_NAME, double - 1])]
    sources += [row[0] for row in conn.execute("SELECT id FROM sources WHERE name = ?",
                                               [LONG_NAME])]
    rows = []
    for source in sources:
        length = conn.execute("SELECT length(text) FROM sources WHERE id = ?", [source]).fetchone()[0]
        for code, start, end in conn.execute(
                'SELECT code, start, "end" FROM codings WHERE source = ? AND coder = ?',
                [source, first_id]).fetchall():
            if rng.random() < 0.15:
                continue
            shift = rng.randint(-30, 30) if rng.random() < 0.3 else 0
            s, e = max(0, start + shift), min(length, end + shift)
            if s < e:
                rows.append((str(uuid.UUID(int=rng.getrandbits(128))), source, code, s, e))
    conn.executemany('INSERT INTO codings (guid, source, code, start, "end", coder, exemplar, '
                     "created_at) VALUES (?, ?, ?, ?, ?, ?, 0, '2026-01-01T00:00:00+00:00')",
                     [(*row, second_id) for row in rows])
    conn.commit()
    conn.close()
    return first, second


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000)
    parser.add_argument("--double", type=int, default=200)
    parser.add_argument("--project", type=Path, help="A built benchmark project to copy.")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    source = args.project
    if source is None:
        from projects import build_project

        source = build_project(args.n)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "agreement.sqlite"
        shutil.copy(source, path)
        first, second = add_second_coder(path, args.double)
        with Project.open(path) as project:
            for unit in ("sentence", "turn", "character"):
                times = []
                for _ in range(args.runs):
                    start = time.perf_counter()
                    result = project.agreement([first, second], unit=unit)
                    times.append(time.perf_counter() - start)
                overall = result.report.rows("overall")[0]
                print(f"agreement --unit {unit}: best {min(times):.2f} s, worst "
                      f"{max(times):.2f} s over {len(result.report.sources)} double-coded of "
                      f"{args.n} interviews, {len(result.report.rows('code'))} codes, "
                      f"{overall.units} units, κ {overall.kappa:.3f} (target ≤ 2 s)")
            long_id = next(s["id"] for s in project.sources() if s["name"] == LONG_NAME)
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                view = project.consensus_view(long_id, first, second)
                times.append(time.perf_counter() - start)
            print(f"consensus screen data, {LONG_NAME} ({len(view.text.split())} words, "
                  f"{len(view.disagreements)} disagreements): best {min(times) * 1000:.0f} ms, "
                  f"worst {max(times) * 1000:.0f} ms (target ≤ 300 ms)")
        opened = asyncio.run(open_screen(path, long_id, first, second, max(5, args.runs)))
        print(f"consensus screen opened and drawn (headless, 120×40, key → first paint): "
              f"{spread(opened['painted'])} (target ≤ 300 ms)")
        print(f"consensus screen drawn with its footer's keys: {spread(opened['footer'])}")


async def open_screen(path: Path, source_id: int, first: str, second: str,
                      runs: int) -> dict[str, list[float]]:
    """From the key to the screen's first paint with its list, text and table, as the K key
    does it (the data read in a worker, then the screen pushed): "painted" is the first
    frame the compositor hands the (headless) driver for the new screen, "footer" the first
    with the footer's keys laid out (with Textual's own Footer they came frames later)."""
    from textual.widgets._footer import FooterKey
    from textual.worker import WorkerCancelled

    from workbench.tui.app import WorkbenchApp
    from workbench.tui.screens.consensus import ConsensusScreen

    async def settled(app) -> None:
        while busy := [w for w in app.workers if not w.is_finished]:
            for worker in busy:
                try:
                    await worker.wait()
                except WorkerCancelled:
                    pass

    times: dict[str, list[float]] = {"painted": [], "footer": []}
    app = WorkbenchApp(path)
    painted: list[tuple[float, object, bool]] = []  # (when, what, footer keys laid out)
    display = app._display

    def timed_display(screen, renderable) -> None:
        display(screen, renderable)
        if isinstance(screen, ConsensusScreen) and screen.view is not None:
            painted.append((time.perf_counter(), renderable,
                            any(key.region for key in screen.query(FooterKey))))

    app._display = timed_display
    async with app.run_test(size=(120, 40)):
        await settled(app)
        for _ in range(runs):
            painted.clear()
            start = time.perf_counter()  # as the K key's worker does: read, then push
            view = await asyncio.to_thread(
                app.gateway.run, lambda p: p.consensus_view(source_id, first, second))
            screen = ConsensusScreen(source_id, first, second, view=view)
            await app.push_screen(screen)
            while not any(footer for _, _, footer in painted):
                await asyncio.sleep(0.001)
            times["painted"].append(painted[0][0] - start)
            times["footer"].append(next(when for when, _, footer in painted if footer) - start)
            check_first_frame(painted[0][1], view)
            await app.pop_screen()
            await settled(app)
    return times


def check_first_frame(frame, view) -> None:
    """The frame timed as the first paint is the whole screen with the list (its header and
    first row), the text of the first disagreement (its code's path in bold above it) and
    the footer's keys."""
    from textual._compositor import LayoutUpdate

    if not isinstance(frame, LayoutUpdate):
        raise SystemExit(f"the first frame was a partial update ({type(frame).__name__})")
    shown = "\n".join("".join(strip.text for strip in line) for line in frame.strips)
    item = view.disagreements[0]
    wanted = ["taken", item.code_path.split("/")[-1][:20], item.code_path[:40],
              f"settled {view.settled} of", "Take A's"]
    missing = [text for text in wanted if text not in shown]
    if missing:
        raise SystemExit(f"the first frame lacks {missing}:\n{shown}")


def spread(values: list[float]) -> str:
    return (f"min {min(values) * 1000:.0f} ms, median {statistics.median(values) * 1000:.0f} ms, "
            f"max {max(values) * 1000:.0f} ms over {len(values)} runs")


if __name__ == "__main__":
    main()
