"""Code saturation: the pure methods on hand-computed vectors, the report on the demo project,
the saturation and interview-order commands."""

import json
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from workbench.analysis.saturation import (Interview, Settings, analyse, chao2, code_spans,
                                           francis, guest, guest_grid, interview_table,
                                           new_counts, order_sensitivity)
from workbench.cli import main
from workbench.project.demo import build_demo
from workbench.errors import WorkbenchError
from workbench.project import Project
from workbench.store.interview_order import (ordered_sources, reset_order_by_date, set_left_out,
                                             set_order, update_order)


COUNT_ALL = Settings(orders=0, deductive="count")  # the demo's deductive codes counted too


def series(*code_sets: str) -> list[Interview]:
    """``series("ab", "bc")``: interview 1 has codes a, b; interview 2 has b, c."""
    return [Interview(f"I{n}.txt", f"G{n}", "G", tuple(codes))
            for n, codes in enumerate(code_sets, start=1)]


# -- Guest, Namey & Chen (2020) --------------------------------------------------------------

def test_guest_worked_example():
    # Base: 4 + 3 + 2 + 1 = 10 codes. s = 4: interviews 5–6 add 1 + 0 = 1 → 10% > 5%;
    # s = 5: interviews 6–7 add 0 → 0% → "5+2".
    result = guest([4, 3, 2, 1, 1, 0, 0, 0], base=4, run=2, threshold=5)
    assert result.base_codes == 10
    assert result.ratios == (0.1, 0.0, 0.0)
    assert (result.point, result.label, result.needed) == (5, "5+2", 7)


def test_guest_never_saturates():
    # Base 5 + 4 + 3 + 3 = 15; every run of two adds 4 → 26.7%.
    result = guest([5, 4, 3, 3, 2, 2, 2, 2, 2, 2])
    assert result.point is None and result.label == "not reached" and result.needed is None
    assert len(result.ratios) == 5 and all(r == pytest.approx(4 / 15) for r in result.ratios)


def test_guest_needs_a_whole_run_after_the_base():
    # s = 4 would need interviews 5 and 6; there are only 5.
    assert guest([4, 3, 2, 1, 0]).label == "cannot be assessed"
    assert guest([0, 0, 0, 0, 0, 0, 0]).label == "cannot be assessed"  # nothing in the base


@pytest.mark.parametrize("counts, base_codes, threshold", [
    ([8, 6, 4, 2, 1, 0, 0], 20, 5),  # 1 / 20 = 5%
    ([30, 20, 6, 4, 3, 0, 0], 60, 5),  # 3 / 60 = 5%
    ([20, 10, 6, 4, 1, 0, 0], 40, 2.5),  # 1 / 40 = 2.5%
])
def test_a_ratio_on_the_threshold_counts_as_saturated(counts, base_codes, threshold):
    result = guest(counts, base=4, run=2, threshold=threshold)
    assert result.base_codes == base_codes
    assert result.label == "4+2"
    assert guest(counts, base=4, run=2, threshold=0).label == "5+2"


def test_guest_grid_covers_bases_runs_and_thresholds():
    counts = [4, 3, 2, 1, 1, 0, 0, 0, 0, 0]
    grid = guest_grid(counts)
    assert [(r.base, r.run, r.threshold) for r in grid] == [
        (b, r, t) for b in (4, 5, 6) for r in (2, 3) for t in (0.0, 5.0)]
    labels = {(r.base, r.run, r.threshold): r.label for r in grid}
    # b = 4, r = 3: s = 4 sees 1 + 0 + 0 = 1 of 10 → 10%; s = 5 sees 0.
    assert labels[(4, 3, 5.0)] == "5+3"
    # b = 6: the base holds 11 codes; interviews 7 onwards add nothing.
    assert labels[(6, 2, 0.0)] == "6+2"
    assert labels[(6, 3, 0.0)] == "6+3"


# -- Francis et al. (2010) -------------------------------------------------------------------

def test_francis_stopping_rule():
    counts = [5, 3, 2, 1, 0, 1, 0, 0, 0, 0]
    # After 4: interview 5 adds nothing (1), 6 adds one (reset), 7, 8, 9 add nothing → 9.
    assert francis(counts, initial=4, stop=3).label == "9"
    assert francis(counts, initial=4, stop=4).point == 10
    assert francis(counts, initial=4, stop=5).label == "not reached"


def test_francis_counts_only_after_the_initial_sample():
    # Interviews 2–4 add nothing, but they belong to the initial sample.
    assert francis([3, 0, 0, 0, 1, 0, 0], initial=4, stop=3).label == "not reached"
    assert francis([3, 0, 0, 0, 1, 0, 0, 0], initial=4, stop=3).label == "8"
    assert francis([6, 2, 1], initial=10, stop=3).label == "cannot be assessed"  # too few


# -- Chao2 -----------------------------------------------------------------------------------

def test_chao2_with_doubletons():
    # a once, b once, c twice, d three times in T = 4 interviews: Q1 = 2, Q2 = 1.
    result = chao2(series("abcd", "cd", "d", ""))
    assert (result.observed, result.q1, result.q2, result.interviews) == (4, 2, 1, 4)
    expected = 4 + (3 / 4) * 2 ** 2 / (2 * 1)  # 5.5
    assert result.estimate == pytest.approx(expected) == pytest.approx(5.5)
    assert result.completeness == pytest.approx(4 / 5.5)


