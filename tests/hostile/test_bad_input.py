"""Bad input: a clear message naming the file, exit code 1, no traceback, the project unchanged."""

from pathlib import Path

import pytest



def bad_file(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


CASES = {
    "missing file": (None, "no-such-interview.txt", "no such file"),
    "empty file": (b"", "G1.txt", "the file is empty"),
    "binary named .txt": (bytes(range(256)) * 8, "G2.txt", "looks like a binary file"),
    "corrupted docx": (b"PK\x03\x04\x14\x00garbage" * 20, "G3.docx",
                       "is not a readable Word document"),
    "corrupted odt": (b"PK\x03\x04\x14\x00garbage" * 20, "G6.odt",
                      "is not a readable OpenDocument text"),
    "unknown extension": (b"Interviewer: hi", "G4.rtf", "unknown kind of file '.rtf'"),
    # Russian in KOI8-R: neither UTF-8, Chinese GB18030 nor Western European Windows-1252.
    "undecodable bytes": ("Интервьюер: Как дела?\nG5: Хорошо, спасибо."
                          .encode("koi8_r"), "G5.txt", "cannot be decoded"),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_transcript(dump, samples, cli, project_path, tmp_path, case):
    content, name, message = CASES[case]
    assert cli("import", str(samples / "G1.txt")).exit_code == 0
    path = tmp_path / name if content is None else bad_file(tmp_path, name, content)
    before = dump(project_path)
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert message in result.stderr
    assert str(path) in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert dump(project_path) == before


def test_duplicate_participant_in_csv(dump, cli, project_path, tmp_path):
    csv_path = bad_file(tmp_path, "people.csv", b"id,age,sex\nG1,40,F\nN2,33,F\nG1,41,F\n")
    before = dump(project_path)
    result = cli("participants", "import", str(csv_path))
    assert result.exit_code == 1
    assert "line 4: participant G1 appears twice (first on line 2)" in result.stderr
    assert str(csv_path) in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert dump(project_path) == before


def test_unknown_role_in_csv(dump, cli, project_path, tmp_path):
    csv_path = bad_file(tmp_path, "people.csv", b"id,age\nG1,40\nX7,50\n")
    before = dump(project_path)
    result = cli("participants", "import", str(csv_path))
    assert result.exit_code == 1
    assert "line 3: 'X7' is not a participant ID with a known role prefix" in result.stderr
    assert dump(project_path) == before


@pytest.mark.parametrize("content, message", [
    (b"just some text, not a database", "is not a workbench project (not an SQLite database)"),
    (None, "is not a workbench project (an SQLite database of another program)"),
])
def test_non_project_file(cli, tmp_path, content, message):
    path = tmp_path / "other.sqlite"
    if content is None:
        import sqlite3
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE notes (x)")
        conn.commit()
        conn.close()
    else:
        path.write_bytes(content)
    before = path.read_bytes()
    result = cli.runner.invoke(__import__("workbench.cli").cli.main, ["sources", "-p", str(path)])
    assert result.exit_code == 1
    assert f"{path}: {message}" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert path.read_bytes() == before


def test_missing_project(cli, tmp_path):
    path = tmp_path / "nothing.sqlite"
    result = cli.runner.invoke(__import__("workbench.cli").cli.main, ["info", "-p", str(path)])
    assert result.exit_code == 1
    assert "no project here; create one with `workbench init`" in result.stderr
    assert not path.exists()


def test_folder_with_a_bad_file_imports_the_rest(cli, project_path, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "G1.txt").write_text("Interviewer: Hi.\n\nG1: Hello there.\n", encoding="utf-8")
    (folder / "G2.txt").write_bytes(b"")
    (folder / "notes.pdf").write_bytes(b"%PDF")
    result = cli("import", str(folder))
    assert result.exit_code == 1
    assert f"{folder / 'G2.txt'}: the file is empty" in result.stderr
    assert f"skipped    {folder / 'notes.pdf'} (not a transcript)" in result.output
    assert "1 imported, 0 unchanged, 1 skipped, 1 failed." in result.output
    sources = cli("sources", "--format", "json")
    assert '"G1.txt"' in sources.output and '"G2.txt"' not in sources.output


def test_changed_file_refused_while_coded(dump, project, tmp_path):
    path = tmp_path / "G1.txt"
    path.write_text("Interviewer: Hi.\n\nG1: Hello there.\n", encoding="utf-8")
    assert project.import_paths([path]).imported
    source = project.source("G1")
    db = project.db
    db.execute("INSERT INTO coders (name, guid) VALUES ('amy', 'g-1')")
    db.execute("INSERT INTO codes (guid, name, created_at) VALUES ('c-1', 'Greeting', 'now')")
    db.execute("INSERT INTO codings (guid, source, code, start, \"end\", coder, created_at) "
               "VALUES ('k-1', ?, 1, 22, 27, 1, 'now')", [source["id"]])
    db.conn.commit()
    before = dump(project.path)
    path.write_text("Interviewer: Hi.\n\nG1: Hello again, changed.\n", encoding="utf-8")
    report = project.import_paths([path])
    assert report.failed and "has 1 codings" in report.failed[0][1]
    assert dump(project.path) == before


def test_preview_of_a_bad_file_says_why_and_changes_nothing(dump, samples, cli, project_path, tmp_path):
    bad = bad_file(tmp_path, "G7.txt", b"")
    before = dump(project_path)
    result = cli("import", "--preview", str(bad), str(samples / "G1.txt"))
    assert result.exit_code == 1
    assert f"{bad}  [cannot import]" in result.output and "the file is empty" in result.output
    assert f"{samples / 'G1.txt'}  [new]  txt · Name: labels" in result.output
    assert dump(project_path) == before
