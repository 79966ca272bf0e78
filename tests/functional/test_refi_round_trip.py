"""Our own .qdpx round trip keeps what QDA-XML has no element for (turns, who is the
interviewer, cue times, exemplar flags, formats, left-out flags, role labels), stays valid
against Project.xsd, and exports for NVivo in the units NVivo reads."""

import io
import json
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest

from workbench.project import Project
from workbench.project.exchange import export_qdpx, import_qdpx

EXTRAS = "interview-workbench.json"
# The interviewer is known only because the import was told (--speaker 'Dr Chen=interviewer');
# found again in the text alone, "Dr Chen" would be the single unknown name beside a
# "Respondent", and his questions would become M5's words.
MAPPED = """Dr Chen: What worries you about the merger?

Respondent: Mostly the budget. We lose two posts in the merger.

Dr Chen: Will patients notice the merger?

Respondent: Not at first. Later, yes.
"""


@pytest.fixture
def study(demo_file, tmp_path) -> Path:
    """The demo with a source whose interviewer was named by a speaker map, a source left
    out of saturation and a role label of our own."""
    path = tmp_path / "study.sqlite"
    with sqlite3.connect(demo_file) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
    transcript = tmp_path / "merger talk.txt"
    transcript.write_text(MAPPED, encoding="utf-8")
    with Project.open(path) as project:
        report = project.import_paths([transcript], participant="M5",
                                      speaker_map={"Dr Chen": "interviewer"})
        assert report.ok
        project.set_interview_order(leave_out=["G7.txt"])
    return path


