"""`workbench export crosstab --by ATTRIBUTE`: every cell read back from each format and
compared with a count made here, in SQL, from the codings, turns and participants."""

import csv
import io
from collections import defaultdict

import pytest

# Per code (with the codes below it) and value of sex: the distinct passages that overlap a
# participant's turn (never the interviewer's) and the participants who spoke in them.
CELLS = """
WITH RECURSIVE under(row, code) AS (
    SELECT id, id FROM codes UNION ALL
    SELECT u.row, c.id FROM under u JOIN codes c ON c.parent = u.code)
SELECT r.name, {value},
       count(DISTINCT k.source || ':' || k.start || ':' || k."end"), count(DISTINCT p.id)
FROM under u JOIN codes r ON r.id = u.row JOIN codings k ON k.code = u.code
JOIN coders c ON c.id = k.coder
JOIN segments g ON g.source = k.source AND g.kind = 'turn' AND g.is_interviewer = 0
     AND g.start < k."end" AND k.start < g."end"
JOIN sources s ON s.id = g.source
JOIN participants p ON p.id = coalesce(g.participant, s.participant)
WHERE c.name LIKE ?
GROUP BY 1, 2"""
SEX = "coalesce(json_extract(p.attributes, '$.sex'), '(not set)')"
INTERVIEWED = """
SELECT coalesce(json_extract(attributes, '$.sex'), '(not set)'), count(*) FROM participants p
WHERE EXISTS (SELECT 1 FROM sources s WHERE s.participant = p.id)
   OR EXISTS (SELECT 1 FROM segments g WHERE g.participant = p.id AND g.kind = 'turn')
GROUP BY 1"""


@pytest.fixture
def sexless(demo, cli_on):
    """The demo with one man's sex removed, so that '(not set)' is a column."""
    assert cli_on(demo)("participants", "set", "G2", "sex=").exit_code == 0
    return demo


def expected(query, path, coder: str = "%") -> tuple[dict, dict]:
    """Per (code name, value or "Total"): (passages, participants); n per value and "Total"."""
    cells = defaultdict(lambda: (0, 0))
    for value in (SEX, "'Total'"):
        for name, column, passages, people in query(path, CELLS.format(value=value), [coder]):
            cells[name, column] = (passages, people)
    n = dict(query(path, INTERVIEWED))
    return cells, {**n, "Total": sum(n.values())}


def export(cli_on, path, tmp_path, fmt: str, *more: str):
    target = tmp_path / f"crosstab.{fmt}"
    result = cli_on(path)("export", "crosstab", "--by", "sex", "--format", fmt, "-o",
                          str(target), *more)
    assert result.exit_code == 0, result.output
    return target


def name_of(label: str) -> str:
    return label.split(" ", 1)[1]  # "2.1 Providers …" → "Providers …"


def check_text_rows(rows: list[list[str]], cells, n) -> int:
    """Rows as text cells (header first) of the docx or md table; the rows checked."""
    header, n_row, *codes = rows
    values = header[2:]
    assert values == ["F", "M", *(["(not set)"] if "(not set)" in n else []), "Total"]
    assert n_row[:1] == ["Participants (n)"]
    assert n_row[2:] == [str(n[v]) for v in values]
    for row in codes:
        name = name_of(row[1] or row[0])
        for value, cell in zip(values, row[2:], strict=True):
            passages, people = cells[name, value]
            assert cell == f"{passages} · {people}/{n[value]}", (name, value)
    return len(codes)


def test_markdown_cells_are_the_counts(sexless, query, cli_on, tmp_path):
    cells, n = expected(query, sexless)
    text = export(cli_on, sexless, tmp_path, "md").read_text()
    lines = [line for line in text.splitlines() if line.startswith("| ")]
    rows = [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines]
    assert check_text_rows(rows, cells, n) == query(sexless, "SELECT count(*) FROM codes "
                                                             "WHERE parent IS NULL OR parent IN "
                                                             "(SELECT id FROM codes WHERE "
                                                             "parent IS NULL)")[0][0]


