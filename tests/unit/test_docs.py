"""docs/ARCHITECTURE.md names every module of the package, and only modules that exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARCHITECTURE = ROOT / "docs" / "ARCHITECTURE.md"


def documented_modules(text: str) -> set[str]:
    """Module paths from the tree in the "Modules" section: a line whose first word ends in
    ``/`` opens a package at its indentation; a line whose first word ends in ``.py`` names
    the modules that lead it; other lines continue a description."""
    block = text.split("## Modules", 1)[1].split("```")[1]
    found: set[str] = set()
    stack: list[tuple[int, str]] = []  # (indentation, package path)
    for line in block.splitlines()[1:]:
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        words = line.split()
        while stack and stack[-1][0] >= indent:
            stack.pop()
        where = "/".join(path for _, path in stack)
        if words[0].endswith("/"):
            stack.append((indent, words[0].rstrip("/")))
            names = [w for w in words[1:] if w.endswith(".py")]
            where = "/".join(path for _, path in stack)
        elif words[0].endswith(".py"):
            names = [w for w in words if w.endswith(".py")]
            names = names[:next((i for i, w in enumerate(words) if not w.endswith(".py")),
                                len(words))]
        else:
            continue
        found |= {f"{where}/{name}".lstrip("/") for name in names}
    return found


def package_modules() -> set[str]:
    return {str(path.relative_to(ROOT)) for path in (ROOT / "workbench").rglob("*.py")
            if path.name != "__init__.py"}


def test_the_parser_reads_packages_modules_and_descriptions():
    text = ("## Modules\n```\nworkbench/\n  a.py b.py  two modules\n  pkg/  a package\n"
            "    c.py      a module that\n              wraps onto d.py lines\n"
            "    sub/      e.py f.py\n  g.py\n```\n")
    assert documented_modules(text) == {"workbench/a.py", "workbench/b.py", "workbench/pkg/c.py",
                                        "workbench/pkg/sub/e.py", "workbench/pkg/sub/f.py",
                                        "workbench/g.py"}


def test_architecture_names_every_module_and_only_real_ones():
    documented = documented_modules(ARCHITECTURE.read_text(encoding="utf-8"))
    real = package_modules()
    assert sorted(real - documented) == [], "modules missing from docs/ARCHITECTURE.md"
    assert sorted(documented - real) == [], "docs/ARCHITECTURE.md names modules that do not exist"


def test_architecture_names_only_existing_paths_in_backticks():
    text = ARCHITECTURE.read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:[a-z_]+/)+[a-z_]+\.py)`", text))
    missing = [name for name in named
               if not (ROOT / "workbench" / name).exists() and not (ROOT / name).exists()]
    assert missing == []