def turns_of(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute("""SELECT s.name, g.kind, g.turn_number, g.start, g."end", g.speaker,
                                    g.participant, g.is_interviewer, g.time_start, g.time_end
                             FROM segments g JOIN sources s ON s.id = g.source
                             ORDER BY s.name, g.start, g.kind""").fetchall()


def sources_of(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute("""SELECT name, participant, format, language, left_out, interview_order
                             FROM sources ORDER BY name""").fetchall()


def copy_through_qdpx(original: Path, tmp_path: Path, name: str = "copy") -> tuple[Path, bytes]:
    with Project.open(original) as project:
        archive = export_qdpx(project)
        title = project.name
    path = tmp_path / f"{name}.qdpx"
    path.write_bytes(archive)
    copy = tmp_path / f"{name}.sqlite"
    with Project.create(copy, name=title) as project:
        report = import_qdpx(project, path)
    assert not report.left_out, report.left_out
    return copy, archive


def test_a_copy_through_qdpx_knows_who_said_what(cli_on, study, tmp_path):
    copy, _ = copy_through_qdpx(study, tmp_path)
    assert turns_of(copy) == turns_of(study)
    assert sources_of(copy) == sources_of(study)
    original, copied = cli_on(study), cli_on(copy)
    for args in (("quotes", "--role", "M"), ("quotes", "--role", "M", "--text", "merger")):
        here, there = ([{k: v for k, v in hit.items() if k not in ("source_id", "coding_ids")}
                        for hit in json.loads(cli(*args, "--format", "json").output)]
                       for cli in (original, copied))
        assert there == here and here
    merger = json.loads(copied("quotes", "--role", "M", "--text", "merger",
                               "--format", "json").output)
    assert [h["text"] for h in merger] == ["We lose two posts in the merger."]
    with sqlite3.connect(copy) as db:
        interviewer = {(s, a, b) for s, a, b in db.execute(
            """SELECT source, start, "end" FROM segments WHERE is_interviewer = 1""")}
    for hit in json.loads(copied("quotes", "--role", "M", "--format", "json").output):
        assert not any(s == hit["source_id"] and a <= hit["start"] < b
                       for s, a, b in interviewer), hit


def test_exemplars_roles_and_cue_times_survive(study, tmp_path):
    with sqlite3.connect(study) as db:
        db.execute("UPDATE roles SET label = 'Clinic manager' WHERE prefix = 'M'")
        exemplars = db.execute("SELECT guid FROM codings WHERE exemplar = 1 ORDER BY guid").fetchall()
        timed = db.execute("SELECT count(*) FROM segments WHERE time_start IS NOT NULL").fetchone()
    assert exemplars and timed[0] > 0
    copy, _ = copy_through_qdpx(study, tmp_path)
    with sqlite3.connect(copy) as db:
        assert db.execute("SELECT guid FROM codings WHERE exemplar = 1 ORDER BY guid").fetchall() \
            == exemplars
        assert db.execute("SELECT count(*) FROM segments WHERE time_start IS NOT NULL"
                          ).fetchone() == timed
        # The new project came with its own roles: their labels stay.
        assert db.execute("SELECT prefix, label FROM roles ORDER BY sort_order").fetchall() == \
            [("G", "General practitioner"), ("N", "Community nurse"), ("M", "Manager")]
    # A project without the role gets it with the label it had.
    path = tmp_path / "copy.qdpx"
    with Project.create(tmp_path / "two roles.sqlite",
                        roles="G=General practitioner,N=Community nurse") as project:
        report = import_qdpx(project, path)
        assert [(r["prefix"], r["label"]) for r in project.roles()][-1] == ("M", "Clinic manager")
        assert sorted(p["id"] for p in project.participants() if p["id"].startswith("M")) == \
            ["M1", "M2", "M3", "M4", "M5"]
    assert report.roles == ["M"]


def test_export_import_export_is_identical_apart_from_timestamps(qde_of, without_times, study, tmp_path):
    copy, first = copy_through_qdpx(study, tmp_path)
    with Project.open(copy) as project:
        second = export_qdpx(project)
    assert without_times(qde_of(second)) == without_times(qde_of(first))
    extras = [zipfile.ZipFile(io.BytesIO(a)).read(EXTRAS) for a in (first, second)]
    assert extras[0] == extras[1]
    assert sorted(zipfile.ZipFile(io.BytesIO(first)).namelist()) == \
        sorted(zipfile.ZipFile(io.BytesIO(second)).namelist())


def test_the_turns_are_used_only_for_the_text_they_were_written_for(study, tmp_path):
    with Project.open(study) as project:
        archive = export_qdpx(project)
    members = zipfile.ZipFile(io.BytesIO(archive))
    extras = json.loads(members.read(EXTRAS))
    merger = next(g for g, s in extras["sources"].items() if s["participant"] == "M5"
                  and any(t[2] == "Dr Chen" for t in s["turns"]))
    extras["sources"][merger]["sha256"] = "0" * 64  # as if another program changed the text
    path = tmp_path / "changed.qdpx"
    with zipfile.ZipFile(path, "w") as out:
        for name in members.namelist():
            out.writestr(name, json.dumps(extras) if name == EXTRAS else members.read(name))
    with Project.create(tmp_path / "c.sqlite") as project:
        report = import_qdpx(project, path)
        turns = project.turns(project.source("merger talk.txt")["id"])
    assert any("'merger talk.txt': the speaker turns kept in interview-workbench.json do not "
               "fit its text" in n for n in report.notes)
    assert [t["is_interviewer"] for t in turns] == [0, 0, 0, 0]  # found again: guessed wrong


def test_a_broken_extras_file_is_noted_and_the_turns_found_again(study, tmp_path):
    with Project.open(study) as project:
        archive = export_qdpx(project)
    members = zipfile.ZipFile(io.BytesIO(archive))
    path = tmp_path / "broken.qdpx"
    with zipfile.ZipFile(path, "w") as out:
        for name in members.namelist():
            out.writestr(name, b"{not json" if name == EXTRAS else members.read(name))
    with Project.create(tmp_path / "b.sqlite") as project:
        report = import_qdpx(project, path)
        assert len(project.sources()) == 22
    assert any(n.startswith("interview-workbench.json could not be used (it is not JSON")
               for n in report.notes)


# -- for NVivo ---------------------------------------------------------------------------------

def utf16_passage(text: str, start: int, end: int) -> str:
    """A passage read the way NVivo counts: UTF-16 code units."""
    data = text.encode("utf-16-le")
    return data[2 * start:2 * end].decode("utf-16-le")


def test_an_export_for_nvivo_counts_utf16_units(qde_of, project_path, tmp_path):
    transcript = tmp_path / "N8.txt"
    transcript.write_text("Interviewer: How was it? 😀\n\nN8: We met at 𠮷野家 🍜 and the "
                          "handover was quick. Everyone agreed.\n", encoding="utf-8")
    with Project.open(project_path) as project:
        assert project.import_paths([transcript]).ok
        project.codebook.add("Handover")
        text = project.source("N8.txt")["text"]
        for passage in ("How was it?", "the handover was quick", "Everyone agreed."):
            start = text.index(passage)
            project.codings.apply(project.source("N8.txt")["id"], start, start + len(passage),
                                  "Handover")
        standard = export_qdpx(project)
        nvivo = project.export("qdpx", "qdpx", options=_nvivo_options())
        codings = sorted(c["text"] for c in project.codings.list())
    for archive, read in ((standard, lambda t, a, b: t[a:b]), (nvivo, utf16_passage)):
        qde = qde_of(archive)  # valid against Project.xsd either way
        files = zipfile.ZipFile(io.BytesIO(archive))
        [guid] = [n[len("sources/"):-4] for n in files.namelist() if n.startswith("sources/")]
        stored = files.read(f"sources/{guid}.txt").decode("utf-8")
        spans = [(int(a), int(b)) for a, b in re.findall(
            rb'startPosition="(\d+)" endPosition="(\d+)"', qde)]
        assert sorted(read(stored, a, b) for a, b in spans) == codings
    assert b'origin="Interview Workbench (positions in UTF-16 code units, for NVivo)"' in \
        qde_of(nvivo)
    path = tmp_path / "nvivo.qdpx"
    path.write_bytes(nvivo)
    with Project.create(tmp_path / "back.sqlite") as back:
        report = import_qdpx(back, path)
        assert sorted(c["text"] for c in back.codings.list()) == codings
    assert report.positions[0].startswith("positions: UTF-16 code units, as 'Interview Workbench")


def _nvivo_options():
    from workbench.project import ExportOptions

    return ExportOptions(qdpx_for="nvivo")


def test_cli_export_for_nvivo(qde_of, cli, project_path, tmp_path):
    target = tmp_path / "study.qdpx"
    result = cli("export", "qdpx", "--for", "nvivo", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert b"for NVivo" in qde_of(target.read_bytes())
    result = cli("export", "themes", "--for", "nvivo", "-o", str(tmp_path / "t.docx"))
    assert result.exit_code == 1 and "--for applies to `export qdpx` only" in result.stderr
