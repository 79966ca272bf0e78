"""Numbers a reviewer can trust (issue 17): saturation that says why it was not reached,
a Table 1 that counts missing values, theme counts that count each passage and speaker
once, and search words that mean what they say.

Every test here failed on the code before the issue was fixed. The small projects are
written by the tests themselves; each says what it must count, counted by hand.
"""

from __future__ import annotations

import json
import re
import sqlite3
from fractions import Fraction

import numpy as np
import pytest
from click.testing import CliRunner

from workbench.analysis.citations import cite
from workbench.analysis.saturation import (Interview, Settings, chao2, francis, guest,
                                           new_counts)
from workbench.analysis.saturation_report import build_report
from workbench.cli import main
from workbench.project import ExportOptions, Project



def series(*code_sets: str) -> list[Interview]:
    return [Interview(f"I{n}.txt", f"G{n}", "G", tuple(codes))
            for n, codes in enumerate(code_sets, start=1)]


@pytest.fixture
def demo(dated_demo):
    """Every test here reads the demo in interview-date order."""
    return dated_demo


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# -- Guest on the boundary -------------------------------------------------------------------

@pytest.mark.parametrize("threshold, new", [(0.3, 3), (0.7, 7), (1.2, 12)])
def test_guest_threshold_is_compared_exactly(threshold, new):
    # 1000 codes in the base of 4; interview 5 adds `new` of them: exactly threshold % → 4+1.
    counts = [250, 250, 250, 250, new, 0, 0]
    assert Fraction(new, 1000) == Fraction(str(threshold)) / 100  # the ratio is on the line
    result = guest(counts, base=4, run=1, threshold=threshold)
    assert result.label == "4+1"
    assert guest(counts, base=4, run=1, threshold=threshold / 2).label == "5+1"


# -- "not reached" and "cannot be assessed" ---------------------------------------------------

def test_too_few_interviews_cannot_be_assessed_while_enough_are_not_reached():
    five = guest([5, 4, 3, 2, 1], base=4, run=2)  # 5 nurses < 4 + 2
    assert (five.status, five.label) == ("cannot be assessed", "cannot be assessed")
    assert five.reason == "5 interviews, fewer than the 6 that base 4 + run 2 need"
    never = guest([5, 4, 3, 3, 2, 2, 2, 2], base=4, run=2)  # each run adds 4 of 15
    assert (never.status, never.outcome) == ("not reached", "not reached within 8 interviews")
    assert guest([0, 0, 0, 0, 1, 0, 0]).reason == "no code in the first 4 interviews"
    gps = francis([5, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0], initial=10, stop=3)  # 11 GPs < 10 + 3
    assert gps.status == "cannot be assessed" and gps.reason.startswith("11 interviews")
    assert francis([5, 3, 2, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0], initial=10, stop=3).status == \
        "not reached"


def test_demo_by_role_says_nurses_and_managers_cannot_be_assessed(demo):
    """The issue's "Done when": the demo, `workbench saturation --by role`."""
    result = run("saturation", "-p", str(demo), "--by", "role", "--orders", "100")
    assert result.exit_code == 0, result.output
    text = result.output
    assert ("among community nurses it cannot be assessed (5 interviews, fewer than the 6 "
            "that base 4 + run 2 need)") in text
    assert ("among managers it cannot be assessed (4 interviews, fewer than the 6 that base "
            "4 + run 2 need)") in text
    # Francis 10 + 3 with 11 GPs: cannot be assessed either.
    assert "among general practitioners it cannot be assessed (11 interviews" in text
    # The methods paragraph names the level, the coders, the deductive codes, the Chao2 form.
    assert "Code saturation was assessed on the sub-themes (level 2 of the codebook)" in text
    assert "The codings are those of one coder (researcher)." in text
    assert "The 12 deductive codes of this level (defined in advance) were not counted" in text
    assert "The Chao2 estimator (Chao 1987) in its classic form" in text
    # The tables say it too, in every format.
    summary = run("saturation", "-p", str(demo), "--by", "role", "--orders", "0",
                  "--method", "francis", "--format", "csv").output.splitlines()
    assert summary[0] == "group,interviews,codes,francis"
    assert summary[2] == "General practitioner (G),11,3,cannot be assessed: 11 < 10+3"
    md = run("saturation", "-p", str(demo), "--by", "role", "--orders", "0", "--format", "md")
    assert "| Community nurse (N) | 5 | 3 | cannot be assessed: 5 < 4+2 |" in md.output
    data = json.loads(run("saturation", "-p", str(demo), "--by", "role", "--orders", "0",
                          "--format", "json").output)
    nurses = data["groups"][2]["guest"]
    assert (nurses["status"], nurses["reason"]) == (
        "cannot be assessed", "5 interviews, fewer than the 6 that base 4 + run 2 need")


