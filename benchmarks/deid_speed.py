"""How fast de-identification is: `deid scan` and `deid apply` on a generated project or
one you name.

    python benchmarks/deid_speed.py                  # the generated 2,000-interview project
    python benchmarks/deid_speed.py --project PATH [--runs 1]

The project is copied first (opening it applies the pending migrations, m011 among them),
and a few terms are put on the copy's word list, so that the apply has replacements to
make in every transcript. The apply is timed as `workbench deid apply` runs, in a process
that has not scanned the project before (it finds the candidates itself). The target is at most 60 s for each at 2,000 interviews.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

# Words of the generator's vocabulary that every interview has, standing in for names.
TERMS = (("Interviewer", "[Researcher]", "person"), ("district hospital", "[Hospital]", "place"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, help="The project file (default: the "
                        "generated 2,000-interview project of benchmarks/projects.py).")
    parser.add_argument("--runs", type=int, default=1, help="Runs of each.")
    args = parser.parse_args(argv)
    if args.project:
        source = args.project
    else:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from projects import build_project

        source = build_project(2000)
    from workbench.project import Project
    from workbench.project import deidentify

    with tempfile.TemporaryDirectory(prefix="deid-bench-") as folder:
        copy = Path(folder) / "project.sqlite"
        shutil.copyfile(source, copy)
        with Project.open(copy) as project:
            info = project.info()
            for term, replacement, kind in TERMS:
                project.add_deid_term(term, replacement, kind)
            print(f"project   {source}: {info['sources']:,} sources, {info['codings']:,} "
                  f"codings, {info['words']:,} words")
            scans, applies = [], []
            for run in range(args.runs):
                began = time.perf_counter()
                scan = project.deid_scan()
                scans.append(time.perf_counter() - began)
                target = Path(folder) / f"deidentified-{run}.sqlite"
                deidentify._last.clear()  # as `workbench deid apply` runs: nothing scanned
                began = time.perf_counter()
                report = project.deid_apply(target)
                applies.append(time.perf_counter() - began)
                target.unlink()
        print(f"deid scan   median {statistics.median(scans):6.1f} s "
              f"(runs: {', '.join(f'{s:.1f}' for s in scans)}), {len(scan.rows):,} candidates")
        print(f"deid apply  median {statistics.median(applies):6.1f} s "
              f"(runs: {', '.join(f'{s:.1f}' for s in applies)}), {report.replaced:,} "
              f"replacements in {report.sources:,} transcripts, {report.codings:,} codings moved")


if __name__ == "__main__":
    main()
