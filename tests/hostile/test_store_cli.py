"""Issue #20, the store, CLI and export half: hostile input refused with a message that names
the file and the problem (exit code 1, no traceback, the project unchanged), or, where the
input is valid, kept without loss. One test (or a few) per point of the issue."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import openpyxl
import pytest

from workbench.project import Project

G9 = "Interviewer: Why?\n\nG9: Because the budget is short.\n"


def refused(result, names: str | Path, *problems: str) -> None:
    """Exit code 1, one message naming ``names`` and every problem, no traceback."""
    output = result.output
    assert result.exit_code == 1, output
    assert "Traceback" not in output and result.exc_info[0] is SystemExit, output
    assert str(names) in output, output
    for problem in problems:
        assert problem in output, output


@pytest.fixture
def coded(cli, project_path, tmp_path):
    """A project with G9.txt, the code Money and one coding (id 1) on it."""
    g9 = tmp_path / "G9.txt"
    g9.write_text(G9, encoding="utf-8")
    assert cli("import", str(g9)).exit_code == 0
    assert cli("codebook", "add", "Money").exit_code == 0
    assert cli("code", "G9", "23", "45", "Money").exit_code == 0
    return g9


# -- 1: undo/redo after a source was replaced ----------------------------------------------

def test_p1_redo_after_the_source_was_replaced_is_refused(cli, project_path, coded, dump, query):
    first = query(project_path, "SELECT id FROM sources")
    assert cli("undo").exit_code == 0  # the coding
    coded.write_text("Interviewer: Why not?\n\nG9: No idea at all, honestly.\n", encoding="utf-8")
    assert cli("import", str(coded)).exit_code == 0
    second = query(project_path, "SELECT id FROM sources")
    assert second[0][0] > first[0][0]  # AUTOINCREMENT: a replaced source never gets the old id
    before = dump(project_path)
    result = cli("redo")
    refused(result, project_path, "nothing to redo")
    assert dump(project_path) == before
    assert query(project_path, "SELECT count(*) FROM codings") == [(0,)]


# -- 5: formula injection in CSV and XLSX ---------------------------------------------------

FORMULA = '=HYPERLINK("http://evil.example","click")'


def test_p5_csv_cells_that_start_a_formula_are_neutralised(cli, project_path, coded, tmp_path):
    assert cli("codebook", "add", "@risk").exit_code == 0
    assert cli("code", "G9", "23", "45", "@risk", "--memo", FORMULA).exit_code == 0
    assert cli("code", "G9", "30", "45", "Money", "--memo", "+1\tand -2").exit_code == 0
    target = tmp_path / "segments.csv"
    assert cli("export", "segments", "-o", str(target)).exit_code == 0
    import csv
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert {row["Code"] for row in rows} == {"'@risk", "Money"}
    assert {row["Memo"] for row in rows} == {"", "'" + FORMULA, "'+1\tand -2"}
    assert all(row["Start"].isdigit() for row in rows)  # numbers are written as numbers
    # The machine-readable output of every command goes through the same writer.
    assert cli("participants", "set", "G9", "note=-2+3|cmd", "age=-3").exit_code == 0
    listed = cli("participants", "--format", "csv").output.splitlines()
    assert listed == ["id,role,sources,turns,age,note", "G9,G,1,1,-3,'-2+3|cmd"]


def test_p5_xlsx_cells_are_text_never_formulas(cli, project_path, coded, tmp_path):
    assert cli("code", "G9", "30", "45", "Money", "--memo", FORMULA).exit_code == 0
    target = tmp_path / "segments.xlsx"
    assert cli("export", "segments", "-o", str(target)).exit_code == 0
    sheet = openpyxl.load_workbook(target).worksheets[0]
    memos = [row[8] for row in sheet.iter_rows(min_row=2)]
    assert FORMULA in [c.value for c in memos]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    with zipfile.ZipFile(target) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


# -- 6: NaN and infinities as attribute values ----------------------------------------------

def test_p6_nan_and_inf_attributes_are_kept_as_text_and_quotes_where_works(cli, project_path,
                                                                          coded, tmp_path, query):
    result = cli("participants", "set", "G9", "score=nan", "big=1e999", "low=-inf")
    assert result.exit_code == 0, result.output
    table = tmp_path / "people.csv"
    table.write_text("id,weight\nG9,NaN\n", encoding="utf-8")
    assert cli("participants", "import", str(table)).exit_code == 0
    (stored,), = query(project_path, "SELECT attributes FROM participants WHERE id = 'G9'")
    assert json.loads(stored) == {"score": "nan", "big": "1e999", "low": "-inf",
                                  "weight": "NaN"}
    assert query(project_path, "SELECT json_valid(attributes) FROM participants") == [(1,)]
    found = cli("quotes", "--where", "score=nan", "--format", "json")
    assert found.exit_code == 0, found.output
    assert [hit["participant"] for hit in json.loads(found.output)] == ["G9"]
    assert cli("quotes", "--where", "weight>1").exit_code == 0


def test_p6_a_qdpx_float_value_nan_is_kept_as_text(cli, project_path, coded, tmp_path, query):
    assert cli("participants", "set", "G9", "score=1.5").exit_code == 0
    archive = tmp_path / "out.qdpx"
    assert cli("export", "qdpx", "-o", str(archive)).exit_code == 0
    hostile = _rewrite_qde(archive, tmp_path / "nan.qdpx",
                           lambda xml: xml.replace("<FloatValue>1.5</FloatValue>",
                                                   "<FloatValue>NaN</FloatValue>"))
    other = tmp_path / "other.sqlite"
    with Project.create(other) as made:
        made.set_default_coder("researcher")  # else the first change asks who codes
    result = cli("import", str(hostile), "-p", str(other), project=False)
    assert result.exit_code == 0, result.output
    (stored,), = query(other, "SELECT attributes FROM participants WHERE id = 'G9'")
    assert json.loads(stored)["score"] == "NaN"
    assert cli("quotes", "--where", "score=NaN", "-p", str(other), project=False).exit_code == 0


def _rewrite_qde(source: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as out:
        for name in original.namelist():
            data = original.read(name)
            if name == "project.qde":
                changed = change(data.decode("utf-8"))
                assert changed != data.decode("utf-8"), "the rewrite changed nothing"
                data = changed.encode("utf-8")
            out.writestr(name, data)
    return target


# -- 7: control characters in code fields ---------------------------------------------------

@pytest.mark.parametrize("args", [
    ("codebook", "add", "Bell\x07", ),
    ("codebook", "add", "Fine", "--definition", "one\x00two"),
    ("codebook", "edit", "Money", "--definition", "a\x1bb"),
])
def test_p7_control_characters_are_refused_at_entry(cli, project_path, coded, args, dump):
    before = dump(project_path)
    result = cli(*args)
    refused(result, project_path, "control character")
    assert dump(project_path) == before


def test_p7_control_characters_in_a_codebook_file_are_refused(cli, project_path, coded,
                                                              tmp_path, dump):
    book = tmp_path / "book.yaml"
    book.write_text('codes:\n  - name: Bell\n    definition: "ring \\a ring"\n', encoding="utf-8")
    before = dump(project_path)
    refused(cli("codebook", "import", str(book)), book, "'Bell'", "control character")
    assert dump(project_path) == before


def test_p7_exports_read_back_even_with_an_old_control_character(cli, project_path, coded,
                                                                 tmp_path, query):
    # As a version that did not refuse them wrote it.
    conn = sqlite3.connect(project_path)
    conn.execute("UPDATE codes SET definition = 'ring \x07 ring', name = 'Mo\x0bney'")
    conn.commit()
    conn.close()
    for fmt in ("qdc", "docx"):
        target = tmp_path / f"book.{fmt}"
        result = cli("codebook", "export", "--format", fmt, "-o", str(target))
        assert result.exit_code == 0, result.output
    other = tmp_path / "other.sqlite"
    with Project.create(other) as made:
        made.set_default_coder("researcher")  # else the first change asks who codes
    result = cli("codebook", "import", str(tmp_path / "book.qdc"), "-p", str(other), project=False)
    assert result.exit_code == 0, result.output
    assert query(other, "SELECT name, definition FROM codes") == [("Money", "ring  ring")]
    archive = tmp_path / "all.qdpx"
    assert cli("export", "qdpx", "-o", str(archive)).exit_code == 0
    again = tmp_path / "again.sqlite"
    with Project.create(again) as made:
        made.set_default_coder("researcher")
    result = cli("import", str(archive), "-p", str(again), project=False)
    assert result.exit_code == 0, result.output
    import docx
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "book.docx")).paragraphs)
    assert "ring  ring" in text


# -- 19: duplicate GUIDs in a .qdpx ----------------------------------------------------------

@pytest.fixture
def archive(cli, coded, tmp_path) -> Path:
    """The coded project as a .qdpx, with two project memos and a second source."""
    g1 = coded.with_name("G1.txt")
    g1.write_text("Interviewer: And you?\n\nG1: I have no budget at all.\n", encoding="utf-8")
    assert cli("import", str(g1)).exit_code == 0
    assert cli("memo", "project", "First note").exit_code == 0
    assert cli("memo", "project", "Second note").exit_code == 0
    target = tmp_path / "study.qdpx"
    assert cli("export", "qdpx", "-o", str(target)).exit_code == 0
    return target


def _guids(xml: str, element: str) -> list[str]:
    import re
    return re.findall(rf'<{element} [^>]*guid="([^"]+)"', xml)


def test_p19_two_notes_with_one_guid_are_both_imported(cli, archive, tmp_path, query):
    xml = zipfile.ZipFile(archive).read("project.qde").decode()
    first, second = _guids(xml, "Note")
    hostile = _rewrite_qde(archive, tmp_path / "notes.qdpx", lambda x: x.replace(second, first))
    other = tmp_path / "other.sqlite"
    with Project.create(other) as made:
        made.set_default_coder("researcher")  # else the first change asks who codes
    result = cli("import", str(hostile), "-p", str(other), project=False)
    assert result.exit_code == 0, result.output
    assert "has the GUID of another note" in result.output
    assert sorted(query(other, "SELECT text FROM memos")) == [("First note",), ("Second note",)]


def test_p19_two_sources_with_one_guid_are_exported_with_two(cli, archive, tmp_path):
    xml = zipfile.ZipFile(archive).read("project.qde").decode()
    first, second = _guids(xml, "TextSource")
    hostile = _rewrite_qde(archive, tmp_path / "sources.qdpx",
                           lambda x: x.replace(f'guid="{second}"', f'guid="{first}"'))
    other = tmp_path / "other.sqlite"
    with Project.create(other) as made:
        made.set_default_coder("researcher")  # else the first change asks who codes
    result = cli("import", str(hostile), "-p", str(other), project=False)
    assert result.exit_code == 0, result.output
    assert "has the GUID of another source" in result.output
    again = tmp_path / "again.qdpx"
    assert cli("export", "qdpx", "-o", str(again), "-p", str(other), project=False).exit_code == 0
    exported = _guids(zipfile.ZipFile(again).read("project.qde").decode(), "TextSource")
    assert len(exported) == 2 and len(set(exported)) == 2


def test_p19_a_code_guid_at_another_path_is_not_merged(cli, project_path, coded, tmp_path,
                                                       dump, query):
    (guid,), = query(project_path, "SELECT guid FROM codes")
    book = tmp_path / "book.yaml"
    book.write_text(f"codes:\n  - name: Cost\n    guid: {guid}\n", encoding="utf-8")
    before = dump(project_path)
    refused(cli("codebook", "import", str(book)), book, "'Cost' has the GUID of the code 'Money'")
    assert dump(project_path) == before


# -- 8: a project of a newer version ---------------------------------------------------------

def _untouched(path: Path) -> tuple[bytes, list[str]]:
    """The file's bytes and what lies beside it (a .bak, a -wal)."""
    return path.read_bytes(), sorted(p.name for p in path.parent.iterdir())