async def test_the_saturation_screen_says_cannot_be_assessed_and_draws_whole_ticks(settle, demo):
    from textual.widgets import Select

    from workbench.tui.app import WorkbenchApp

    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f6")
        await settle(app, pilot)
        app.screen.query_one("#sat-by", Select).value = "role"
        await settle(app, pilot)
        summary = str(app.screen.query_one("#sat-summary").render())
        assert "among managers it cannot be assessed (4 interviews" in summary
        plot = app.screen.query_one("#sat-plot")
        drawn = plot.plt.uncolorize(plot.plt.build()).splitlines()
    y_ticks = [line.split("┤")[0].strip() for line in drawn if "┤" in line]
    x_ticks = drawn[[i for i, line in enumerate(drawn) if "└" in line][0] + 1].split()
    assert y_ticks and all(re.fullmatch(r"\d+", tick) for tick in y_ticks), y_ticks
    assert y_ticks[-1] == "0"  # the axis starts at nothing seen
    assert x_ticks and all(re.fullmatch(r"\d+", tick) for tick in x_ticks), x_ticks


def test_random_orders_read_the_same_in_every_output():
    # Eight interviews, each with a code of its own: no order ever saturates.
    codes = [{"id": n, "parent": None, "level": 1, "path": f"c{n}", "name": f"c{n}",
              "origin": None} for n in range(1, 9)]
    sources = [{"id": n, "name": f"G{n}.txt", "participant": f"G{n}", "role": "G",
                "left_out": 0} for n in range(1, 9)]
    report = build_report(codes, [(n, n, "me") for n in range(1, 9)], sources, [], level=1,
                          settings=Settings(orders=50))
    assert report.overall.order_sensitivity.reached == 0
    assert report.summary_rows()[0]["random_orders"] == "reached in 0 of 50"
    assert "it was reached in 0 of 50" in report.methods_text("guest")
    assert "not reached in 50 of 50" not in report.methods_text("guest")


# -- order sensitivity on one scale, reproducible from the docs ------------------------------

def test_order_sensitivity_is_on_the_scale_of_interviews_and_as_documented(root, demo):
    with Project.open(demo) as project:
        report = project.saturation(settings=Settings(orders=200, seed=5, deductive="count"))
    text = report.methods_text("guest")
    assert "reached at 6+2 (8 interviews) overall" in text
    assert "it took a median of" in text and "interviews (s + r; IQR" in text
    # What docs/saturation.md says: numpy.random.default_rng(seed), one permutation per
    # order; for each, the Guest rule gives s + r. Done here from the docs alone.
    docs = (root / "docs" / "saturation.md").read_text(encoding="utf-8")
    assert "numpy.random.default_rng(--seed)" in docs and "random.Random" not in docs
    interviews = report.overall.interviews
    generator = np.random.default_rng(5)
    needed = []
    for _ in range(200):
        order = [interviews[i] for i in generator.permutation(len(interviews))]
        needed.append(guest(new_counts(order), 4, 2, 5).needed)
    assert tuple(needed) == report.overall.order_sensitivity.needed
    assert None not in needed  # every order reaches it, so numpy's quantiles apply as they are
    spread = report.overall.order_sensitivity
    assert (spread.q1, spread.median, spread.q3) == tuple(np.quantile(needed, [0.25, 0.5, 0.75]))


