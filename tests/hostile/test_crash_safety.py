"""An import killed with SIGKILL half-way leaves a project that opens and has no partial source."""

import os
import signal
import subprocess
import sys
import textwrap

from workbench.project import Project

KILLED_IMPORT = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from workbench.project import Project
    from workbench.store import sources

    real_insert = sources.insert_source

    def insert_then_hang(db, record, order=None):
        source_id = real_insert(db, record, order)
        if record.name == "G2.txt":
            print("inside the transaction", flush=True)
            time.sleep(120)
        return source_id

    sources.insert_source = insert_then_hang
    with Project.open(Path(sys.argv[1])) as project:
        project.import_paths([Path(sys.argv[2])])
""")


def test_sigkill_during_import(tmp_path, project_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    for pid in ("G1", "G2", "G3"):
        body = "\n\n".join(f"Interviewer: Question {i}?\n\n{pid}: Answer {i}. More words here."
                           for i in range(200))
        (folder / f"{pid}.txt").write_text(body, encoding="utf-8")
    child = subprocess.Popen([sys.executable, "-c", KILLED_IMPORT, str(project_path), str(folder)],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "inside the transaction"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL

    with Project.open(project_path) as project:
        db = project.db
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        db.execute("INSERT INTO segment_fts(segment_fts) VALUES ('integrity-check')")
        assert [s["name"] for s in project.sources()] == ["G1.txt"]
        assert db.execute("SELECT count(DISTINCT source) FROM segments").fetchone()[0] == 1
        assert db.execute("SELECT count(*) FROM participants").fetchone()[0] == 1
        sentences = db.execute("SELECT count(*) FROM segments WHERE kind = 'sentence'").fetchone()[0]
        assert db.execute("SELECT count(*) FROM segment_fts").fetchone()[0] == sentences
        # The project goes on working: the interrupted file imports cleanly now.
        report = project.import_paths([folder])
        assert report.ok and len(report.imported) == 2 and len(report.unchanged) == 1