def test_chao2_without_doubletons():
    # a, b, c once each, d in all three: Q1 = 3, Q2 = 0, T = 3.
    result = chao2(series("ad", "bd", "cd"))
    assert (result.q1, result.q2) == (3, 0)
    expected = 4 + (2 / 3) * 3 * (3 - 1) / 2  # 6
    assert result.estimate == pytest.approx(expected) == pytest.approx(6.0)
    assert chao2([]).completeness is None


# -- tables, per code, order sensitivity -----------------------------------------------------

def test_interview_table_and_code_spans():
    interviews = series("ab", "bc", "b", "ad")
    assert new_counts(interviews) == [2, 1, 0, 1]
    table = interview_table(interviews)
    assert [(r.order, r.present, r.new, r.cumulative) for r in table] == [
        (1, 2, ("a", "b"), 2), (2, 2, ("c",), 3), (3, 1, (), 3), (4, 2, ("d",), 4)]
    assert [r.share for r in table] == [0.5, 0.75, 0.75, 1.0]
    assert [(s.code, s.first, s.last, s.interviews) for s in code_spans(interviews)] == [
        ("a", 1, 4, 2), ("b", 1, 3, 3), ("c", 2, 2, 1), ("d", 4, 4, 1)]


def test_order_sensitivity_is_reproducible():
    interviews = series("abcd", "ae", "bf", "c", "dg", "a", "b", "ch", "d", "a", "b", "c")

    def needed(counts):
        return guest(counts, base=4, run=2, threshold=5).needed

    first = order_sensitivity(interviews, needed, orders=200, seed=7)
    again = order_sensitivity(interviews, needed, orders=200, seed=7)
    assert first == again
    assert len(first.needed) == 200
    assert first.needed != order_sensitivity(interviews, needed, orders=200, seed=8).needed
    reached = sorted(n for n in first.needed if n is not None)
    assert reached and all(6 <= n <= 12 for n in reached)
    assert first.q1 <= first.median <= first.q3


def test_order_sensitivity_with_a_horizon_gives_the_same_result():
    """Counting each random order only as far as the Guest rule needs changes nothing."""
    import random

    rng = random.Random(3)
    codes = "abcdefghijklmnopqrstuvwxyz"
    interviews = series(*("".join(rng.sample(codes, rng.randint(1, 6))) for _ in range(90)))

    def needed(counts):
        return guest(counts, base=4, run=2, threshold=5).needed

    full = order_sensitivity(interviews, needed, orders=300, seed=2)
    quick = order_sensitivity(interviews, needed, orders=300, seed=2, horizon=6)
    assert quick == full
    assert any(n is None for n in full.needed) or len(set(full.needed)) > 3


def test_order_sensitivity_quartiles_and_not_reached():
    interviews = series("a", "b", "c", "d")
    constant = order_sensitivity(interviews, lambda counts: 5, orders=10, seed=1)
    assert (constant.median, constant.q1, constant.q3, constant.reached) == (5, 5, 5, 10)
    never = order_sensitivity(interviews, lambda counts: None, orders=10, seed=1)
    assert (never.median, never.q1, never.q3, never.reached) == (None, None, None, 0)
    empty = order_sensitivity(interviews, lambda counts: 5, orders=0)
    assert empty.median is None


def test_analyse_uses_the_settings():
    interviews = series("abcd", "ab", "e", "f", "a", "b", "c", "d")
    result = analyse(interviews, Settings(base=4, run=2, threshold=0, initial=4, stop=4,
                                          orders=10, seed=3))
    assert result.guest.label == "4+2"
    assert result.francis.label == "8"
    assert result.observed == 6
    assert len(result.grid) == 12
    assert result.new_in_last(2) == 0


# -- the report on the demo project ----------------------------------------------------------

@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path, _ = build_demo(tmp_path_factory.mktemp("saturation-demo"))
    return path


@pytest.fixture
def demo(demo_file, tmp_path):
    """A fresh copy of the demo project, in the order the interviews were conducted."""
    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, path)
    with Project.open(path) as project:
        update_order(project.db, by_date=True)
    return path


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
    assert report.left_out == ["G1.txt"]
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
    assert [r["interview_order"] for r in rows] == list(range(1, 21))
    curve = run("saturation", "-p", str(demo), "--format", "csv", "--orders", "0").output
    assert [line.split(",")[2] for line in curve.splitlines()[1:3]] == [
        "M2_interview.docx", "N5.txt"]

    left = run("sources", "order", "-p", str(demo), "--leave-out", "G1", "--format", "json")
    assert [r["name"] for r in json.loads(left.output) if r["left_out"]] == ["G1.txt"]
    data = json.loads(run("saturation", "-p", str(demo), "--orders", "0", "--format",
                          "json").output)
    assert data["groups"][0]["interviews"] == 19 and data["left_out"] == ["G1.txt"]

    run("sources", "order", "-p", str(demo), "--by-date", "--include", "G1")
    assert names_in_order(demo)[:3] == ["G1.txt", "N1.txt", "G2_interview.docx"]
    conn = sqlite3.connect(demo)
    assert conn.execute("SELECT sum(left_out) FROM sources").fetchone() == (0,)
    conn.close()

    both = run("sources", "order", "-p", str(demo), "G1", "--by-date")
    assert both.exit_code == 1 and "not both" in both.output