# -- what is counted: level, origin, coders ---------------------------------------------------

def test_a_coding_on_a_theme_with_sub_themes_is_set_aside(demo):
    with Project.open(demo) as project:
        source = project.source("M2")
        project.codings.apply(source["id"], 0, 5, "Service operation models", coder="researcher")
        report = project.saturation(settings=Settings(orders=0, deductive="count"))
    assert report.overall.observed == 15  # 14 sub-themes and theme 1; not 16
    assert "Service operation models" not in {span.code for span in report.overall.codes}
    assert report.overall.chao2.q1 == 0  # no spurious singleton
    assert report.counted.set_aside == (("Service operation models", "M2_interview.docx"),)
    assert ("Codings placed on a code with sub-themes below it name none of them and were "
            "not counted (1 interview with such a coding).") in report.methods_text()
    assert any(note.startswith("Codings on a code with sub-themes below it")
               for note in report.notes)


def test_deductive_codes_are_left_out_unless_counted(demo):
    with Project.open(demo) as project:
        default = project.saturation(settings=Settings(orders=0))
        counted = project.saturation(settings=Settings(orders=0, deductive="count"))
        inductive = {c["path"] for c in project.codebook.codes()
                     if c["origin"] == "inductive" and c["level"] == 2}
    assert {span.code for span in default.overall.codes} == inductive  # 2.2, 4.2 and 4.3
    assert default.overall.observed == 3 and counted.overall.observed == 15
    assert default.status_line.startswith("inductive sub-themes: 3 · ")
    assert counted.status_line.startswith("sub-themes (incl. 1 theme without sub-themes): 15")
    assert "were counted as new at their first use" in counted.methods_text()


def test_one_coder_or_all_pooled(demo):
    with Project.open(demo) as project:
        source = project.source("G1")
        project.codebook.add("Second coder's code", "Service operation models",
                             origin="inductive")
        project.codings.apply(source["id"], 0, 5, "Second coder's code", coder="second")
        pooled = project.saturation(settings=Settings(orders=0))
        alone = project.saturation(settings=Settings(orders=0, coder="researcher"))
    assert pooled.overall.observed == 4 and alone.overall.observed == 3
    assert "The codings of both coders (researcher, second) were pooled." in \
        pooled.methods_text()
    assert "Only the codings of researcher were counted (coders: researcher, second)." in \
        alone.methods_text()


def test_an_unknown_coder_is_refused_and_nothing_changes(dump, demo):
    before = dump(demo)
    result = CliRunner().invoke(main, ["saturation", "-p", str(demo), "--coder", "nobody"])
    assert result.exit_code == 1
    assert "no codings by a coder named 'nobody'; coders: researcher" in result.output
    assert "Traceback" not in result.output
    assert dump(demo) == before


def test_an_uncoded_interview_is_named_in_the_methods_paragraph(demo):
    with Project.open(demo) as project:
        project.db.execute("DELETE FROM codings WHERE source = "
                           "(SELECT id FROM sources WHERE name = 'N1.txt')")
        report = project.saturation(settings=Settings(orders=0))
    assert ("in 19 interviews, taken in the order they were conducted (1 interview not yet "
            "coded and 1 interview left out, not counted)") in report.methods_text()
    csv = CliRunner().invoke(main, ["saturation", "-p", str(demo), "--orders", "0",
                                    "--format", "csv"])
    assert "Not coded yet, so not counted: N1.txt" in csv.output  # on stderr, beside the table


# -- Chao2 --------------------------------------------------------------------------------------

