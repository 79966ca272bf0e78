"""Exports: the theme table (Word, Excel, Markdown, CSV, HTML), the participant table,
matrices, the analysis report, and the `workbench export` command, on the coded demo."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import statistics
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from markdown_it import MarkdownIt

from workbench.cli.export import export as export_command
from workbench.project.demo import build_demo
from workbench.errors import WorkbenchError
from workbench.export import formats as exports
from workbench.project import ExportOptions
from workbench.export.report import NOT_RECORDED
from workbench.export.table import Table
from workbench.export.theme_table import Candidate, choose_quotes
from workbench.project import Project

QUOTE = re.compile(r'^"(?P<text>.*)" \((?P<tag>[A-Z]+\d+)\)$')
SPACE = re.compile(r"\s+")
THEMES = ExportOptions(quotes=3)


@pytest.fixture(scope="session")
def demo_path(tmp_path_factory) -> Path:
    path, _ = build_demo(tmp_path_factory.mktemp("demo"), second_coder=False)
    return path


@pytest.fixture
def demo(demo_path: Path):
    with Project.open(demo_path) as project:
        yield project


@pytest.fixture(scope="session")
def themes(demo_path: Path):
    with Project.open(demo_path) as project:
        return project.export_table("themes", THEMES)


def run(*args: str):
    return CliRunner().invoke(export_command, list(args), catch_exceptions=False)


def docx_cells(content: bytes) -> list[list[str]]:
    """The first table's cells as written: a merged cell's continuations are empty."""
    table = docx.Document(io.BytesIO(content)).tables[0]
    return [["\n".join("".join(t.text for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p")))
             for tc in tr.tc_lst] for tr in table._tbl.tr_lst]


def as_text(rows: list[list]) -> list[list[str]]:
    return [[str(cell) for cell in row] for row in rows]


def subtree(db, code_id: int) -> list[int]:
    return [r[0] for r in db.execute(
        """WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL
               SELECT c.id FROM codes c JOIN sub ON c.parent = sub.id) SELECT id FROM sub""",
        [code_id])]


def row_codes(project: Project, table) -> list[int]:
    """The code of each row, from the number in its hierarchy cells."""
    ids = {code["number"]: code["id"] for code in project.codebook.codes()}
    return [ids[next(cell for cell in row[:table.nested] if cell).split()[0]]
            for row in table.rows]


# -- the theme table -----------------------------------------------------------------------------

def test_word_theme_table_has_14_sub_themes_under_4_themes(demo, themes):
    cells = docx_cells(demo.export("themes", "docx", THEMES))
    header, body = cells[0], cells[1:]
    assert header == themes.columns
    assert body == as_text(themes.rows)  # the same cells, merged ones left empty
    assert [row[0] for row in body if row[0]] == [
        "1 Connotation of integration", "2 Service operation models",
        "3 Service operation environment", "4 Medical–prevention fragmentation"]
    assert len([row for row in body if row[1]]) == 14
    per_theme: list[int] = []
    for row in body:
        if row[0]:
            per_theme.append(0)
        else:
            per_theme[-1] += 1
    assert per_theme == [0, 5, 6, 3]  # theme 1 is a theme row only
    merged = docx.Document(io.BytesIO(demo.export("themes", "docx"))).tables[0]._tbl.xpath(
        ".//w:vMerge")
    assert len(merged) == 6 + 7 + 4  # per theme with sub-themes: a start and a continuation each


def test_every_quote_is_said_by_the_participant_it_names(demo, themes):
    turns = demo.db.execute(
        """SELECT coalesce(t.participant, s.participant),
                  substr(s.text, t.start + 1, t."end" - t.start)
           FROM segments t JOIN sources s ON s.id = t.source
           WHERE t.kind = 'turn' AND t.is_interviewer = 0""").fetchall()
    said: dict[str, list[str]] = {}
    for participant, text in turns:
        said.setdefault(participant, []).append(SPACE.sub(" ", text))
    # quotes come from a row's own codings: the sub-themes and theme 1, which has none
    assert [bool(row[-1]) for row in themes.rows] == [
        bool(row[1]) or row[0].startswith("1 ") for row in themes.rows]
    quoted = 0
    for row in themes.rows:
        quotes = [line for line in row[-1].split("\n") if line]
        tags = []
        for line in quotes:
            match = QUOTE.match(line)
            assert match, line
            tags.append(match["tag"])
            for piece in match["text"].split("…"):
                piece = piece.strip()
                if piece:
                    assert any(piece in turn for turn in said[match["tag"]]), (match["tag"], piece)
            quoted += 1
        assert len(tags) == len(set(tags)) <= 3  # never two quotes from one participant
    assert quoted >= 14


def test_quotes_of_a_focus_group_name_each_speaker(tmp_path):
    transcript = tmp_path / "focus-group.txt"
    transcript.write_text(
        "Interviewer: Welcome, everyone. What gets in the way of prevention work?\n\n"
        "G1: The forms take all our time. We enter every reading twice.\n\n"
        "N1: The phone follow-ups fall to the nurses. Nobody counts that work at all.\n\n"
        "Interviewer: And what would help?\n\n"
        "G1: One system instead of three. That would give us back an hour every day.\n",
        encoding="utf-8")
    with Project.create(tmp_path / "fg.sqlite") as project:
        assert project.import_paths([transcript]).ok
        project.codebook.add("Workload")
        text = project.source("focus-group.txt")["text"]
        said = [(turn["participant"], text[turn["start"]:turn["end"]])
                for turn in project.turns(1)]
        for turn in project.turns(1):  # every turn, the interviewer's too
            project.codings.apply(1, turn["start"], turn["end"], "Workload")
        table = project.export_table("themes", THEMES)
    quotes = [QUOTE.match(line) for line in table.rows[0][-1].split("\n")]
    assert sorted(quote["tag"] for quote in quotes) == ["G1", "N1"]  # the interviewer: never
    for quote in quotes:
        assert (quote["tag"], quote["text"]) in said
    assert table.rows[0][2:5] == ["G 1/1 · N 1/1", "2/2", 5]


def test_role_counts_equal_an_sql_count(demo, themes):
    denominators = dict(demo.db.execute(
        """SELECT role, count(*) FROM participants
           WHERE id IN (SELECT participant FROM sources) GROUP BY role""").fetchall())
    for row, code_id in zip(themes.rows, row_codes(demo, themes)):
        codes = subtree(demo.db, code_id)
        marks = ", ".join("?" * len(codes))
        # voiced: a coding overlaps a turn the participant speaks (not the interviewer's)
        voiced = dict(demo.db.execute(
            f"""SELECT p.role, count(DISTINCT p.id) FROM codings k
                JOIN sources s ON s.id = k.source
                JOIN segments t ON t.source = k.source AND t.kind = 'turn'
                     AND t.is_interviewer = 0 AND t.start < k."end" AND k.start < t."end"
                JOIN participants p ON p.id = coalesce(t.participant, s.participant)
                WHERE k.code IN ({marks}) GROUP BY p.role""", codes).fetchall())
        passages = demo.db.execute(
            f"""SELECT count(*) FROM (SELECT DISTINCT source, start, "end" FROM codings
                                      WHERE code IN ({marks}))""", codes).fetchone()[0]
        assert row[3] == " · ".join(f"{role} {voiced.get(role, 0)}/{denominators[role]}"
                                    for role in ("G", "N", "M"))
        assert row[4] == f"{sum(voiced.values())}/{sum(denominators.values())}"
        assert row[5] == passages


def test_excel_has_the_same_cells(demo, themes):
    book = openpyxl.load_workbook(io.BytesIO(demo.export("themes", "xlsx", THEMES)))
    sheet = book.worksheets[0]
    cells = [["" if value is None else value for value in row]
             for row in sheet.iter_rows(values_only=True)]
    assert cells == [themes.columns] + themes.rows
    assert sheet.freeze_panes == "A2"
    assert [row[0] for row in book["Notes"].iter_rows(values_only=True)][1:] == themes.notes


def test_markdown_is_a_valid_table(demo, themes):
    text = demo.export("themes", "md", THEMES)
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    rows, cells = [], None
    for token in tokens:
        if token.type == "tr_open":
            cells = []
        elif token.type in ("th_open", "td_open"):
            cells.append(token)
        elif token.type == "tr_close":
            rows.append(len(cells))
    assert rows == [len(themes.columns)] * (len(themes.rows) + 1)
    assert text.startswith("**Table 1.** Themes and sub-themes with illustrative quotes")
    assert "<br>" in text  # the quotes of a row, one per line


def test_csv_round_trips(demo, themes):
    text = demo.export("themes", "csv", THEMES)
    assert list(csv.reader(io.StringIO(text))) == [themes.columns] + as_text(themes.rows)


def test_html_merges_theme_cells(demo, themes):
    page = demo.export("themes", "html", THEMES)
    assert page.startswith("<!DOCTYPE html>") and page.count("<tr") == len(themes.rows) + 1
    assert page.count('rowspan="') == 3  # themes 2, 3 and 4 span their sub-themes


def test_level_one_pools_the_quotes_of_sub_themes(demo):
    table = demo.export_table("themes", ExportOptions(level=1))
    assert table.columns[0] == "Theme" and table.nested == 1
    assert [row[0].split()[0] for row in table.rows] == ["1", "2", "3", "4"]
    assert all(len(row[-1].split("\n")) == 2 for row in table.rows)


def test_landscape_pages(demo):
    section = docx.Document(io.BytesIO(demo.export(
        "themes", "docx", ExportOptions(landscape=True)))).sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height


def test_quote_rules():
    def candidate(coding, participant, exemplar=False, whole=True, length=160):
        return Candidate(coding, participant, participant[0], exemplar, whole, length)

    chosen = choose_quotes([
        candidate(1, "G1"), candidate(2, "G2", exemplar=True), candidate(3, "G3", exemplar=True),
        candidate(4, "N1", whole=False), candidate(5, "N2", length=20), candidate(6, "N3"),
        candidate(7, "M1", length=700), candidate(8, "G2", exemplar=True)], 3)
    # exemplars first, one per participant; then a new role; whole, well-sized passages first
    assert [c.coding for c in chosen] == [2, 3, 6]
    chosen = choose_quotes([candidate(1, "G1", length=150), candidate(2, "G2", length=170),
                            candidate(3, "M1", length=700)], 3)
    assert [c.coding for c in chosen] == [1, 3, 2]  # a new role before the nearer length
    assert choose_quotes([candidate(1, "G1"), candidate(2, "G1")], 3) == [candidate(1, "G1")]


# -- participants, matrices, segments ----------------------------------------------------------

def test_participant_table_mean_and_sd(demo):
    table = demo.export_table("participants")
    people = demo.participants()
    groups = {"Total": people} | {column: [p for p in people if p["role"] == column[0]]
                                  for column in table.columns[2:]}
    rows = {row[0]: row for row in table.rows}
    assert rows["n"][1:] == [str(len(members)) for members in groups.values()]
    for name in ("age", "years_in_primary_care"):
        row = table.rows[table.rows.index(rows[f"{name}, n with a value"]) + 1]
        assert row[0] == "  mean ± SD (range)"
        for cell, members in zip(row[1:], groups.values()):
            values = [p["attributes"][name] for p in members]
            assert cell == (f"{statistics.mean(values):.1f} ± {statistics.stdev(values):.1f} "
                            f"({min(values)}–{max(values)})")
    women = [p for p in people if p["attributes"]["sex"] == "F"]
    assert rows["  F, n (%)"][1].startswith(f"{len(women)} (")
    assert table.headings == {i for i, row in enumerate(table.rows)
                              if row[0].endswith(", n with a value")}


def test_code_by_participant_matrix(demo, themes):
    counts = demo.export_table("matrix")
    presence = demo.export_table("matrix", ExportOptions(presence=True))
    column = counts.columns.index
    for row, count_row, code_id in zip(presence.rows, counts.rows, row_codes(demo, counts)):
        codes = subtree(demo.db, code_id)
        marks = ", ".join("?" * len(codes))
        by_participant = dict(demo.db.execute(
            f"""SELECT s.participant, count(*) FROM codings k JOIN sources s ON s.id = k.source
                WHERE k.code IN ({marks}) GROUP BY s.participant""", codes).fetchall())
        for pid in ("G1", "G11", "N3", "M4"):
            assert count_row[column(pid)] == by_participant.get(pid, 0)
            assert row[column(pid)] == int(pid in by_participant)
        assert row[-1] == len(by_participant)
    theme_counts = [row[3] for row in themes.rows]
    assert theme_counts == [" · ".join(f"{role} {row[presence.columns.index(role + ' total')]}/"
                                       f"{n}" for role, n in (("G", 11), ("N", 5), ("M", 4)))
                            for row in presence.rows]


def test_cooccurrence_counts_overlapping_codings(demo):
    table = demo.export_table("cooccurrence")
    ids = row_codes(demo, table)
    numbers = table.columns[table.nested:]
    for i, (row, a) in enumerate(zip(table.rows, ids)):
        for j, b in enumerate(ids):
            value = row[table.nested + j]
            assert value == table.rows[j][table.nested + i]  # symmetric
            related = a in subtree(demo.db, b) or b in subtree(demo.db, a)
            if related:
                assert value == "", (numbers[i], numbers[j])
                continue
            sa, sb = subtree(demo.db, a), subtree(demo.db, b)
            expected = demo.db.execute(
                f"""SELECT count(*) FROM codings x JOIN codings y ON x.source = y.source
                    AND x.id <> y.id AND x.start < y."end" AND y.start < x."end"
                    WHERE x.code IN ({", ".join(map(str, sa))})
                      AND y.code IN ({", ".join(map(str, sb))})""").fetchone()[0]
            assert value == expected, (numbers[i], numbers[j])


def test_segments_list_every_coding(demo):
    table = demo.export_table("segments")
    assert len(table.rows) == 375
    column = table.columns.index
    texts = dict(demo.db.execute("SELECT name, text FROM sources").fetchall())
    owners = dict(demo.db.execute("SELECT name, participant FROM sources").fetchall())
    for row in table.rows:
        text = texts[row[column("Source")]]
        assert row[column("Text")] == text[row[column("Start")]:row[column("End")]]
        assert row[column("Participant")] == owners[row[column("Source")]]
    assert sum(row[column("Exemplar")] == "yes" for row in table.rows) == 35
    assert {row[column("Role")] for row in table.rows} == {
        "General practitioner", "Community nurse", "Manager"}


# -- the report ----------------------------------------------------------------------------------

def test_report_has_every_part_and_coreq_items(demo):
    document = docx.Document(io.BytesIO(demo.export("report", "docx")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:5] == ["1 Participants", "2 Themes", "3 Code saturation",
                            "4 Reporting checklist (COREQ)", "5 Codebook"]
    assert "3.1 Staffing and workload" in headings
    assert len(document.tables) == 4 and len(document.inline_shapes) == 1
    coreq = {row.cells[0].text: row.cells[3].text for row in document.tables[3].rows[1:]}
    assert list(coreq) == [str(n) for n in range(22, 30)]
    assert coreq["23"] == coreq["28"] == NOT_RECORDED
    assert "Guest et al. (2020)" in coreq["22"] and "6+2" in coreq["22"]
    # the 20 interviews and N1's Chinese follow-up (left out of saturation, coded all the same)
    assert coreq["24"] == "1 coder: researcher (375 codings in 21 transcripts)."
    assert "3 derived from the data (inductive)" in coreq["26"]
    assert "Dispersed work areas" in coreq["26"]
    assert coreq["29"].startswith("Yes: ") and "(G" in coreq["29"]
    for fmt in ("md", "html"):
        text = demo.export("report", fmt)
        assert "data:image/png;base64," in text and NOT_RECORDED in text


def test_word_files_convert_with_libreoffice(demo, tmp_path):
    """The one test that needs LibreOffice (Debian: libreoffice-writer-nogui); it is skipped
    where that is not installed."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    kinds = ("themes", "report", "review")
    for what in kinds:
        (tmp_path / f"{what}.docx").write_bytes(demo.export(what, "docx"))
    subprocess.run([office, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    *(str(tmp_path / f"{what}.docx") for what in kinds)],
                   check=True, capture_output=True, timeout=300)
    for what in kinds:
        assert (tmp_path / f"{what}.pdf").read_bytes().startswith(b"%PDF")


