"""The command line end to end: init, import, sources, show, info, demo."""

import json

from click.testing import CliRunner

from workbench.cli import main


def test_init_in_current_folder_and_import(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["init", "--roles", "O=Official,E=Executive",
                                  "--coder", "Hui Zhang"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "workbench.sqlite").exists()
    interview = tmp_path / "E2 interview.txt"
    interview.write_text("Interviewer: Who pays?\n\nE2: Nobody, really.\n", encoding="utf-8")
    assert runner.invoke(main, ["import", str(interview)]).exit_code == 0
    rows = json.loads(runner.invoke(main, ["sources", "--format", "json"]).output)
    assert rows[0]["participant"] == "E2" and rows[0]["turns"] == 2
    again = runner.invoke(main, ["init"])
    assert again.exit_code == 1 and "exists already" in again.stderr


def test_sources_json_has_the_documented_keys(samples, cli):
    assert cli("import", str(samples)).exit_code == 0
    rows = json.loads(cli("sources", "--format", "json").output)
    assert len(rows) == 20
    assert {"name", "participant", "language", "words", "turns"} <= set(rows[0])
    g1 = next(r for r in rows if r["name"] == "G1.txt")
    assert g1["participant"] == "G1" and g1["language"] == "en" and g1["words"] > 1000


def test_participants_json_csv_and_summary(samples, cli):
    cli("import", str(samples))
    assert cli("participants", "import", str(samples / "participants.csv")).exit_code == 0
    people = json.loads(cli("participants", "list", "--format", "json").output)
    assert len(people) == 20 and {"id", "role", "age", "sex"} <= set(people[0])
    assert people[0]["id"] == "G1" and people[-1]["id"] == "M4"
    csv_out = cli("participants", "list", "--format", "csv").output.splitlines()
    assert csv_out[0].startswith("id,role,") and len(csv_out) == 21
    summary = cli("participants", "summary", "--format", "md")
    assert summary.exit_code == 0
    assert summary.output.splitlines()[0] == (
        "| characteristic | Total | G (General practitioner) | N (Community nurse) | M (Manager) |")
    assert "| n | 20 | 11 | 5 | 4 |" in summary.output
    table = cli("participants", "summary")
    assert "Participant characteristics" in table.output and "±" in table.output


def test_import_again_says_nothing_changed(samples, cli):
    cli("import", str(samples))
    again = cli("import", str(samples))
    assert again.exit_code == 0
    assert "Nothing changed: every file was imported before." in again.output


def test_show_prints_numbered_turns(samples, cli):
    cli("import", str(samples / "G1.txt"))
    shown = cli("show", "G1")
    assert shown.exit_code == 0
    assert shown.output.startswith("G1.txt · G1 · en")
    assert "   1  Interviewer" in shown.output and "   2  G1" in shown.output
    unknown = cli("show", "G9")
    assert unknown.exit_code == 1 and "no source named 'G9'" in unknown.stderr


def test_speaker_option_maps_a_name(cli, tmp_path):
    path = tmp_path / "focus.txt"
    path.write_text("Moderator: Start?\n\nMax Bigman: Yes.\n\nAnna Li: Agreed.\n\n"
                    "Max Bigman: Good.\n\nAnna Li: Fine.\n", encoding="utf-8")
    result = cli("import", str(path), "--speaker", "Max Bigman=G7", "--speaker", "Anna Li=N2")
    assert result.exit_code == 0, result.output
    info = json.loads(cli("info", "--format", "json").output)[0]
    assert info["participants_by_role"] == {"G": 1, "N": 1, "M": 0}


def test_unmatched_speaker_is_a_warning(cli, tmp_path):
    path = tmp_path / "focus.txt"
    path.write_text("Moderator: Start?\n\nMax Bigman: Yes.\n\nAnna Li: Agreed.\n\n"
                    "Max Bigman: Good.\n\nAnna Li: Fine.\n", encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 0
    assert "speaker 'Anna Li' is not matched to a participant" in result.stderr


def test_demo_builds_once(tmp_path):
    runner = CliRunner()
    first = runner.invoke(main, ["demo", "--path", str(tmp_path), "--no-open"])
    assert first.exit_code == 0, first.output
    assert "21 transcripts" in first.output  # 20 interviews and N1's Chinese follow-up
    assert (tmp_path / "workbench.sqlite").exists()
    second = runner.invoke(main, ["demo", "--path", str(tmp_path)])
    assert "exists" in second.output and "participants  20 (G 11 · N 5 · M 4)" in second.output


def test_version_is_the_package_version():
    from workbench import __version__

    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output