def test_chao2_forms_are_chosen_and_named():
    # a, b once, c twice, d three times in T = 4: Q1 = 2, Q2 = 1.
    interviews = series("abcd", "cd", "d", "")
    classic, corrected = chao2(interviews), chao2(interviews, "bias-corrected")
    assert (classic.form, classic.estimate) == ("classic", 4 + 3 / 4 * 2 ** 2 / (2 * 1))
    assert (corrected.form, corrected.estimate) == ("bias-corrected",
                                                    4 + 3 / 4 * 2 * 1 / (2 * (1 + 1)))
    assert chao2(series("ad", "bd", "cd")).form == "bias-corrected"  # Q2 = 0


def test_the_chao2_sentence_names_its_form_and_warns_on_few_interviews(demo):
    with Project.open(demo) as project:
        report = project.saturation(by="role", settings=Settings(orders=0,
                                                                 chao2="bias-corrected"))
    text = report.methods_text("chao2")
    assert ("in its bias-corrected form (Ŝ = S_obs + ((T−1)/T)·Q₁(Q₁−1)/(2·(Q₂+1))"
            in text)
    assert "from only 5 interviews, too few for the estimate to mean much" in text
    assert "Chao2 is a lower bound" in text
    assert report.summary_rows()[2]["chao2_form"] == "bias-corrected"


# -- Table 1 ----------------------------------------------------------------------------------

TRANSCRIPT = "Interviewer: How is the work?\n\n{pid}: Busy. The forms take all our time.\n"


@pytest.fixture
def small_study(tmp_path):
    """Three interviewed GPs and a fourth known only from the attribute table.

    Ages: G1 40, G2 'unknown', G3 44 (and G4 50, not interviewed): 2 numbers among those
    interviewed, mean 42. Sex: G1 F, G2 M, G3 not given: 1 + 1 of 3, 1 missing.
    """
    for pid in ("G1", "G2", "G3"):
        (tmp_path / f"{pid}.txt").write_text(TRANSCRIPT.format(pid=pid), encoding="utf-8")
    path = tmp_path / "small.sqlite"
    with Project.create(path) as project:
        assert project.import_paths([tmp_path / f"{p}.txt" for p in ("G1", "G2", "G3")]).ok
        project.set_participant("G1", {"age": 40, "sex": "F"})
        project.set_participant("G2", {"age": "unknown", "sex": "M"})
        project.set_participant("G3", {"age": 44})
        project.set_participant("G4", {"age": 50, "sex": "F"})
    return path


def test_table_1_counts_missing_values_and_names_text_among_numbers(small_study):
    with Project.open(small_study) as project:
        table = project.participant_summary()
    rows = {row[0]: row[1:] for row in table.rows}
    assert rows["n"] == ["3", "3"]  # G4 has no transcript: not counted
    assert rows["age, n with a value"] == ["2", "2"]
    assert rows["  mean ± SD (range)"] == ["42.0 ± 2.8 (40–44)"] * 2
    assert [row[1] for row in table.rows if row[0] == "  missing, n (%)"] == [
        "1 (33.3%)", "1 (33.3%)"]  # age (the text value), then sex
    assert rows["sex, n with a value"] == ["2", "2"]
    assert rows["  F, n (%)"] == ["1 (50.0%)"] * 2  # of those with a value
    assert "age: not a number, so counted as missing: 'unknown' (G2)." in table.notes
    assert any("Not counted, known only from their attributes: G4" in n for n in table.notes)


def test_table_1_takes_everyone_when_asked(small_study):
    with Project.open(small_study) as project:
        table = project.export_table("participants", ExportOptions(all_participants=True))
    rows = {row[0]: row[1:] for row in table.rows}
    assert rows["n"] == ["4", "4"]
    assert rows["age, n with a value"] == ["3", "3"]
    result = CliRunner().invoke(main, ["participants", "summary", "-p", str(small_study),
                                       "--all-participants", "--format", "csv"])
    assert result.exit_code == 0 and "n,4,4" in result.output