def test_word_cells_are_the_counts(sexless, query, cli_on, tmp_path):
    from docx import Document

    cells, n = expected(query, sexless)
    table = Document(str(export(cli_on, sexless, tmp_path, "docx"))).tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert check_text_rows(rows, cells, n) > 10


def split_rows(header: list[str], rows: list[list], cells, n) -> None:
    """CSV and Excel: passages and participants as separate numeric columns."""
    assert header[1:] == [f"{v}: {part}" for v in ("F", "M", "(not set)", "Total")
                          for part in ("passages", "participants")]
    n_row, *codes = rows
    assert n_row[0] == "Participants (n)"
    assert [int(x) for x in n_row[2::2]] == [n["F"], n["M"], n["(not set)"], n["Total"]]
    for row in codes:
        for index, value in enumerate(("F", "M", "(not set)", "Total")):
            got = (int(row[1 + 2 * index]), int(row[2 + 2 * index]))
            assert got == cells[name_of(row[0]), value], (row[0], value)
    assert len(codes) == 4  # --level 1: the four themes


def test_csv_has_numbers_to_compute_with(sexless, query, cli_on, tmp_path):
    cells, n = expected(query, sexless)
    path = export(cli_on, sexless, tmp_path, "csv", "--level", "1")
    header, *rows = list(csv.reader(io.StringIO(path.read_text())))
    split_rows(header, rows, cells, n)


def test_excel_cells_are_numbers(sexless, query, cli_on, tmp_path):
    from openpyxl import load_workbook

    cells, n = expected(query, sexless)
    sheet = load_workbook(export(cli_on, sexless, tmp_path, "xlsx", "--level", "1")).worksheets[0]
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    rows = rows[:rows.index([None] * len(header))] if [None] * len(header) in rows else rows
    assert isinstance(rows[1][1], int)  # a number, not text
    split_rows(header, rows[:5], cells, n)


def test_one_coder(two_coder_demo, cli_on, tmp_path, query):
    """--coder counts that coder's codings only (the colleague coded four interviews)."""
    cells, n = expected(query, two_coder_demo, "colleague")
    path = export(cli_on, two_coder_demo, tmp_path, "csv", "--level", "1", "--coder",
                  "colleague")
    header, *rows = list(csv.reader(io.StringIO(path.read_text())))
    assert header[1:] == [f"{v}: {part}" for v in ("F", "M", "Total")
                          for part in ("passages", "participants")]
    for row in rows[1:]:
        assert [int(x) for x in row[1:]] == [
            number for value in ("F", "M", "Total") for number in cells[name_of(row[0]), value]]
    everyone, _ = expected(query, two_coder_demo)
    assert cells != everyone


def test_numeric_attribute_with_bins(demo, cli_on, tmp_path, query):
    target = tmp_path / "age.md"
    run = cli_on(demo)
    refused = run("export", "crosstab", "--by", "age", "-o", str(target))
    assert refused.exit_code == 1 and "--bins" in refused.output and "sex" in refused.output
    assert not target.exists()
    result = run("export", "crosstab", "--by", "age", "--bins", "40,50", "--format", "md",
                 "-o", str(target))
    assert result.exit_code == 0, result.output
    header = target.read_text().splitlines()[2]
    assert "| < 40 | 40 to < 50 | ≥ 50 | Total |" in header
    ages = [age for (age,) in query(demo, "SELECT json_extract(attributes, '$.age') FROM "
                                          "participants WHERE json_extract(attributes, '$.age') "
                                          "IS NOT NULL")]
    n_row = target.read_text().splitlines()[4]
    assert n_row.endswith(f"| {sum(a < 40 for a in ages)} | {sum(40 <= a < 50 for a in ages)} "
                          f"| {sum(a >= 50 for a in ages)} | {len(ages)} |")