def test_p8_a_project_of_a_newer_version_is_refused_and_left_alone(cli, project_path):
    conn = sqlite3.connect(project_path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('workbench', 'm099_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()
    before = _untouched(project_path)
    for args in (("info",), ("codebook", "add", "Money")):
        refused(cli(*args), project_path, "newer version", "m099_from_the_future")
    assert _untouched(project_path) == before


# -- 20: a forged marker; a damaged page -----------------------------------------------------

def test_p20_a_forged_file_with_our_marker_is_left_as_it_is(cli, tmp_path, query):
    forged = tmp_path / "forged.sqlite"
    conn = sqlite3.connect(forged)
    conn.execute(f"PRAGMA application_id = {0x49574231}")  # our marker
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.commit()
    conn.close()
    before = _untouched(forged)
    for _ in range(2):
        refused(cli("info", "-p", str(forged), project=False), forged,
                "not a workbench project's tables")
    assert _untouched(forged) == before  # no WAL, no .bak, not migrated into a project
    assert query(forged, "PRAGMA journal_mode") == [("delete",)]


def _damage(path: Path, table: str = "codings") -> None:
    """Overwrite the start of ``table``'s root page, as a failing disk would."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    (root,), = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table])
    conn.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * size)
        handle.write(b"\xff" * 64)


@pytest.mark.parametrize("args", [("codebook", "add", "Cost"), ("undo",),
                                  ("participants", "set", "G9", "age=40")])
def test_p20_a_damaged_project_takes_no_writes(cli, project_path, coded, args):
    _damage(project_path)
    before = project_path.read_bytes()
    refused(cli(*args), project_path, "is damaged", "workbench restore")
    g1 = coded.with_name("G1.txt")
    g1.write_text("Interviewer: And you?\n\nG1: No budget.\n", encoding="utf-8")
    result = cli("import", str(g1))
    refused(result, project_path, "is damaged")
    assert project_path.read_bytes() == before
    # Reading still works, so that what can be read can be exported.
    assert cli("sources").exit_code == 0


def test_quick_check_runs_in_the_background_and_writes_wait_for_it(project_path, coded):
    with Project.open(project_path) as project:
        check = project.db.integrity_check
        assert check is not None
        project.codebook.add("Cost")  # waited for the check, which passed
        assert project.db.integrity_check is None
    _damage(project_path, "codes")
    with Project.open(project_path) as project:
        assert project.sources()  # reads do not wait
        for _ in range(2):  # and every write is refused while it is open
            with pytest.raises(Exception, match="is damaged"):
                project.codebook.add("Later")


# -- 17: read-only and full ------------------------------------------------------------------

def test_p17_a_read_only_folder_is_named_as_such(cli, project_path, coded, monkeypatch, dump):
    import os

    folder = project_path.parent
    real_access = os.access
    # Tests run as root here, for whom every folder is writable: the check is what is tested.
    monkeypatch.setattr("workbench.store.database.os.access",
                        lambda path, mode: False if Path(path) == folder and mode & os.W_OK
                        else real_access(path, mode))
    before = dump(project_path)
    result = cli("codebook", "add", "Cost")
    refused(result, project_path, "folder", "read-only")
    assert "not a workbench project" not in result.output
    assert dump(project_path) == before


def test_p17_a_file_sqlite_cannot_write_is_called_read_only(cli, project_path, coded,
                                                            monkeypatch, dump):
    import workbench.store.database as database

    real_connect = sqlite3.connect

    def read_only(path, *args, **kwargs):  # as SQLite opens a file it may not write
        if str(path) == str(project_path):
            return real_connect(f"file:{path}?mode=ro", *args, uri=True, **kwargs)
        return real_connect(path, *args, **kwargs)

    monkeypatch.setattr(database.sqlite3, "connect", read_only)
    before = dump(project_path)
    result = cli("codebook", "add", "Cost")
    monkeypatch.undo()
    refused(result, project_path, "cannot be written", "read-only")
    assert "not a workbench project" not in result.output
    assert dump(project_path) == before


def test_p17_a_full_disk_is_called_full(cli, project_path, coded, monkeypatch, dump):
    import workbench.store.database as database

    real_configure = database._configure

    def no_room(db):  # SQLite's own "database or disk is full" at the next page
        real_configure(db)
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages}")
        return db

    monkeypatch.setattr(database, "_configure", no_room)
    before = dump(project_path)
    book = project_path.with_name("big.yaml")
    book.write_text("codes:\n" + "".join(f"  - name: Code {n}\n    definition: {'x' * 900}\n"
                                          for n in range(60)), encoding="utf-8")
    result = cli("codebook", "import", str(book), "--yes")
    refused(result, project_path, "the disk is full")
    assert "not a workbench project" not in result.output
    assert dump(project_path) == before


# -- 10: YAML alias bombs, cycles and depth; code trees 1,200 deep --------------------------

def _alias_bomb() -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    return "\n".join(lines) + "\ncodes:\n  - name: Bomb\n    definition: *i\n"


def _deep_yaml(levels: int) -> str:
    lines, indent = ["codes:"], "  "
    for level in range(levels):
        lines += [f"{indent}- name: Level {level}", f"{indent}  children:"]
        indent += "    "
    return "\n".join(lines + [f"{indent}- name: Leaf"]) + "\n"


@pytest.mark.parametrize("text, problem", [
    (_alias_bomb(), "aliases expand to more than"),
    ("codes: &loop\n  - name: Loop\n    children: *loop\n", "inside the value it names"),
    ("codes:\n  - name: Deep\n    definition: " + "[" * 300 + "]" * 300 + "\n",
     "nests deeper than"),
    (_deep_yaml(150), "nests deeper than"),
    (_deep_yaml(101), "deeper than 100 levels"),
], ids=["alias-bomb", "anchor-cycle", "nested-300", "codes-150-deep", "codes-101-deep"])
def test_p10_yaml_bombs_cycles_and_depth_are_refused(cli, project_path, tmp_path, text,
                                                     problem, dump):
    import time

    book = tmp_path / "hostile.yaml"
    book.write_text(text, encoding="utf-8")
    before = dump(project_path)
    started = time.monotonic()
    refused(cli("codebook", "import", str(book)), book, problem)
    assert time.monotonic() - started < 5
    assert dump(project_path) == before


def _deep_codes(levels: int) -> str:
    import uuid
    inner = ""
    for level in reversed(range(levels)):
        inner = (f'<Code guid="{uuid.UUID(int=level + 1)}" name="Level {level}" '
                 f'isCodable="true">{inner}</Code>')
    return inner


def test_p10_a_qdc_code_tree_1200_deep_is_refused(cli, project_path, tmp_path, dump):
    book = tmp_path / "deep.qdc"
    book.write_text('<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:'
                    f'codebook:1.0" origin="x"><Codes>{_deep_codes(1200)}</Codes></CodeBook>',
                    encoding="utf-8")
    before = dump(project_path)
    refused(cli("codebook", "import", str(book)), book, "deeper than 100 levels")
    assert dump(project_path) == before


def test_p10_a_qdpx_code_tree_1200_deep_is_refused(cli, project_path, coded, tmp_path, dump):
    archive = tmp_path / "out.qdpx"
    assert cli("export", "qdpx", "-o", str(archive)).exit_code == 0
    import re
    hostile = _rewrite_qde(archive, tmp_path / "deep.qdpx", lambda xml: re.sub(
        r"<Codes>.*</Codes>", lambda _: f"<Codes>{_deep_codes(1200)}</Codes>", xml,
        flags=re.S))
    other = tmp_path / "other.sqlite"
    with Project.create(other) as made:
        made.set_default_coder("researcher")  # else the first change asks who codes
    before = dump(other)
    refused(cli("import", str(hostile), "-p", str(other), project=False), hostile,
            "deeper than 100 levels")
    assert dump(other) == before


# -- 12: export onto a folder; a disk that fills -------------------------------------------

def test_p12_export_onto_a_folder_is_refused(cli, project_path, coded, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    refused(cli("export", "segments", "-o", str(folder), "--overwrite", "--format", "csv"),
            folder, "is a folder")
    assert list(folder.iterdir()) == []


def test_p12_a_full_disk_during_an_export_leaves_no_file(cli, project_path, coded, tmp_path,
                                                        monkeypatch):
    import errno
    import os

    real_fdopen = os.fdopen

    class Full:
        def __init__(self, handle, mode):
            self.file = real_fdopen(handle, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

        def write(self, data):
            self.file.write(data[:10])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("workbench.export.files.os.fdopen", Full)
    folder = tmp_path / "out"
    folder.mkdir()
    for what, fmt in (("segments", "csv"), ("themes", "docx"), ("qdpx", "qdpx")):
        target = folder / f"{what}.{fmt}"
        refused(cli("export", what, "-o", str(target)), target, "the disk is full")
    refused(cli("codebook", "export", "-o", str(folder / "book.yaml")), "the disk is full")
    assert list(folder.iterdir()) == []


# -- 13: numbers beyond SQLite's ------------------------------------------------------------

def test_p13_huge_and_unicode_numbers_are_refused(cli, project_path, coded, dump):
    before = dump(project_path)
    refused(cli("uncode", "--id", str(10**20)), project_path, f"no coding with id {10**20}")
    refused(cli("uncode", "G9", str(10**20), str(10**20 + 1), "Money"), project_path,
            "no coding of 'Money'")
    refused(cli("memo", "coding", "²", "text"), project_path, "named by its id")
    refused(cli("memo", "coding", str(10**20), "text"), project_path, "no coding with id")
    refused(cli("code", "G9", "0", str(10**20), "Money"), project_path, "outside the text")
    assert dump(project_path) == before
    listed = cli("quotes", "--limit", str(10**20), "--format", "json")
    assert listed.exit_code == 0 and len(json.loads(listed.output)) == 1


# -- 15: a user regex that backtracks without end -------------------------------------------

def test_p15_a_catastrophic_regex_is_stopped_with_a_message(cli, project_path, tmp_path,
                                                            monkeypatch, dump):
    import time

    monkeypatch.setattr("workbench.coding.codings.AUTOCODE_SECONDS", 0.5)
    g9 = tmp_path / "G9.txt"
    g9.write_text("Interviewer: Why?\n\nG9: " + "a" * 5000 + "!\n", encoding="utf-8")
    assert cli("import", str(g9)).exit_code == 0
    assert cli("codebook", "add", "Screams").exit_code == 0
    before = dump(project_path)
    for pattern in ("(a+)+$", "(a|aa)+$"):
        started = time.monotonic()
        refused(cli("autocode", "--regex", pattern, "Screams", "--yes"), project_path,
                "took more than 0.5 s", "G9.txt")
        assert time.monotonic() - started < 5
    assert dump(project_path) == before
    result = cli("autocode", "--regex", "a+!$", "Screams", "--yes")
    assert result.exit_code == 0 and "Added 1 codings" in result.output, result.output


# -- 18: what YAML coerces into text; GUIDs; blank coders -----------------------------------

@pytest.mark.parametrize("node, problem", [
    ("name: [a, b]", "the name is a list"),
    ("name: Fine\n    definition: {a: 1}", "'Fine': the definition is a mapping"),
    ("name: Fine\n    when_to_use: [x]", "'Fine': the when to use is a list"),
    ("name: Fine\n    guid: not-a-guid", "'Fine': the GUID 'not-a-guid' is not a UUID"),
    ("name: Fine\n    colour: [1, 2]", "'Fine': the colour is a list"),
])
def test_p18_yaml_lists_mappings_and_bad_guids_are_refused(cli, project_path, tmp_path, node,
                                                           problem, dump):
    book = tmp_path / "book.yaml"
    book.write_text(f"codes:\n  - {node}\n", encoding="utf-8")
    before = dump(project_path)
    refused(cli("codebook", "import", str(book)), book, problem)
    assert dump(project_path) == before


@pytest.mark.parametrize("args", [
    ("code", "G9", "23", "45", "Money", "--coder", "  "),
    ("memo", "project", "text", "--coder", " \t"),
    ("autocode", "budget", "Money", "--coder", "  ", "--yes"),
    ("coder", "   "),
])
def test_p18_a_blank_coder_is_refused(cli, project_path, coded, args, dump):
    before = dump(project_path)
    refused(cli(*args), project_path, "a coder needs a name")
    assert dump(project_path) == before


# -- 21: messages that name the file ---------------------------------------------------------

@pytest.mark.parametrize("node, problem", [
    ("name: Fine\n    colour: red", "invalid colour 'red'"),
    ("name: Fine\n    origin: abductive", "origin 'abductive'"),
    ("name: " + "x" * 201, "longer than 200 characters"),
    ("name: Twice\n  - name: twice", "names 'twice' twice at the top level"),
    ("name: A\n    guid: 3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e\n  - name: B\n"
     "    guid: 3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e", "have the same GUID"),
])
def test_p21_codebook_messages_name_the_file(cli, project_path, tmp_path, node, problem, dump):
    book = tmp_path / "book.yaml"
    book.write_text(f"codes:\n  - {node}\n", encoding="utf-8")
    before = dump(project_path)
    refused(cli("codebook", "import", str(book)), book, problem)
    refused(cli("codebook", "import", str(book), "--preview"), book, problem)
    assert dump(project_path) == before


def test_p21_a_database_error_names_the_project(cli, project_path, coded, monkeypatch):
    import workbench.store.database as database

    real_configure = database._configure

    def locked(db):  # another program holds the write lock
        real_configure(db)
        db.execute("PRAGMA busy_timeout = 0")
        return db

    blocker = sqlite3.connect(project_path)
    blocker.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr(database, "_configure", locked)
    try:
        result = cli("codebook", "add", "Cost")
    finally:
        blocker.rollback()
        blocker.close()
    refused(result, project_path, "another program is writing to it")
    assert "could not be used" not in result.output
