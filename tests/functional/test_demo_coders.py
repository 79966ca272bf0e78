"""The demo's second coder: four interviews double-coded with a realistic agreement, and
what `workbench agreement` and the analysis report say of it."""

from __future__ import annotations

import json

from workbench.project import Project


def test_the_second_coder_double_coded_four_interviews(two_coder_demo, query):
    counts = dict(query(two_coder_demo, "SELECT coders.name, count(*) FROM codings JOIN coders "
                        "ON coders.id = coder GROUP BY coders.name"))
    assert counts == {"researcher": 375, "colleague": 74}  # 4 of them on N1's follow-up
    assert query(two_coder_demo, "SELECT count(DISTINCT source) FROM codings JOIN coders ON "
                 "coders.id = coder WHERE coders.name = 'colleague'") == [(4,)]
    # one step of the history, as the second coder
    assert query(two_coder_demo, "SELECT actor, summary FROM history WHERE action = "
                 "'codings.import' AND actor = 'colleague'") == [
        ("colleague", "demo: colleague double-coded 4 interviews")]


def test_agreement_is_realistic_on_most_codes(two_coder_demo, cli_on):
    result = cli_on(two_coder_demo)("agreement", "--coders", "researcher", "colleague",
                                    "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["sources"] == ["G1.txt", "N1.txt", "G2_interview.docx", "N2.md"]
    kappas = [f["kappa"] for f in data["figures"] if f["scope"] == "code"]
    assert len(kappas) == 13 and None not in kappas
    within = [k for k in kappas if 0.6 <= k <= 0.85]
    below = [k for k in kappas if k < 0.6]
    assert len(within) >= 8 and 1 <= len(below) <= 5
    overall = next(f for f in data["figures"] if f["scope"] == "overall")
    assert 0.6 <= overall["kappa"] <= 0.85
    assert overall["alpha"] is not None


def test_the_table_prints_per_code_kappa_and_alpha(two_coder_demo, cli_on):
    result = cli_on(two_coder_demo)("agreement", "--coders", "researcher", "colleague")
    assert result.exit_code == 0, result.output
    assert "Per code" in result.output and "kappa" in result.output and "alpha" in result.output
    assert "G1.txt" in result.output and "Overall" in result.output


def test_coreq_24_names_who_coded_what_and_the_agreement(two_coder_demo, tmp_path):
    with Project.open(two_coder_demo) as project:
        report = project.export("report", "md")
    row = next(line for line in report.splitlines() if line.startswith("| 24 |"))
    assert "2 coders: researcher (375 codings in 21 transcripts), colleague (74 codings in 4 " \
           "transcripts)." in row
    assert "Cohen's κ = 0." in row and "Krippendorff's α = 0." in row
    assert "coded 4 interviews independently" in row


def test_the_consensus_coder_is_not_counted_as_a_data_coder(two_coder_demo, tmp_path):
    import shutil

    path = tmp_path / "demo.sqlite"
    shutil.copy(two_coder_demo, path)
    with Project.open(path) as project:
        source = project.source("G1.txt")["id"]
        view = project.consensus_view(source, "researcher", "colleague")
        taken = [item for item in view.disagreements if item.by_b][:2]
        for item in taken:
            project.consensus_settle(source, "researcher", "colleague", item, "b")
        report = project.export("report", "md")
    row = next(line for line in report.splitlines() if line.startswith("| 24 |"))
    assert "2 coders: researcher (375 codings in 21 transcripts), colleague (74" in row
    assert "consensus (" not in row
    assert "researcher and colleague coded 4 interviews independently" in row
    assert "Disagreements were settled as the coder 'consensus' (2 codings in 1 transcript)." \
        in row


def test_the_theme_table_of_one_coder(two_coder_demo, cli_on, tmp_path, dump):
    before = dump(two_coder_demo)
    run = cli_on(two_coder_demo)
    firsts = {}
    for coder in ("colleague", "researcher"):
        target = tmp_path / f"{coder}.csv"
        result = run("export", "themes", "--coder", coder, "--format", "csv", "-o", str(target))
        assert result.exit_code == 0, result.output
        firsts[coder] = target.read_text(encoding="utf-8").splitlines()[1]
    assert ",4/20," in firsts["colleague"]  # the four interviews the colleague coded
    assert ",4/20," not in firsts["researcher"] and "/20," in firsts["researcher"]
    result = run("export", "themes", "--coder", "nobody", "-o", str(tmp_path / "x.md"))
    assert result.exit_code == 1 and "no coder 'nobody'" in result.output
    assert dump(two_coder_demo) == before


def test_saturation_of_one_coder(two_coder_demo, cli_on):
    result = cli_on(two_coder_demo)("saturation", "--coder", "colleague", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["settings"]["coder"] == "colleague"
    assert len(data["uncoded"]) == 16  # the colleague coded 4 of the 20 interviews