# -- the command and bad input -------------------------------------------------------------------

def test_command_writes_to_exports_named_by_project_and_date(demo_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("themes", "-p", str(demo_path))
    assert result.exit_code == 0, result.output
    target = Path("exports") / f"family-doctor-teams-demo-themes-{dt.date.today()}.docx"
    assert result.output == f"Wrote {target}\n" and target.is_file()
    assert run("matrix", "--presence", "-p", str(demo_path)).exit_code == 0
    assert Path(str(target).replace("themes", "matrix").replace(".docx", ".xlsx")).is_file()
    assert not [p for p in Path("exports").iterdir() if p.name.startswith(".")]  # no temporaries


def test_an_existing_file_is_never_overwritten_silently(demo_path, tmp_path):
    target = tmp_path / "table.csv"
    target.write_text("keep me", encoding="utf-8")
    result = run("themes", "-o", str(target), "-p", str(demo_path))
    assert result.exit_code == 1
    assert "exists already" in result.output and "--overwrite" in result.output
    assert target.read_text(encoding="utf-8") == "keep me"
    assert run("themes", "-o", str(target), "--overwrite", "-p", str(demo_path)).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("Theme,Sub-theme,Definition")


def test_an_unwritable_output_path(demo_path, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    result = run("themes", "-o", str(blocker / "table.docx"), "-p", str(demo_path))
    assert result.exit_code == 1
    assert "not-a-folder/table.docx: cannot be written" in result.output
    assert list(tmp_path.iterdir()) == [blocker]


def test_an_unknown_format(demo, demo_path, tmp_path):
    result = run("themes", "--format", "pdf", "-p", str(demo_path))
    assert result.exit_code == 2 and "'pdf' is not one of" in result.output
    result = run("themes", "-o", str(tmp_path / "table.pdf"), "-p", str(demo_path))
    assert result.exit_code == 1 and "unknown format 'pdf' for themes" in result.output
    result = run("report", "--format", "csv", "-p", str(demo_path))
    assert result.exit_code == 1 and "choose docx, md, html" in result.output
    result = run("themes", "--format", "md", "-o", str(tmp_path / "t.csv"), "-p", str(demo_path))
    assert result.exit_code == 1 and "ends in .csv but the format is md" in result.output
    with pytest.raises(WorkbenchError, match="unknown format 'rtf'"):
        demo.export("themes", "rtf")
    with pytest.raises(WorkbenchError, match="unknown export 'quotes'"):
        demo.export("quotes", "csv")
    assert list(tmp_path.iterdir()) == []


def test_a_project_without_codings(project_path, tmp_path):
    target = tmp_path / "themes.docx"
    result = run("themes", "-o", str(target), "-p", str(project_path))
    assert result.exit_code == 1 and "the codebook is empty" in result.output
    with Project.open(project_path) as project:
        project.codebook.add("Workload")
    for what in ("themes", "matrix", "cooccurrence", "segments", "report"):
        result = run(what, "-o", str(target), "-p", str(project_path))
        assert result.exit_code == 1, what
        assert "no codings yet, so there is nothing to tabulate" in result.output
    result = run("participants", "-o", str(target), "-p", str(project_path))
    assert result.exit_code == 1 and "no participants yet" in result.output
    assert not target.exists()


def test_a_word_table_has_at_most_63_columns():
    wide = Table("Wide", [f"c{n}" for n in range(64)], [["x"] * 64])
    with pytest.raises(WorkbenchError, match="at most 63 columns"):
        exports.write_table(wide, "docx")


def test_report_has_an_intercoder_agreement_section_with_two_coders(two_coder_demo, tmp_path,
                                                                    cli_on):
    """Its own section before COREQ: the coders, the double-coded sources, the unit, and per
    code κ and α as `workbench agreement` gives them; the consensus coder is left out."""
    path = tmp_path / "demo.sqlite"
    shutil.copy(two_coder_demo, path)
    result = cli_on(path)("code", "--coder", "consensus", "G1.txt", "0", "60",
                          "Connotation of integration")
    assert result.exit_code == 0, result.output
    with Project.open(path) as project:
        document = docx.Document(io.BytesIO(project.export("report", "docx")))
        markdown = project.export("report", "md")
        expected = project.agreement(["researcher", "colleague"])
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:6] == ["1 Participants", "2 Themes", "3 Code saturation",
                            "4 Intercoder agreement", "5 Reporting checklist (COREQ)",
                            "6 Codebook"]
    texts = [p.text for p in document.paragraphs]
    section = texts[texts.index("4 Intercoder agreement") + 1]
    sources = [expected.source_names[s] for s in expected.report.sources]
    assert len(sources) == 4
    assert section.startswith("Coders compared: researcher, colleague. Sources double-coded: "
                              f"4 ({', '.join(sources)}). Unit: the sentence")
    assert "Left out as not independent: consensus." in section
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Code")
    header = [c.text for c in table.rows[0].cells]
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    codes = expected.report.rows("code")
    assert len(rows) == len(codes) + 1  # and the overall row
    for figure in [*codes, expected.report.rows("overall")[0]]:
        name = "overall" if figure.code is None else expected.code_names[figure.code]
        row = rows[name]
        assert row[header.index("Units")] == str(figure.units)
        assert row[header.index("Cohen's κ")] == f"{figure.kappa:.3f}"
        assert row[header.index("Krippendorff's α")] == f"{figure.alpha:.3f}"
    assert "## 4 Intercoder agreement" in markdown and "## 5 Reporting checklist" in markdown
    overall = expected.report.rows("overall")[0]
    assert f"| overall | {overall.units} |" in markdown
