"""The coding commands end to end on a small project, and the codebook review."""

import json
from pathlib import Path

from workbench.analysis.codebook_review import review_codebook

FAMILY = Path(__file__).resolve().parents[2] / "codebooks" / "family-doctor-integration.yaml"
STAFFING = "Service operation environment/Staffing and workload"


def small_project(cli, tmp_path):
    interview = tmp_path / "N2.txt"
    interview.write_text(
        "Interviewer: How is the workload?\n\n"
        "N2: We are short of nurses. The WeChat group takes my evenings.\n\n"
        "Interviewer: And the systems?\n\n"
        "N2: Two systems, double entry. WeChat again for reminders.\n", encoding="utf-8")
    assert cli("import", str(interview)).exit_code == 0
    assert cli("codebook", "import", str(FAMILY)).exit_code == 0
    return interview


def test_code_memo_exemplar_undo_redo(query, cli, project_path, tmp_path):
    small_project(cli, tmp_path)
    assert cli("coder", "Dr Chen").output.strip() == "Default coder: Dr Chen"
    text = query(project_path, "SELECT text FROM sources")[0][0]
    start = text.index("We are short")
    end = text.index("nurses.") + len("nurses.")
    coded = cli("code", "N2", str(start), str(end), "Staffing and workload", "--exemplar",
                "--memo", "Shortage named first.")
    assert coded.exit_code == 0, coded.output
    assert query(project_path, """SELECT k.start, k."end", c.name, k.exemplar, k.memo, cd.name
                                 FROM codings k JOIN codes c ON c.id = k.code
                                 JOIN coders cd ON cd.id = k.coder""") == [
        (start, end, "Staffing and workload", 1, "Shortage named first.", "Dr Chen")]
    again = cli("code", "N2", str(start), str(end), STAFFING)
    assert "Already coded" in again.output
    assert query(project_path, "SELECT count(*) FROM codings") == [(1,)]

    assert cli("memo", "participant", "N2", "Head nurse;", "very candid.").exit_code == 0
    assert cli("memo", "project", "Second round of coding.").exit_code == 0
    assert query(project_path, "SELECT target_kind, target, text FROM memos ORDER BY id") == [
        ("participant", "N2", "Head nurse; very candid."), ("project", None, "Second round of coding.")]

    assert cli("undo").output.startswith("Undone: memo on project")
    assert cli("undo").exit_code == 0
    assert cli("undo").output.startswith("Undone: coded N2.txt")
    assert query(project_path, "SELECT count(*) FROM codings") == [(0,)]
    assert cli("redo").output.startswith("Redone: coded N2.txt")
    assert query(project_path, "SELECT count(*) FROM codings") == [(1,)]
    history = json.loads(cli("history", "--format", "json").output)
    assert [h["action"] for h in history] == ["import", "codebook.import", "setting.set",
                                              "coding.apply", "memo.add", "memo.add"]
    assert [h["state"] for h in history] == ["applied", "applied", "applied", "applied", "undone",
                                              "undone"]
    removed = cli("uncode", "N2", str(start), str(end), STAFFING, "--coder", "Dr Chen")
    assert removed.exit_code == 0 and query(project_path, "SELECT count(*) FROM codings") == [(0,)]


def test_autocode_previews_then_codes_as_one_step(query, cli, project_path, tmp_path):
    small_project(cli, tmp_path)
    modalities = "Service operation models/Diversified service modalities"
    preview = cli("autocode", "wechat", modalities, "--preview")
    assert "2 sentences match" in preview.output
    assert query(project_path, "SELECT count(*) FROM codings") == [(0,)]
    declined = cli.runner.invoke(__import__("workbench.cli").cli.main,
                                 ["autocode", "wechat", modalities, "-p", str(project_path)],
                                 input="n\n")
    assert declined.exit_code == 1 and query(project_path, "SELECT count(*) FROM codings") == [(0,)]
    done = cli("autocode", "wechat", modalities, "--yes")
    assert "Added 2 codings" in done.output
    texts = query(project_path, """SELECT substr(s.text, k.start + 1, k."end" - k.start)
                                  FROM codings k JOIN sources s ON s.id = k.source ORDER BY k.start""")
    assert texts == [("The WeChat group takes my evenings.",), ("WeChat again for reminders.",)]
    assert cli("undo").exit_code == 0
    assert query(project_path, "SELECT count(*) FROM codings") == [(0,)]
    bad = cli("autocode", "([", modalities, "--regex", "--yes")
    assert bad.exit_code == 1 and "not a valid regular expression" in bad.stderr


