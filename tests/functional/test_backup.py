"""Backups: a consistent copy while another process writes, restore that keeps the current
content aside, refusal of files that are not projects, automatic bounded copies before
destructive operations."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workbench.project import Project
from workbench.store import backups

STAFFING = "Service operation environment/Staffing and workload"


def many_transcripts(samples, folder: Path, count: int) -> Path:
    folder.mkdir()
    text = (samples / "G1.txt").read_text(encoding="utf-8")
    for number in range(1, count + 1):
        (folder / f"G{number}.txt").write_text(text + f"\nInterviewer: Thank you, {number}.\n",
                                               encoding="utf-8")
    return folder


def test_backup_during_an_import_in_another_process(samples, query, cli, project_path, tmp_path):
    folder = many_transcripts(samples, tmp_path / "many", 120)
    importer = subprocess.Popen([sys.executable, "-m", "workbench.cli", "import", str(folder),
                                 "-p", str(project_path)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(200):  # until the import has written something, but not everything
            time.sleep(0.05)
            if query(project_path, "SELECT count(*) FROM sources")[0][0]:
                break
        copy = tmp_path / "during.sqlite"
        result = cli("backup", "-o", str(copy))
        assert result.exit_code == 0, result.output
        still_running = importer.poll() is None
    finally:
        importer.wait(timeout=120)
    assert importer.returncode == 0, importer.stderr.read()
    assert still_running, "the import ended before the backup; make the import longer"
    assert query(copy, "PRAGMA integrity_check") == [("ok",)]
    copied = query(copy, "SELECT count(*) FROM sources")[0][0]
    assert 0 < copied <= 120
    with Project.open(copy) as opened:  # opens as a project
        assert len(opened.sources()) == copied
    # Restoring it brings the project back to that moment; what it held is kept aside.
    result = cli("restore", str(copy), "--yes")
    assert result.exit_code == 0, result.output
    assert query(project_path, "SELECT count(*) FROM sources")[0][0] == copied
    aside = next((project_path.parent / "backups").glob("*-auto-before-restore.sqlite"))
    assert query(aside, "SELECT count(*) FROM sources")[0][0] == 120


def test_backup_default_name_has_the_date(query, cli, project_path):
    result = cli("backup")
    assert result.exit_code == 0, result.output
    (written,) = (project_path.parent / "backups").glob("study-*.sqlite")
    assert written.name[len("study-"):].startswith(time.strftime("%Y%m%d"))
    assert query(written, "PRAGMA application_id") == query(project_path, "PRAGMA application_id")


@pytest.mark.parametrize("content", [b"", b"not a database at all",
                                     b"SQLite format 3\x00" + b"\x00" * 200])
def test_restore_refuses_what_is_not_a_project(dump, cli, project_path, tmp_path, content):
    before = dump(project_path)
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(content)
    result = cli("restore", str(bad), "--yes")
    assert result.exit_code == 1
    assert "bad.sqlite" in result.output and "Traceback" not in result.output
    assert dump(project_path) == before


def test_restore_refuses_another_programs_database(dump, cli, project_path, tmp_path):
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    before = dump(project_path)
    result = cli("restore", str(other), "--yes")
    assert result.exit_code == 1 and "another program" in result.output
    assert dump(project_path) == before


def test_forced_delete_takes_an_automatic_backup_and_keeps_a_bounded_number(query, demo, monkeypatch):
    monkeypatch.setattr(backups, "KEEP_AUTOMATIC", 2)
    folder = demo.parent / "backups"
    with Project.open(demo) as project:
        project.codebook.add("Spare")
        project.delete_code("Spare", force=True)  # uncoded: nothing to lose, no copy
    assert not folder.exists() or not list(folder.iterdir())
    with Project.open(demo) as project:
        codings = project.codebook.coded_count(STAFFING)
        for code in (STAFFING, "No dedicated funding", "Two lines of management"):
            project.delete_code(code, force=True)
    kept = sorted(folder.glob("demo-*-auto-code-delete.sqlite"))
    assert len(kept) == 2
    # The oldest kept copy still has the second code's codings, the first code already gone.
    first = query(kept[0], "SELECT count(*) FROM codes WHERE name = 'Staffing and workload'")
    assert first == [(0,)]
    assert codings > 0


def test_an_import_that_replaces_a_source_takes_an_automatic_backup(query, project_path, tmp_path):
    source = tmp_path / "G1.txt"
    source.write_text("Interviewer: How is it?\nG1: Busy.\n", encoding="utf-8")
    with Project.open(project_path) as project:
        assert project.import_paths([source]).imported
        source.write_text("Interviewer: How is it?\nG1: Very busy.\n", encoding="utf-8")
        assert project.import_paths([source]).replaced
    (copy,) = (project_path.parent / "backups").glob("*-auto-import-replace.sqlite")
    assert "Busy." in query(copy, "SELECT text FROM sources")[0][0]
