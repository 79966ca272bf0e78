"""How long a large codebook takes to import: 3,000 codes from YAML and from a .qdpx.

The figure the issue asks for (≤ 2 s each); the sibling-name check made it quadratic.

    python benchmarks/codebook_size.py [--codes 3000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from pathlib import Path

import yaml

from workbench.project import Project


def codebook(codes: int, flat: bool) -> list[dict]:
    """``codes`` codes: all at the top level (``flat``: 3,000 siblings, the worst case of a
    sibling check), or a tenth of them themes with the rest spread below them."""
    if flat:
        return [{"name": f"Code {n}", "guid": str(uuid.UUID(int=n + 1)), "short": f"code {n}"}
                for n in range(codes)]
    themes = max(1, codes // 10)
    tree = [{"name": f"Theme {t}", "guid": str(uuid.UUID(int=t + 1)), "definition":
             f"Talk about theme {t}.", "children": []} for t in range(themes)]
    for number in range(codes - themes):
        tree[number % themes]["children"].append(
            {"name": f"Code {number}", "guid": str(uuid.UUID(int=10**6 + number)),
             "short": f"code {number}"})
    return tree


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", type=int, default=3000, help="codes in the codebook")
    args = parser.parse_args(argv)
    for flat in (True, False):
        measure(args.codes, flat)


def measure(codes: int, flat: bool) -> None:
    shape = "at one level" if flat else "in a tree   "
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        book = root / "big.yaml"
        book.write_text(yaml.safe_dump({"codes": codebook(codes, flat)}, sort_keys=False),
                        encoding="utf-8")
        with Project.create(root / "yaml.sqlite") as project:
            started = time.perf_counter()
            project.import_codebook(book)
            from_yaml = time.perf_counter() - started
            archive = root / "big.qdpx"
            archive.write_bytes(project.export("qdpx", "qdpx"))
        with Project.create(root / "qdpx.sqlite") as project:
            started = time.perf_counter()
            project.import_qdpx(archive)
            from_qdpx = time.perf_counter() - started
            assert len(project.codebook.codes()) == codes
    print(f"{codes:,} codes {shape} from YAML   {from_yaml:6.2f} s")
    print(f"{codes:,} codes {shape} from .qdpx  {from_qdpx:6.2f} s")


if __name__ == "__main__":
    main()
