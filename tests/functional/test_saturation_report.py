"""Code saturation on the demo project: the report, the interview order and the commands."""

import json
import sqlite3

import pytest
from click.testing import CliRunner

from workbench.analysis.saturation import Settings
from workbench.cli import main
from workbench.errors import WorkbenchError
from workbench.project import Project
from workbench.store.interview_order import ordered_sources, reset_order_by_date, set_left_out, set_order


COUNT_ALL = Settings(orders=0, deductive="count")  # the demo's deductive codes counted too


# -- the report on the demo project ----------------------------------------------------------

@pytest.fixture
def demo(dated_demo):
    """Every test here reads the demo in interview-date order."""
    return dated_demo


def test_report_counts_sub_themes_and_themes(demo):
    with Project.open(demo) as project:
        report = project.saturation(settings=COUNT_ALL)
        at_level_1 = project.saturation(level=1, settings=COUNT_ALL)
    # 14 sub-themes, and the theme without sub-themes counted as itself.
    assert report.overall.observed == 15
    assert "Connotation of integration" in {s.code for s in report.overall.codes}
    assert at_level_1.overall.observed == 4
    assert at_level_1.unit == "themes"
    assert len(report.overall.interviews) == 20
    assert report.overall.interviews[0].participant == "G1"  # 2024-03-05, the first


def test_report_by_role_in_interview_date_order(demo):
    with Project.open(demo) as project:
        report = project.saturation(by="role", settings=Settings(orders=100, deductive="count"))
    assert [(g.key, len(g.analysis.interviews)) for g in report.groups] == [
        ("overall", 20), ("G", 11), ("N", 5), ("M", 4)]
    assert [i.participant for i in report.groups[3].analysis.interviews] == [
        "M1", "M3", "M4", "M2"]
    assert report.status_line == ("sub-themes (incl. 1 theme without sub-themes): 15 · new in "
                                  "last 2 interviews: 0 · Guest 5%: 6+2")
    text = report.methods_text("guest")
    assert ("Following Guest et al. (2020) (base 4, run 2, ≤5% new information), "
            "code saturation was reached at 6+2 (8 interviews) overall; "
            "among general practitioners at ") in text
    assert ("among community nurses it cannot be assessed (5 interviews, fewer than the 6 "
            "that base 4 + run 2 need)") in text
    assert "Over 100 random orders of the same interviews" in text
    assert "Francis et al. (2010)" in report.methods_text()
    assert "Chao2" in report.methods_text()


def test_report_by_theme_and_by_coder(demo):
    with Project.open(demo) as project:
        by_theme = project.saturation(by="theme", settings=COUNT_ALL)
        by_coder = project.saturation(by="coder", settings=COUNT_ALL)
    themes = by_theme.groups[1:]
    assert [g.title for g in themes] == ["Connotation of integration", "Service operation models",
                                         "Service operation environment",
                                         "Medical–prevention fragmentation"]
    assert [g.analysis.observed for g in themes] == [1, 5, 6, 3]
    assert [g.key for g in by_coder.groups] == ["overall", "researcher"]
    assert by_coder.groups[1].analysis.table == by_coder.overall.table


def test_left_out_and_uncoded_sources_are_skipped(demo):
    with Project.open(demo) as project:
        set_left_out(project.db, ["G1.txt"], True)
        project.db.execute("DELETE FROM codings WHERE source = "
                           "(SELECT id FROM sources WHERE name = 'N1.txt')")
        report = project.saturation(settings=Settings(orders=0))
    names = [i.name for i in report.overall.interviews]
    assert "G1.txt" not in names and "N1.txt" not in names and len(names) == 18
    assert report.left_out == ["G1.txt", "N1_访谈.txt"]  # and the demo's Chinese follow-up
    assert report.uncoded == ["N1.txt"]


def test_deeper_codes_count_for_their_ancestor(demo):
    with Project.open(demo) as project:
        project.codebook.add("Evening data entry", "Service operation environment/"
                             "Staffing and workload")
        source = project.source("M2")
        project.codings.apply(source["id"], 0, 5, "Evening data entry")
        level_2 = project.saturation(settings=COUNT_ALL)
        level_3 = project.saturation(level=3, settings=COUNT_ALL)
    assert level_2.overall.observed == 15
    # At level 3, "Staffing and workload" has a code below it: its own codings name none of
    # them and are set aside; the new code counts as itself.
    assert level_3.overall.observed == 15
    assert "Service operation environment/Staffing and workload" not in {
        span.code for span in level_3.overall.codes}
    assert "Service operation environment/Staffing and workload" in {
        code for code, _ in level_3.counted.set_aside}
    assert level_3.overall.codes[-1].code == ("Service operation environment/"
                                              "Staffing and workload/Evening data entry")
    assert level_3.overall.table[-1].new == (level_3.overall.codes[-1].code,)


def test_report_refuses_bad_arguments(demo):
    with Project.open(demo) as project:
        with pytest.raises(WorkbenchError):
            project.saturation(level=0)
        with pytest.raises(WorkbenchError):
            project.saturation(by="participant")


