"""How the importer copes with inputs of hostile size: a 50 MB transcript on one line, and
a small .docx of 17 million empty paragraphs.

Each case runs in a fresh subprocess, so that its peak memory (``ru_maxrss``) is its own;
the figure is the whole process's peak, Python and spaCy included. The target is ≤ 10 s
and ≤ 600 MB peak for the import (or a clear refusal) of the 50 MB single-line file; a file
just under the limit of what a transcript may be (``MAX_TEXT_CHARS``) is imported too, to
show what the limit spares.

    python benchmarks/hostile_sizes.py [--mb 50] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

TARGET_SECONDS = 10.0
TARGET_MB = 600.0

# Run in the child: import one file into a fresh project, print seconds, peak MB and outcome.
CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from workbench.project import Project
from workbench.text.language import blank_pipeline

blank_pipeline("en")  # loaded once per process, as in every other benchmark
project = Project.create(Path(sys.argv[2]))
start = time.perf_counter()
report = project.import_paths([Path(sys.argv[1])])
seconds = time.perf_counter() - start
project.close()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
outcome = "imported" if report.imported else "refused: " + "; ".join(m for _, m in report.failed)
print(json.dumps({"seconds": seconds, "peak_mb": peak, "outcome": outcome}))
"""

WORDS = ("we", "talked", "about", "the", "clinic", "and", "how", "long", "it", "took",
         "my", "mother", "said", "that", "nobody", "called", "back", "so", "I", "waited")


def single_line(path: Path, megabytes: float) -> Path:
    """``Participant: word word … word.`` on one line, no line break, ``megabytes`` MB long:
    sentences of twelve words, as speech is."""
    rng = random.Random(20)
    target = int(megabytes * 1_000_000)
    with path.open("w", encoding="utf-8") as out:
        out.write("Participant: ")
        written = 13
        while written < target:
            words = [rng.choice(WORDS) for _ in range(10_000)]
            for at in range(11, len(words), 12):  # sentences of twelve words
                words[at] += rng.choice(".?.")
            chunk = " ".join(words) + " "
            out.write(chunk)
            written += len(chunk)
    return path


def empty_paragraphs(path: Path, count: int) -> Path:
    """A .docx of ``count`` empty paragraphs and one with words: a small zip bomb."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = (f'<w:document xmlns:w="{w}"><w:body>'.encode() + b"<w:p/>" * count
            + b"<w:p><w:r><w:t>P1: the end.</w:t></w:r></w:p></w:body></w:document>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        package.writestr("word/document.xml", body)
    return path


def measure(file: Path, folder: Path) -> dict:
    (folder / "p.sqlite").unlink(missing_ok=True)
    result = subprocess.run([sys.executable, "-c", CHILD, str(file), str(folder / "p.sqlite")],
                            capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        return {"seconds": float("nan"), "peak_mb": float("nan"),
                "outcome": "crashed: " + (result.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(result.stdout.strip().splitlines()[-1])


def cases(folder: Path, megabytes: float = 50) -> list[dict]:
    """Each case measured in its own process: the file of ``megabytes`` (refused when over
    the limit), one just under the limit of what a transcript may be (imported, to show
    what the limit spares; no target), and the .docx of 17 M empty paragraphs."""
    from workbench.ingest.transcripts import MAX_TEXT_CHARS

    found = []
    for size, target in ((megabytes, True), (MAX_TEXT_CHARS / 1e6 * 0.99, False)):
        file = single_line(folder / f"one-line-{size:.0f}.txt", size)
        found.append({"case": f"{size:.1f} MB single-line transcript", "target": target,
                      **measure(file, folder)})
        file.unlink()
    file = empty_paragraphs(folder / "empty-paragraphs.docx", 17_000_000)
    found.append({"case": f"{file.stat().st_size / 1e3:.0f} KB .docx, 17 M empty paragraphs",
                  "target": True, **measure(file, folder)})
    for case in found:
        case["met"] = case["seconds"] <= TARGET_SECONDS and case["peak_mb"] <= TARGET_MB
    return found


def run(folder: Path, megabytes: float) -> bool:
    ok = True
    for case in cases(folder, megabytes):
        verdict = (f"target ≤ {TARGET_SECONDS:.0f} s, ≤ {TARGET_MB:.0f} MB: "
                   f"{'met' if case['met'] else 'MISSED'}") if case["target"] else \
            "at the limit, no target"
        ok = ok and (case["met"] or not case["target"])
        print(f"{case['case']:38} {case['seconds']:6.2f} s  {case['peak_mb']:6.0f} MB peak  "
              f"{case['outcome'][:80]}  ({verdict})")
    return ok


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50, help="size of the transcript in MB")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="write the file into DIR")
    args = parser.parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        ok = run(args.keep, args.mb)
    else:
        with tempfile.TemporaryDirectory(prefix="workbench-hostile-") as tmp:
            ok = run(Path(tmp), args.mb)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
