"""Issue #20, the store, CLI and export half: hostile input refused with a message that names
the file and the problem (exit code 1, no traceback, the project unchanged), or, where the
input is valid, kept without loss. One test (or a few) per point of the issue."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from pathlib import Path

import openpyxl
import pytest

from workbench.project import Project

G9 = "Interviewer: Why?\n\nG9: Because the budget is short.\n"


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _rows(path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


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

def test_p1_redo_after_the_source_was_replaced_is_refused(cli, project_path, coded):
    first = _rows(project_path, "SELECT id FROM sources")
    assert cli("undo").exit_code == 0  # the coding
    coded.write_text("Interviewer: Why not?\n\nG9: No idea at all, honestly.\n", encoding="utf-8")
    assert cli("import", str(coded)).exit_code == 0
    second = _rows(project_path, "SELECT id FROM sources")
    assert second[0][0] > first[0][0]  # AUTOINCREMENT: a replaced source never gets the old id
    before = _dump(project_path)
    result = cli("redo")
    refused(result, project_path, "nothing to redo")
    assert _dump(project_path) == before
    assert _rows(project_path, "SELECT count(*) FROM codings") == [(0,)]


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
                                                                          coded, tmp_path):
    result = cli("participants", "set", "G9", "score=nan", "big=1e999", "low=-inf")
    assert result.exit_code == 0, result.output
    table = tmp_path / "people.csv"
    table.write_text("id,weight\nG9,NaN\n", encoding="utf-8")
    assert cli("participants", "import", str(table)).exit_code == 0
    (stored,), = _rows(project_path, "SELECT attributes FROM participants WHERE id = 'G9'")
    assert json.loads(stored) == {"score": "nan", "big": "1e999", "low": "-inf",
                                  "weight": "NaN"}
    assert _rows(project_path, "SELECT json_valid(attributes) FROM participants") == [(1,)]
    found = cli("quotes", "--where", "score=nan", "--format", "json")
    assert found.exit_code == 0, found.output
    assert [hit["participant"] for hit in json.loads(found.output)] == ["G9"]
    assert cli("quotes", "--where", "weight>1").exit_code == 0


def test_p6_a_qdpx_float_value_nan_is_kept_as_text(cli, project_path, coded, tmp_path):
    assert cli("participants", "set", "G9", "score=1.5").exit_code == 0
    archive = tmp_path / "out.qdpx"
    assert cli("export", "qdpx", "-o", str(archive)).exit_code == 0
    hostile = _rewrite_qde(archive, tmp_path / "nan.qdpx",
                           lambda xml: xml.replace("<FloatValue>1.5</FloatValue>",
                                                   "<FloatValue>NaN</FloatValue>"))
    other = tmp_path / "other.sqlite"
    Project.create(other).close()
    result = cli("import", str(hostile), "-p", str(other), project=False)
    assert result.exit_code == 0, result.output
    (stored,), = _rows(other, "SELECT attributes FROM participants WHERE id = 'G9'")
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
def test_p7_control_characters_are_refused_at_entry(cli, project_path, coded, args):
    before = _dump(project_path)
    result = cli(*args)
    refused(result, project_path, "control character")
    assert _dump(project_path) == before


def test_p7_control_characters_in_a_codebook_file_are_refused(cli, project_path, coded, tmp_path):
    book = tmp_path / "book.yaml"
    book.write_text('codes:\n  - name: Bell\n    definition: "ring \\a ring"\n', encoding="utf-8")
    before = _dump(project_path)
    refused(cli("codebook", "import", str(book)), book, "'Bell'", "control character")
    assert _dump(project_path) == before


def test_p7_exports_read_back_even_with_an_old_control_character(cli, project_path, coded,
                                                                 tmp_path):
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
    Project.create(other).close()
    result = cli("codebook", "import", str(tmp_path / "book.qdc"), "-p", str(other), project=False)
    assert result.exit_code == 0, result.output
    assert _rows(other, "SELECT name, definition FROM codes") == [("Money", "ring  ring")]
    archive = tmp_path / "all.qdpx"
    assert cli("export", "qdpx", "-o", str(archive)).exit_code == 0
    again = tmp_path / "again.sqlite"
    Project.create(again).close()
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


def test_p19_two_notes_with_one_guid_are_both_imported(cli, archive, tmp_path):
    xml = zipfile.ZipFile(archive).read("project.qde").decode()
    first, second = _guids(xml, "Note")
    hostile = _rewrite_qde(archive, tmp_path / "notes.qdpx", lambda x: x.replace(second, first))
    other = tmp_path / "other.sqlite"
    Project.create(other).close()
    result = cli("import", str(hostile), "-p", str(other), project=False)
    assert result.exit_code == 0, result.output
    assert "has the GUID of another note" in result.output
    assert sorted(_rows(other, "SELECT text FROM memos")) == [("First note",), ("Second note",)]


def test_p19_two_sources_with_one_guid_are_exported_with_two(cli, archive, tmp_path):
    xml = zipfile.ZipFile(archive).read("project.qde").decode()
    first, second = _guids(xml, "TextSource")
    hostile = _rewrite_qde(archive, tmp_path / "sources.qdpx",
                           lambda x: x.replace(f'guid="{second}"', f'guid="{first}"'))
    other = tmp_path / "other.sqlite"
    Project.create(other).close()
    result = cli("import", str(hostile), "-p", str(other), project=False)
    assert result.exit_code == 0, result.output
    assert "has the GUID of another source" in result.output
    again = tmp_path / "again.qdpx"
    assert cli("export", "qdpx", "-o", str(again), "-p", str(other), project=False).exit_code == 0
    exported = _guids(zipfile.ZipFile(again).read("project.qde").decode(), "TextSource")
    assert len(exported) == 2 and len(set(exported)) == 2


def test_p19_a_code_guid_at_another_path_is_not_merged(cli, project_path, coded, tmp_path):
    (guid,), = _rows(project_path, "SELECT guid FROM codes")
    book = tmp_path / "book.yaml"
    book.write_text(f"codes:\n  - name: Cost\n    guid: {guid}\n", encoding="utf-8")
    before = _dump(project_path)
    refused(cli("codebook", "import", str(book)), book, "'Cost' has the GUID of the code 'Money'")
    assert _dump(project_path) == before