@pytest.mark.parametrize("args,message", [
    ([], "needs --by ATTRIBUTE, one of the participants' attributes: age, institution, sex"),
    (["--by", "gender"], "no participant attribute 'gender': choose one of age, institution"),
    (["--by", "sex", "--bins", "50"], "--bins needs a numeric attribute"),
    (["--by", "age", "--bins", "50,40"], "should be increasing numbers"),
    (["--by", "age", "--bins", "old"], "should be numbers separated by commas"),
    (["--by", "sex", "--coder", "nobody"], "no coder 'nobody'"),
])
def test_bad_input_writes_nothing(demo, cli_on, dump, tmp_path, args, message):
    before = dump(demo)
    target = tmp_path / "out.md"
    result = cli_on(demo)("export", "crosstab", *args, "-o", str(target))
    assert result.exit_code == 1
    assert message in result.output
    assert not target.exists()
    assert dump(demo) == before


def test_by_belongs_to_the_crosstab(demo, cli_on, tmp_path):
    result = cli_on(demo)("export", "themes", "--by", "sex", "-o", str(tmp_path / "t.md"))
    assert result.exit_code == 1 and "--by applies to `export crosstab` only" in result.output


def test_existing_file_needs_overwrite(demo, cli_on, tmp_path):
    target = tmp_path / "x.md"
    target.write_text("mine")
    run = cli_on(demo)
    args = ["export", "crosstab", "--by", "sex", "-o", str(target)]
    assert run(*args).exit_code == 1 and target.read_text() == "mine"
    assert run(*args, "--overwrite").exit_code == 0 and "· " in target.read_text()


async def test_f7_writes_the_crosstab_by_the_attribute_typed(demo, settle, tmp_path, query):
    from textual.widgets import Input, Select

    from workbench.tui.app import WorkbenchApp

    target = tmp_path / "sex.md"
    app = WorkbenchApp(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f7")
        await settle(app, pilot)
        app.screen.query_one("#x-what", Select).value = "crosstab"
        await pilot.pause()
        app.screen.query_one("#x-format", Select).value = "md"
        await pilot.pause()
        app.screen.query_one("#x-output", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not target.exists()  # no attribute yet: the message names them
        assert any("needs --by ATTRIBUTE" in str(n.message) and "sex" in str(n.message)
                   for n in app._notifications)
        app.screen.query_one("#x-by", Input).value = "sex"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    cells, n = expected(query, demo)
    lines = [line for line in target.read_text().splitlines() if line.startswith("| ")]
    assert check_text_rows([[c.strip() for c in line.strip("|").split(" | ")]
                            for line in lines], cells, n) > 10


def test_a_value_that_looks_like_a_formula_stays_text(demo, cli_on, tmp_path):
    from openpyxl import load_workbook

    run = cli_on(demo)
    assert run("participants", "set", "G1", "site==HYPERLINK(\"x\")").exit_code == 0
    for fmt in ("csv", "xlsx"):
        target = tmp_path / f"site.{fmt}"
        result = run("export", "crosstab", "--by", "site", "-o", str(target))
        assert result.exit_code == 0, result.output
        if fmt == "csv":
            header = next(csv.reader(io.StringIO(target.read_text())))
            assert "'=HYPERLINK(\"x\"): passages" in header
        else:
            cells = next(load_workbook(target).worksheets[0].iter_rows(max_row=1))
            formula = [c for c in cells if "HYPERLINK" in str(c.value)]
            assert len(formula) == 2 and all(c.data_type == "s" for c in formula)


def test_html_comes_from_the_shared_writer(demo, cli_on, tmp_path, query):
    cells, n = expected(query, demo)
    text = export(cli_on, demo, tmp_path, "html", "--level", "1").read_text()
    passages, people = cells["Service operation models", "F"]
    assert f"<td>{passages} · {people}/{n['F']}</td>" in text
