"""The house rules that keep the code easy to find your way in: SQL only where it belongs,
faces that never touch the database, a door that loads nothing heavy, and a command line
whose every command has help and is in the README."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from workbench.cli import main

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "workbench"
SQL_HOMES = {"store", "coding", "retrieval"}
SQL = re.compile(r"\bSELECT\b[\s\S]*\bFROM\b|\bINSERT\s+(OR\s+\w+\s+)?INTO\b|\bUPDATE\s+\w+\s+SET\b"
                 r"|\bDELETE\s+FROM\b|\bCREATE\s+(TEMP\s+|UNIQUE\s+|VIRTUAL\s+)*(TABLE|INDEX|TRIGGER)\b"
                 r"|\bDROP\s+(TABLE|INDEX)\b|\bALTER\s+TABLE\b|\bPRAGMA\s+\w+")


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def sql_literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and SQL.search(node.value)]


def test_the_sql_finder_finds_sql(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('Q = "SELECT id FROM codes"\nR = f"UPDATE {1} SET x"\nS = "Select a code"\n'
                      'T = """INSERT OR IGNORE INTO x VALUES (1)"""\n', encoding="utf-8")
    assert [line for line, _ in sql_literals(sample)] == [1, 4]


def test_sql_lives_only_in_store_coding_and_retrieval():
    found = [f"{path.relative_to(ROOT)}:{line}: {text.strip()[:50]}"
             for path in modules() if path.relative_to(PACKAGE).parts[0] not in SQL_HOMES
             for line, text in sql_literals(path)]
    assert found == []


def test_the_faces_never_touch_the_database():
    uses = [f"{path.relative_to(ROOT)}:{number}"
            for face in ("cli", "tui") for path in (PACKAGE / face).rglob("*.py")
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if re.search(r"\.db\b", line)]
    assert uses == []


def test_the_door_loads_no_heavy_library():
    code = ("import sys, workbench.project; "
            "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))")
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout.split())
    assert "workbench" in loaded
    assert loaded.isdisjoint({"textual", "spacy", "xmlschema", "matplotlib", "openpyxl"})


def command_paths(command: click.Command, path: tuple[str, ...] = ()):
    if path:
        yield path, command
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from command_paths(sub, (*path, name))


@pytest.mark.parametrize("path,command", list(command_paths(main)),
                         ids=lambda value: " ".join(value) if isinstance(value, tuple) else "")
def test_every_command_has_help_and_is_in_the_readme(path, command):
    assert (command.help or "").strip(), f"workbench {' '.join(path)} has no help text"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"workbench {' '.join(path)}" in readme
    for parameter in command.params:
        if isinstance(parameter, click.Option) and parameter.name not in ("help", "version"):
            assert parameter.help, f"workbench {' '.join(path)} {parameter.opts[0]} has no help"