# -- the interview order ---------------------------------------------------------------------

def names_in_order(path):
    with Project.open(path) as project:
        return [row["name"] for row in ordered_sources(project.db)]


def test_set_order_and_reset_by_date(demo):
    by_date = names_in_order(demo)
    with Project.open(demo) as project:
        set_order(project.db, ["M2_interview.docx", "N5.txt"])
    moved = names_in_order(demo)
    assert moved[:2] == ["M2_interview.docx", "N5.txt"]
    assert moved[2:] == [n for n in by_date if n not in ("M2_interview.docx", "N5.txt")]
    with Project.open(demo) as project:
        reset_order_by_date(project.db)
        with pytest.raises(WorkbenchError, match="no source named"):
            set_order(project.db, ["nobody.txt"])
    assert names_in_order(demo) == by_date


# -- the commands ----------------------------------------------------------------------------

@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, list(args), catch_exceptions=False)

    return invoke


def test_saturation_by_role_prints_a_result_per_role(run, demo):
    result = run("saturation", "-p", str(demo), "--by", "role", "--orders", "50")
    assert result.exit_code == 0, result.output
    assert ("reached at 6+2 (8 interviews) overall; among general practitioners at 6+2 "
            "(8 interviews)") in result.output
    assert "among community nurses it cannot be assessed (5 interviews" in result.output
    assert "among managers it cannot be assessed (4 interviews" in result.output
    data = json.loads(run("saturation", "-p", str(demo), "--by", "role", "--orders", "0",
                          "--format", "json").output)
    assert [(g["key"], g["guest"]["label"]) for g in data["groups"]] == [
        ("overall", "6+2"), ("G", "6+2"), ("N", "cannot be assessed"),
        ("M", "cannot be assessed")]


def test_saturation_formats_and_methods(run, demo):
    csv_grid = run("saturation", "-p", str(demo), "--method", "guest", "--format", "csv",
                   "--orders", "0").output.splitlines()
    assert csv_grid[0] == "group,base,run,≤0%,≤5%"
    assert csv_grid[1] == "Overall,4,2,6+2,6+2"
    curve = run("saturation", "-p", str(demo), "--format", "csv", "--orders", "0",
                "--deductive", "count").output
    assert curve.splitlines()[1].startswith("Overall,1,G1.txt,G1,11,11,11,73.3,")
    md = run("saturation", "-p", str(demo), "--method", "chao2", "--format", "md",
             "--orders", "0").output
    assert "| group | interviews | codes | q1 | q2 | chao2 | chao2_form | completeness |" in md
    assert "Following Guest" not in md and "Francis" not in md
    francis_only = run("saturation", "-p", str(demo), "--method", "francis", "--orders", "0")
    assert "reached at interview 13 overall" in francis_only.output


def test_saturation_plot(run, demo, tmp_path):
    png, svg = tmp_path / "curve.png", tmp_path / "curve.svg"
    assert run("saturation", "-p", str(demo), "--orders", "0", "--plot", str(png)).exit_code == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert run("saturation", "-p", str(demo), "--by", "role", "--orders", "0",
               "--plot", str(svg)).exit_code == 0
    assert "<svg" in svg.read_text(encoding="utf-8")
    again = run("saturation", "-p", str(demo), "--orders", "0", "--plot", str(png))
    assert again.exit_code == 1 and "--overwrite" in again.output
    wrong = run("saturation", "-p", str(demo), "--orders", "0", "--plot", str(tmp_path / "c.pdf"))
    assert wrong.exit_code == 1 and ".png or .svg" in wrong.output


def test_order_commands_change_the_rows(run, demo):
    result = run("sources", "order", "-p", str(demo), "M2", "N5.txt", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["name"] for r in rows[:2]] == ["M2_interview.docx", "N5.txt"]
    assert [r["interview_order"] for r in rows] == list(range(1, 22))
    curve = run("saturation", "-p", str(demo), "--format", "csv", "--orders", "0").output
    assert [line.split(",")[2] for line in curve.splitlines()[1:3]] == [
        "M2_interview.docx", "N5.txt"]

    left = run("sources", "order", "-p", str(demo), "--leave-out", "G1", "--format", "json")
    assert [r["name"] for r in json.loads(left.output) if r["left_out"]] == ["G1.txt",
                                                                              "N1_访谈.txt"]
    data = json.loads(run("saturation", "-p", str(demo), "--orders", "0", "--format",
                          "json").output)
    assert data["groups"][0]["interviews"] == 19 and data["left_out"] == ["G1.txt", "N1_访谈.txt"]

    run("sources", "order", "-p", str(demo), "--by-date", "--include", "G1")
    assert names_in_order(demo)[:3] == ["G1.txt", "N1.txt", "G2_interview.docx"]
    conn = sqlite3.connect(demo)
    assert conn.execute("SELECT sum(left_out) FROM sources").fetchone() == (1,)  # N1_访谈.txt
    conn.close()

    both = run("sources", "order", "-p", str(demo), "G1", "--by-date")
    assert both.exit_code == 1 and "not both" in both.output
