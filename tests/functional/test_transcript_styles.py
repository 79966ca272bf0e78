"""Every transcript style of tests/fixtures/transcripts/ imports as its expected.yaml says.

Each style folder holds files written the way a program (Zoom, Teams, Otter, Rev, Zoom chat,
Chinese ASR) or a person writes them, and an expected.yaml with, per file, the options of
its import (if any), its participant, kind, date, interviewers and every turn in order:
[speaker label, attributed to (participant ID, "interviewer" or null), first words],
counted by hand. Files without options of their own are imported together, as a folder.
Word-processor files (.docx, .odt) are built from a YAML description beside them
(``<name>.docx.yaml``: paragraphs, or tables as lists of rows), since they are binary.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
import yaml
from odfdo import Document, Header, Paragraph, Row, Table

from workbench.project import Project

STYLES = Path(__file__).resolve().parents[1] / "fixtures" / "transcripts"


def style_folders() -> list[Path]:
    return sorted(p for p in STYLES.iterdir() if (p / "expected.yaml").is_file())


def build_binary(spec: Path, target: Path) -> None:
    """A .docx or .odt from its YAML description: a list of paragraphs (strings; a string
    starting with '# ' is a heading) and tables ({table: [[cell, cell], …]})."""
    blocks = yaml.safe_load(spec.read_text(encoding="utf-8"))
    if target.suffix == ".docx":
        document = docx.Document()
        for block in blocks:
            if isinstance(block, dict):
                rows = block["table"]
                table = document.add_table(rows=len(rows), cols=len(rows[0]))
                for r, row in enumerate(rows):
                    for c, value in enumerate(row):
                        table.cell(r, c).text = value
            elif block.startswith("# "):
                document.add_heading(block[2:], level=1)
            else:
                document.add_paragraph(block)
        document.save(target)
        return
    document = Document("text")
    for block in blocks:
        if isinstance(block, dict):
            table = Table("Transcript")
            for row in block["table"]:
                cells = Row()
                cells.set_values(row)
                table.append_row(cells)
            document.body.append(table)
        elif block.startswith("# "):
            document.body.append(Header(1, block[2:]))
        else:
            document.body.append(Paragraph(block))
    document.save(target)


def prepared(folder: Path, tmp_path: Path) -> Path:
    """The style's files in a folder of their own, binary ones built from their YAML."""
    target = tmp_path / folder.name
    target.mkdir(parents=True)
    for path in folder.iterdir():
        if path.name == "expected.yaml":
            continue
        if path.suffix == ".yaml" and Path(path.stem).suffix in (".docx", ".odt"):
            build_binary(path, target / path.stem)
        else:
            shutil.copy(path, target / path.name)
    return target


def import_style(project: Project, folder: Path, files: dict) -> None:
    together = [name for name, spec in files.items() if not spec.get("options")]
    if together:
        report = project.import_paths([folder / name for name in together])
        assert report.ok, report.failed
    for name, spec in files.items():
        if spec.get("options"):
            options = dict(spec["options"])
            if "speaker" in options:
                options["speaker_map"] = options.pop("speaker")
            report = project.import_paths([folder / name], **options)
            assert report.ok, report.failed


@pytest.mark.parametrize("style", style_folders(), ids=lambda p: p.name)
def test_style_imports_as_expected(style, tmp_path):
    expected = yaml.safe_load((style / "expected.yaml").read_text(encoding="utf-8"))["files"]
    folder = prepared(style, tmp_path)
    with Project.create(tmp_path / "p.sqlite") as project:
        import_style(project, folder, expected)
        listed = {s["name"]: s for s in project.sources()}
        assert sorted(listed) == sorted(expected)
        for name, spec in expected.items():
            source = listed[name]
            assert source["participant"] == spec["participant"], name
            assert source["kind"] == spec["kind"], name
            assert source["interview_date"] == spec.get("date"), name
            row = project.source(source["id"])
            turns = project.turns(source["id"])
            seen = [(t["speaker"], "interviewer" if t["is_interviewer"] else t["participant"],
                     row["text"][t["start"]:t["end"]]) for t in turns]
            assert len(seen) == len(spec["turns"]), (name, [s[:2] for s in seen])
            for (speaker, who, said), (want_speaker, want_who, start) in zip(seen, spec["turns"]):
                assert (speaker, who) == (want_speaker, want_who), (name, said[:40])
                assert said.startswith(start), (name, speaker, said[:60])
            interviewers = sorted({t["speaker"] for t in turns if t["is_interviewer"]})
            assert interviewers == sorted(spec.get("interviewers", [])), name


def test_no_turn_starts_with_a_time_or_a_label(tmp_path):
    """Across every style: turn text never starts with a leftover time or speaker label."""
    for style in style_folders():
        expected = yaml.safe_load((style / "expected.yaml").read_text(encoding="utf-8"))["files"]
        folder = prepared(style, tmp_path / "in")
        with Project.create(tmp_path / f"{style.name}.sqlite") as project:
            import_style(project, folder, expected)
            for source in project.sources():
                text = project.source(source["id"])["text"]
                for turn in project.turns(source["id"]):
                    said = text[turn["start"]:turn["end"]]
                    assert not re.match(r"^\s*[\[(]?\d{1,3}:\d{2}", said), (source["name"], said[:40])
                    if turn["speaker"]:
                        assert not said.startswith(turn["speaker"] + ":"), (source["name"], said[:40])


def test_preview_of_a_mixed_folder_writes_nothing(dump, tmp_path, capsys):
    """`import --preview` on a folder of every style prints the table and changes nothing."""
    from click.testing import CliRunner

    from workbench.cli import main

    mixed = tmp_path / "mixed"
    mixed.mkdir()
    for style in style_folders():
        for path in prepared(style, tmp_path / "parts").iterdir():
            shutil.copy(path, mixed / f"{style.name}-{path.name}")
    project_path = tmp_path / "p.sqlite"
    runner = CliRunner()
    assert runner.invoke(main, ["-p", str(project_path), "init"]).exit_code == 0
    before = dump(project_path)
    result = runner.invoke(main, ["-p", str(project_path), "import", "--preview", str(mixed)])
    assert result.exit_code == 0, result.output
    assert dump(project_path) == before
    out = result.output
    assert "nothing was written" in out
    assert "teams_vtt-team-meeting.vtt  [new]  vtt · voice tags" in out
    assert "otter-N4_otter.txt  [new]  txt · name and time lines" in out
    assert "hand_typed-interview_admin.txt  [new]  txt · Name: labels" in out
    assert "participant  N4 (from the file name) · interview · no date" in out
    assert "interviewer  Max Bigman (guess: asks 3 of the 3 questions)" in out
    assert re.search(r"admin-1 +4 +38 +not attributed +We handle the contracts", out)
    assert re.search(r"Li, Anna \(Guest\) +1 +10 +not attributed +That's our experience", out)
    assert "could be day/month or month/day; import with --date-order dmy or mdy" in out
    assert "participant  N12 (from the file name) · interview · date 2024-06-03" in out