def test_table_1_and_the_theme_table_count_the_same_people(small_study):
    with Project.open(small_study) as project:
        project.codebook.add("Workload")
        source = project.source("G1")
        start = source["text"].index("Busy")
        project.codings.apply(source["id"], start, start + 4, "Workload", coder="me")
        themes = project.export_table("themes")
        table = project.export_table("participants")
    assert themes.rows[0][2:4] == ["G 1/3", "1/3"]
    assert table.rows[0][1:] == ["3", "3"]


# -- theme totals -------------------------------------------------------------------------------

HEADER_TRANSCRIPT = ("Participant: G1\nSite: Riverside\n\n"
                     "Interviewer: Tell me about the paperwork.\n\n"
                     "G1: The forms take all our time.\n")


def test_theme_counts_count_a_passage_once_and_only_what_participants_said(tmp_path):
    """One interview; codes: Header (on the header line), Question (on the interviewer's
    words), and theme Work with sub-themes Forms and Time, both on the same answer.
    Expected: Header and Question voiced by no one; Work 1 passage, G 1/1."""
    transcript = tmp_path / "G1.txt"
    transcript.write_text(HEADER_TRANSCRIPT, encoding="utf-8")
    with Project.create(tmp_path / "t.sqlite") as project:
        assert project.import_paths([transcript]).ok
        text = project.source("G1")["text"]
        for name in ("Header", "Question", "Work"):
            project.codebook.add(name)
        project.codebook.add("Forms", "Work")
        project.codebook.add("Time", "Work")
        header = text.index("Site: Riverside")
        question = text.index("Tell me")
        answer = text.index("The forms")
        project.codings.apply(1, header, header + 15, "Header", coder="me")
        project.codings.apply(1, question, question + 20, "Question", coder="me")
        for code in ("Forms", "Time"):
            project.codings.apply(1, answer, answer + 25, code, coder="me")
        themes = project.export_table("themes")
        presence = project.export_table("matrix", ExportOptions(presence=True))
    by_name = {(row[0] or row[1]).split(" ", 1)[1]: row for row in themes.rows}
    assert by_name["Header"][themes.columns.index("Total")] == "0/1"
    assert by_name["Question"][themes.columns.index("Total")] == "0/1"
    assert by_name["Work"][themes.columns.index("Total")] == "1/1"
    assert by_name["Work"][themes.columns.index("Passages")] == 1  # not 2
    assert by_name["Forms"][themes.columns.index("Passages")] == 1
    matrix = {(row[0] or row[1]).split(" ", 1)[1]: row for row in presence.rows}
    g1 = presence.columns.index("G1")
    assert (matrix["Header"][g1], matrix["Question"][g1], matrix["Work"][g1]) == (0, 0, 1)


# -- counts that agree --------------------------------------------------------------------------

def test_coreq_25_counts_what_the_codebook_records(tmp_path):
    transcript = tmp_path / "G1.txt"
    transcript.write_text(HEADER_TRANSCRIPT, encoding="utf-8")
    with Project.create(tmp_path / "t.sqlite") as project:
        assert project.import_paths([transcript]).ok
        project.codebook.add("Defined", definition="A definition.", example="An example.")
        project.codebook.add("Bare")
        answer = project.source("G1")["text"].index("The forms")
        project.codings.apply(1, answer, answer + 9, "Defined", coder="me")
        report = project.export("report", "md")
    line = next(line for line in report.splitlines() if "Description of the coding tree" in line)
    assert "of the 2 codes, 1 have a definition; 0 have rules for when to use them; 1 have an " \
           "example" in line
    assert "each code's definition, when to use it and when not, an example" not in line


def test_the_report_says_what_a_level_2_count_includes(demo):
    with Project.open(demo) as project:
        report = project.saturation(settings=Settings(orders=0, deductive="count"))
    assert report.status_line.startswith("sub-themes (incl. 1 theme without sub-themes): 15")
    assert "(level 2 of the codebook; a theme without sub-themes counts as one)" in \
        report.methods_text()


# -- search words -------------------------------------------------------------------------------

