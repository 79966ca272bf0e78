"""How fast the exports are: the theme table as Word and Excel, and the full analysis report,
with the peak memory of each, on a generated project or one you name.

    python benchmarks/export_speed.py                  # the generated 2,000-interview project
    python benchmarks/export_speed.py --project PATH [--runs 3]

Each export runs in a fresh process, so that its peak memory is its own; the time is that of
``export()`` alone (the project open, Python and the libraries imported), the median of the
runs. The target is at most 5 s for the theme table at 2,000 interviews and 300,000 codings.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

MEASURED = (("themes", "docx"), ("themes", "xlsx"), ("report", "docx"))


def measure_once(project: Path, what: str, fmt: str) -> dict:
    """In this process: one export, its seconds, and the process's peak memory."""
    from workbench.project import Project

    with Project.open(project) as opened:
        start = time.perf_counter()
        content = opened.export(what, fmt)
        seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_mb = peak / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return {"seconds": seconds, "peak_mb": peak_mb, "size": len(content)}


def measure(project: Path, what: str, fmt: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", what, fmt, str(project)],
                         capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"{what} {fmt} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, help="The project file (default: the "
                        "generated 2,000-interview project of benchmarks/projects.py).")
    parser.add_argument("--runs", type=int, default=3, help="Runs of each export.")
    parser.add_argument("--child", nargs=3, metavar=("WHAT", "FORMAT", "PROJECT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        what, fmt, project = args.child
        print(json.dumps(measure_once(Path(project), what, fmt)))
        return
    if args.project:
        project = args.project
    else:
        from projects import build_project  # the sibling script: its folder is on sys.path

        project = build_project(2000)
    from workbench.project import Project

    with Project.open(project) as opened:
        info = opened.info()
    print(f"project   {project}: {info['sources']:,} sources, {info['codes']:,} codes, "
          f"{info['codings']:,} codings")
    for what, fmt in MEASURED:
        runs = [measure(project, what, fmt) for _ in range(args.runs)]
        seconds = [run["seconds"] for run in runs]
        print(f"{what:<7} {fmt:<4}  median {statistics.median(seconds):6.2f} s "
              f"(runs: {', '.join(f'{s:.2f}' for s in seconds)}), "
              f"peak memory {max(run['peak_mb'] for run in runs):5.0f} MB, "
              f"{runs[-1]['size'] / 1024:,.0f} KB")


if __name__ == "__main__":
    main()
