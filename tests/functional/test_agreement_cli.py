"""`workbench agreement` on a copy of the demo with a second coder's codings added through the
CLI: the figures equal the test's own count over the sentences and characters."""

from __future__ import annotations

import json

import pytest

SOURCE = "G1.txt"
CODE = "Connotation of integration"


def kappa(both, only_a, only_b, neither):
    n = both + only_a + only_b + neither
    observed = (both + neither) / n
    pa, pb = (both + only_a) / n, (both + only_b) / n
    chance = pa * pb + (1 - pa) * (1 - pb)
    return None if chance == 1 else (observed - chance) / (1 - chance)


@pytest.fixture
def two_coders(demo, cli_on, query):
    """Coder 'assistant' codes three stretches of G1 with CODE, one the researcher's own."""
    (source,), = query(demo, "SELECT id FROM sources WHERE name = ?", [SOURCE])
    (code,), = query(demo, "SELECT id FROM codes WHERE name = ?", [CODE])
    (start, end), = query(demo, 'SELECT start, "end" FROM codings WHERE source = ? AND code = ? '
                                "ORDER BY start LIMIT 1", [source, code])
    run = cli_on(demo)
    for a, b in [(start, end), (100, 300), (3000, 3400)]:
        result = run("code", "--coder", "assistant", SOURCE, str(a), str(b), CODE)
        assert result.exit_code == 0, result.output
    return demo, source, code


def coded(query, path, source, code, coder):
    return query(path, 'SELECT start, "end" FROM codings JOIN coders ON coders.id = coder '
                 "WHERE source = ? AND code = ? AND coders.name = ?", [source, code, coder])


def test_sentence_figures_equal_a_count_over_the_sentences(two_coders, cli_on, query):
    path, source, code = two_coders
    result = cli_on(path)("agreement", "--coders", "researcher", "assistant", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["sources"] == [SOURCE]  # the only source both coded
    sentences = query(path, "SELECT start, \"end\" FROM segments WHERE source = ? AND "
                      "kind = 'sentence'", [source])
    a = coded(query, path, source, code, "researcher")
    b = coded(query, path, source, code, "assistant")

    def touched(spans, s, e):
        return any(x < e and y > s for x, y in spans)

    cells = [0, 0, 0, 0]
    for s, e in sentences:
        ia, ib = touched(a, s, e), touched(b, s, e)
        cells[0 if ia and ib else 1 if ia else 2 if ib else 3] += 1
    row = next(f for f in data["figures"] if f["scope"] == "code" and f["code"] == CODE)
    assert row["units"] == len(sentences)
    assert row["percent"] == pytest.approx(100 * (cells[0] + cells[3]) / len(sentences))
    assert row["kappa"] == pytest.approx(kappa(*cells))
    assert -1 <= row["kappa"] < 1
    assert row["alpha"] is not None


def test_character_figures_equal_a_count_over_the_characters(two_coders, cli_on, query):
    path, source, code = two_coders
    result = cli_on(path)("agreement", "--coders", "researcher,assistant", "--unit", "character",
                          "--code", CODE, "--format", "json")
    assert result.exit_code == 0, result.output
    (text,), = query(path, "SELECT text FROM sources WHERE id = ?", [source])
    a = coded(query, path, source, code, "researcher")
    b = coded(query, path, source, code, "assistant")
    cells = [0, 0, 0, 0]
    for i in range(len(text)):
        ia = any(x <= i < y for x, y in a)
        ib = any(x <= i < y for x, y in b)
        cells[0 if ia and ib else 1 if ia else 2 if ib else 3] += 1
    row = next(f for f in json.loads(result.output)["figures"] if f["scope"] == "overall")
    assert row["units"] == len(text)
    assert row["kappa"] == pytest.approx(kappa(*cells))
    assert row["alpha"] is None


def test_table_output_shows_each_section(two_coders, cli_on):
    path, _, _ = two_coders
    result = cli_on(path)("agreement", "--coders", "researcher", "assistant")
    assert result.exit_code == 0, result.output
    for heading in ("Per code", "Per source", "Overall", "kappa", "alpha", "units"):
        assert heading in result.output
    assert "undefined" in result.output or "0.000" in result.output  # codes one coder used


@pytest.mark.parametrize("fmt", ["md", "csv", "docx", "xlsx"])
def test_files_are_written(two_coders, cli_on, tmp_path, fmt):
    path, _, _ = two_coders
    target = tmp_path / f"agreement.{fmt}"
    result = cli_on(path)("agreement", "--coders", "researcher", "assistant", "--format", fmt,
                          "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 200
    if fmt in ("md", "csv"):
        assert CODE in target.read_text(encoding="utf-8")


def written_cells(target, fmt) -> list[list[str]]:
    """The rows of an agreement file as text cells, whatever its format."""
    if fmt == "xlsx":
        import openpyxl

        sheet = openpyxl.load_workbook(target).active
        return [["" if v is None else str(v) for v in row]
                for row in sheet.iter_rows(values_only=True)]
    if fmt == "docx":
        import docx

        return [[cell.text for cell in row.cells] for table in docx.Document(target).tables
                for row in table.rows]
    if fmt == "csv":
        import csv

        return list(csv.reader(target.read_text(encoding="utf-8").splitlines()))
    return [[c.strip() for c in line.strip("|").split("|")]
            for line in target.read_text(encoding="utf-8").splitlines() if line.startswith("|")]


@pytest.mark.parametrize("fmt", ["table", "md", "csv", "docx", "xlsx"])
def test_brennan_prediger_kappa_of_the_matching_in_every_format(two_coders, cli_on, tmp_path,
                                                                fmt):
    """κn = (P_o − 1/k) / (1 − 1/k) from the JSON's own segments, matched and codes used."""
    path, _, _ = two_coders
    run = cli_on(path)
    data = json.loads(run("agreement", "--coders", "researcher", "assistant",
                          "--format", "json").output)
    overall = next(f for f in data["figures"] if f["scope"] == "overall")
    k = sum(1 for f in data["figures"] if f["scope"] == "code" and f["segments"])
    assert overall["categories"] == k >= 2
    observed = overall["matched"] / overall["segments"]
    expected = (observed - 1 / k) / (1 - 1 / k)
    assert overall["matched_kappa"] == pytest.approx(expected)
    if fmt == "table":
        output = run("agreement", "--coders", "researcher", "assistant").output
        assert "matched κn" in output and f"{expected:.3f}" in output
        return
    target = tmp_path / f"agreement.{fmt}"
    result = run("agreement", "--coders", "researcher", "assistant", "--format", fmt,
                 "-o", str(target))
    assert result.exit_code == 0, result.output
    rows = written_cells(target, fmt)
    header = next(row for row in rows if "matched κn" in row)
    last = next(row for row in rows if row and row[0] == "overall")
    assert last[header.index("matched κn")] == f"{expected:.3f}"


@pytest.mark.parametrize("args, message", [
    (["--coders", "researcher"], "two or more coders"),
    (["--coders", "researcher", "nobody"], "no coder 'nobody'"),
    (["--coders", "researcher", "assistant", "--code", "No such code"], "no code"),
    (["--coders", "researcher", "assistant", "--source", "X99.txt"], "no source"),
    (["--coders", "researcher", "assistant", "--format", "docx"], "needs -o"),
])
def test_bad_inputs_fail_cleanly(two_coders, cli_on, dump, args, message):
    path, _, _ = two_coders
    before = dump(path)
    result = cli_on(path)("agreement", *args)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert dump(path) == before