def test_codebook_import_merges_by_path_after_a_preview(query, cli, project_path, tmp_path):
    small_project(cli, tmp_path)
    changed = tmp_path / "changed.yaml"
    changed.write_text(
        "codes:\n  - name: Service operation environment\n    children:\n"
        "      - name: Staffing and workload\n        short: Too few hands.\n"
        "      - name: Burnout\n        short: Exhaustion.\n", encoding="utf-8")
    preview = cli("codebook", "import", str(changed), "--preview")
    assert "add     Service operation environment/Burnout" in preview.output
    assert "update  Service operation environment/Staffing and workload" in preview.output
    assert "short_definition:" in preview.output
    assert query(project_path, "SELECT count(*) FROM codes") == [(18,)]
    applied = cli("codebook", "import", str(changed), "--yes")
    assert applied.exit_code == 0
    assert query(project_path, "SELECT count(*) FROM codes") == [(19,)]
    assert query(project_path, "SELECT short_definition FROM codes WHERE name = ?",
                ["Staffing and workload"]) == [("Too few hands.",)]


def test_review_finds_each_kind_of_problem():
    codes = [
        {"id": 1, "parent": None, "path": "Staffing level", "name": "Staffing level", "codable": 1,
         "definition": "People.", "short_definition": None},
        {"id": 2, "parent": None, "path": "Staffing levels", "name": "Staffing levels",
         "codable": 1, "definition": None, "short_definition": None},
        {"id": 3, "parent": None, "path": "Funding", "name": "Funding", "codable": 1,
         "definition": "Money.", "short_definition": None},
        {"id": 4, "parent": None, "path": "Workforce", "name": "Workforce", "codable": 1,
         "definition": "Staff.", "short_definition": None},
    ]
    codings = [
        {"code": 1, "source": 1, "start": 0, "end": 100, "participant": "G1"},
        {"code": 1, "source": 2, "start": 0, "end": 50, "participant": "N1"},
        {"code": 4, "source": 1, "start": 10, "end": 100, "participant": "G1"},
        {"code": 2, "source": 3, "start": 0, "end": 10, "participant": "M1"},
    ]
    review = review_codebook(codes, codings, [], None)
    assert review.without_definition == ["Staffing levels"]
    assert review.unused == ["Funding"]
    assert [r["code"] for r in review.single_participant] == ["Staffing levels", "Workforce"]
    assert [(r["a"], r["b"]) for r in review.near_duplicates] == [
        ("Staffing level", "Staffing levels")]
    assert review.overlapping == [{"a": "Staffing level", "b": "Workforce", "share": 1.0}]


def test_review_and_export_on_the_cli(cli, project_path, tmp_path):
    small_project(cli, tmp_path)
    review = cli("codebook", "review", "--since", "2000-01-01")
    assert review.exit_code == 0
    assert "Unused codes (no codings on them or below them): 18" in review.output
    assert "imported family-doctor-integration.yaml: 18 codes added" in review.output
    out = tmp_path / "book.docx"
    assert cli("codebook", "export", "--format", "docx", "-o", str(out)).exit_code == 0
    clash = cli("codebook", "export", "--format", "docx", "-o", str(out))
    assert clash.exit_code == 1 and "exists already" in clash.stderr
