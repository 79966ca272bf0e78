"""`quotes --format xlsx -o F`: the quotes as an Excel workbook (issue 21, point 8)."""

import openpyxl


def test_quotes_as_xlsx(cli_on, demo, tmp_path, query):
    target = tmp_path / "staffing.xlsx"
    result = cli_on(demo)("quotes", "--code", "Staffing and workload", "--format", "xlsx",
                          "-o", str(target))
    assert result.exit_code == 0, result.output
    expected = query(demo, """SELECT count(DISTINCT k.id) FROM codings k JOIN codes c
                              ON c.id = k.code WHERE c.name = 'Staffing and workload'""")[0][0]
    assert f"Wrote {expected} quotes" in result.output
    sheet = openpyxl.load_workbook(target).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(i for i, row in enumerate(cells) if "quote" in row)
    columns = cells[header]
    body = [row for row in cells[header + 1:] if any(row)]
    assert len(body) == expected
    assert {"participant", "source", "turn", "codes", "quote"} <= set(columns)
    first = dict(zip(columns, body[0]))
    assert "Staffing and workload" in first["codes"] and len(first["quote"]) > 10


def test_xlsx_needs_a_file_that_ends_in_xlsx(cli_on, demo, tmp_path, dump):
    before = dump(demo)
    cli = cli_on(demo)
    no_file = cli("quotes", "--format", "xlsx")
    assert no_file.exit_code == 1 and "-o FILE.xlsx" in no_file.output
    assert "Traceback" not in no_file.output
    wrong = cli("quotes", "--format", "xlsx", "-o", str(tmp_path / "q.txt"))
    assert wrong.exit_code == 1 and "q.txt" in wrong.output and ".xlsx" in wrong.output
    assert not (tmp_path / "q.txt").exists()
    stray = cli("quotes", "-o", str(tmp_path / "q.xlsx"))
    assert stray.exit_code == 1 and not (tmp_path / "q.xlsx").exists()
    assert dump(demo) == before