def sentences(path, interviewer: bool = False) -> list[tuple[int, int, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            """SELECT g.source, g.start, substr(s.text, g.start + 1, g."end" - g.start)
               FROM segments g JOIN sources s ON s.id = g.source
               WHERE g.kind = 'sentence' AND (? OR g.is_interviewer = 0)
               ORDER BY s.interview_order, g.start""", [interviewer]).fetchall()
    finally:
        conn.close()


def test_text_matches_words_as_written_and_stem_matches_stems(demo):
    with Project.open(demo) as project:
        exact = project.quotes(text="nurses")
        stemmed = project.quotes(text="nurses", match="stem")
        phrase = project.quotes(text='"the nurses"')
    wanted = [(s, a) for s, a, text in sentences(demo) if re.search(r"\bnurses\b", text, re.I)]
    assert len(wanted) == 59
    assert [(h.source_id, h.start) for h in exact] == wanted
    assert len(stemmed) == 132  # nurse, nurses, nursing …
    assert all(re.search(r"\bthe nurses\b", h.text, re.I) for h in phrase) and phrase
    cli = run("quotes", "-p", str(demo), "--text", "nurses", "--stem", "--format", "json")
    assert len(json.loads(cli.output)) == 132


@pytest.mark.parametrize("typo", ["wrokload", "gorkload", "orkload", "wrkload", "wqrkload"])
def test_fuzzy_corrects_typos_in_the_first_letters(demo, typo):
    with Project.open(demo) as project:
        hits = project.quotes(text=typo, match="fuzzy")
    assert hits and "workload" in hits[0].text


def test_fuzzy_corrects_swapped_first_letters(tmp_path):
    transcript = tmp_path / "G1.txt"
    transcript.write_text("Interviewer: Which patients?\n\n"
                          "G1: Mostly hypertension, some diabetes.\n", encoding="utf-8")
    with Project.create(tmp_path / "t.sqlite") as project:
        assert project.import_paths([transcript]).ok
        hits = project.quotes(text="yhpertension", match="fuzzy")
    assert [h.text for h in hits] == ["Mostly hypertension, some diabetes."]


def test_max_words_never_cuts_inside_a_sentence():
    # Two sentences of 14 and 7 words; not even the first fits in 5.
    text = ("We enter every blood-pressure reading twice, once on paper and once in the "
            "system. Then the nurses check them again.")
    assert cite(text, "G1", None, max_words=5) == (
        '"We enter every blood-pressure reading twice, once on paper and once in the '
        'system. …" (G1)')


def test_the_readme_counts_are_what_the_program_prints(root, demo):
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "the study's codebook (4 themes, 14\nsub-themes)" in readme
    assert "that is 3 inductive sub-themes (15 with `--deductive count`" in readme
    assert "gives 6+2\n(8 interviews) overall and among the GPs either way" in readme
    assert "for the 5 nurses and 4 managers it\ncannot be assessed" in readme
    assert "371 sample codings; and N1's short follow-up interview in Chinese\n" \
           "(`zh/N1_访谈.txt`, 4 codings)" in readme
    with Project.open(demo) as project:
        codes = project.codebook.codes()
        coded = {s["name"]: s["codings"] for s in project.sources()}
        reports = [project.saturation(by="role", settings=Settings(orders=0, deductive=choice))
                   for choice in ("exclude", "count")]
    assert [sum(c["level"] == level for c in codes) for level in (1, 2)] == [4, 14]
    assert coded.pop("N1_访谈.txt") == 4 and sum(coded.values()) == 371 and len(coded) == 20
    assert [r.overall.observed for r in reports] == [3, 15]
    for report in reports:
        assert [(g.key, len(g.analysis.interviews), g.analysis.guest.label)
                for g in report.groups] == [("overall", 20, "6+2"), ("G", 11, "6+2"),
                                            ("N", 5, "cannot be assessed"),
                                            ("M", 4, "cannot be assessed")]
