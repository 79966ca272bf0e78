"""An import is one step of the history, and so is every correction of a source; undo takes
them back, redo puts them back, and a source's text is never stored twice."""

from __future__ import annotations

import json
import shutil

import pytest

from workbench.errors import WorkbenchError
from workbench.project import Project

CONTENT = ("sources", "segments", "participants", "codings")


def content(query, path) -> dict[str, list]:
    """The rows that make up the imported study, and what full-text search finds."""
    found = {table: query(path, f"SELECT * FROM {table} ORDER BY 1") for table in CONTENT}
    found["fts"] = query(path, "SELECT rowid FROM segment_fts WHERE segment_fts MATCH 'nurse' "
                               "ORDER BY rowid")
    found["trigram"] = query(path, "SELECT rowid FROM segment_trigram "
                                   "WHERE segment_trigram MATCH '\"糖尿病\"' ORDER BY rowid")
    return found


def first_turns(query, path) -> list[tuple]:
    """(source, speaker, interviewer flag, participant) of the first two turns of each source."""
    return query(path, """SELECT s.name, g.speaker, g.is_interviewer, g.participant
                          FROM segments g JOIN sources s ON s.id = g.source
                          WHERE g.kind = 'turn' AND g.turn_number <= 2
                          ORDER BY s.name, g.turn_number""")


def test_undo_takes_back_a_whole_import_and_redo_puts_it_back(query, samples, project_path, tmp_path):
    folder = tmp_path / "study"
    shutil.copytree(samples, folder)
    with Project.open(project_path) as project:
        assert len(project.import_paths([folder, folder / "zh"]).imported) == 22
        imported = content(query, project_path)
        assert imported["fts"] and imported["trigram"]
        step = project.undo()
        assert step.action == "import" and step.summary == "imported 22 files"
        empty = content(query, project_path)
        assert all(rows == [] for rows in empty.values()), empty
        project.redo()
        assert content(query, project_path) == imported
        project.undo()
        assert all(rows == [] for rows in content(query, project_path).values())


def test_an_import_does_not_store_its_texts_twice(query, samples, project_path):
    """History holds an imported source by id and name; undone, it holds the whole source,
    which is no longer in the tables; superseded, not even that."""
    with Project.open(project_path) as project:
        project.import_paths([samples])
        text_size = query(project_path, "SELECT sum(length(text)) FROM sources")[0][0]

        def history_size() -> int:
            return query(project_path, "SELECT coalesce(sum(length(changes)), 0) "
                                       "FROM history_parts")[0][0]

        assert history_size() < 0.05 * text_size
        project.undo()
        assert text_size < history_size() < 3 * text_size
        project.import_paths([samples / "G1.txt"])  # a new step: the undone import is gone
        assert history_size() < 0.05 * text_size
        assert query(project_path, "SELECT state FROM history ORDER BY id") == [
            ("superseded",), ("applied",)]
        with pytest.raises(WorkbenchError, match="nothing to redo"):
            project.redo()


def test_redo_never_puts_a_coding_on_a_changed_text(query, project_path, tmp_path):
    """Issue #20, point 1: code G9, undo, change G9.txt, import it again, redo."""
    g9 = tmp_path / "G9.txt"
    g9.write_text("Interviewer: Why?\n\nG9: Because the budget is short.\n", encoding="utf-8")
    with Project.open(project_path) as project:
        project.import_paths([g9])
        project.codebook.add("Money")
        source = project.source("G9")
        project.codings.apply(source["id"], 23, 45, "Money")
        project.undo()  # the coding
        g9.write_text("Interviewer: Why not?\n\nG9: No idea at all, honestly.\n", encoding="utf-8")
        assert project.import_paths([g9]).replaced == [str(g9)]
        assert project.source("G9")["id"] != source["id"]  # ids are never reused
        with pytest.raises(WorkbenchError, match="nothing to redo"):
            project.redo()
        assert query(project_path, "SELECT count(*) FROM codings") == [(0,)]


def test_a_coding_is_never_replayed_onto_another_source(dump, project_path, tmp_path):
    """Even with a history that still offers the redo (made before imports were steps),
    the replayed coding is refused when its source is gone."""
    g9 = tmp_path / "G9.txt"
    g9.write_text("Interviewer: Why?\n\nG9: Because the budget is short.\n", encoding="utf-8")
    with Project.open(project_path) as project:
        project.import_paths([g9])
        project.codebook.add("Money")
        project.codings.apply(project.source("G9")["id"], 23, 45, "Money")
        project.undo()
        # As an old version did: the source replaced outside the history.
        from workbench.store import sources as source_store
        from workbench.store.database import write_transaction
        with write_transaction(project.db):
            record = source_store.source_image(project.db, project.source("G9")["id"])
            source_store.delete_source(project.db, record["id"])
            record["id"] = None
            source_store.restore_source(project.db, {**record, "segments": []})
        before = dump(project_path)
        with pytest.raises(WorkbenchError, match="cannot be put back"):
            project.redo()
        assert dump(project_path) == before


def test_sources_set_corrects_speakers_participant_and_date_in_place(query, cli, project_path, tmp_path):
    path = tmp_path / "interview_admin.txt"
    path.write_text("Max Bigman: Why?\n\nadmin-1: Budgets.\n\nMax Bigman: And?\n\n"
                    "admin-1: Staff.\n", encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0
    kinds = lambda: [s["kind"] for s in json.loads(cli("sources", "--format", "json").output)]
    assert kinds() == ["unassigned"]
    before = content(query, project_path)
    result = cli("sources", "set", "interview_admin", "--participant", "M5",
                 "--date", "3 June 2024")
    assert result.exit_code == 0, result.output
    assert query(project_path, "SELECT participant, interview_date FROM sources") == [
        ("M5", "2024-06-03")]
    assert query(project_path, """SELECT speaker, participant, is_interviewer FROM segments
                                  WHERE kind = 'turn' ORDER BY start""") == [
        ("Max Bigman", None, 1), ("admin-1", "M5", 0), ("Max Bigman", None, 1),
        ("admin-1", "M5", 0)]
    assert kinds() == ["interview"]
    # The interviewer was a guess; naming the other one turns it round.
    assert cli("sources", "set", "interview_admin", "--speaker", "Max Bigman=M6",
               "--interviewer", "admin-1").exit_code == 0
    assert query(project_path, """SELECT DISTINCT speaker, participant, is_interviewer
                                  FROM segments ORDER BY speaker""") == [
        ("Max Bigman", "M6", 0), ("admin-1", None, 1)]
    assert cli("undo").exit_code == 0 and cli("undo").exit_code == 0
    assert content(query, project_path) == before


def test_reimport_with_new_speaker_options_remaps_in_place(query, cli, project_path, tmp_path):
    path = tmp_path / "focus.txt"
    path.write_text("Moderator: Start?\n\nMax Bigman: Yes.\n\nAnna Li: Agreed.\n\n"
                    "Max Bigman: Good.\n\nAnna Li: Fine.\n", encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0
    source_id = query(project_path, "SELECT id FROM sources")[0][0]
    again = cli("import", str(path), "--speaker", "Max Bigman=G7", "--speaker", "Anna Li=N2")
    assert "re-mapped" in again.output, again.output
    assert query(project_path, "SELECT id FROM sources") == [(source_id,)]
    assert query(project_path, "SELECT DISTINCT speaker, participant FROM segments "
                               "WHERE is_interviewer = 0 ORDER BY speaker") == [
        ("Anna Li", "N2"), ("Max Bigman", "G7")]
    assert [s["kind"] for s in json.loads(cli("sources", "--format", "json").output)] == [
        "focus group"]
    # Without options, the earlier choice holds: nothing changes.
    assert "Nothing changed" in cli("import", str(path)).output


def test_a_saved_speaker_map_applies_to_later_imports_of_the_folder(query, cli, project_path, tmp_path):
    folder = tmp_path / "zoom"
    folder.mkdir()
    for n, answer in ((1, "Yes."), (2, "No.")):
        (folder / f"G{n}_call.txt").write_text(
            f"Dr. Amy Ho: Did it help?\n\nSpeaker 2: {answer}\n\nDr. Amy Ho: Why?\n\n"
            "Speaker 2: Time.\n", encoding="utf-8")
    first = cli("import", str(folder / "G1_call.txt"), "--interviewer", "Dr. Amy Ho",
                "--save-map")
    assert "saved the speaker map for" in first.output
    assert str(folder.resolve()) in cli("sources", "maps", "--format", "json").output
    second = cli("import", str(folder / "G2_call.txt"))
    assert "used the speaker map saved for" in second.output
    assert first_turns(query, project_path) == [
        ("G1_call.txt", "Dr. Amy Ho", 1, None), ("G1_call.txt", "Speaker 2", 0, "G1"),
        ("G2_call.txt", "Dr. Amy Ho", 1, None), ("G2_call.txt", "Speaker 2", 0, "G2")]
    assert cli("sources", "maps", "--forget", str(folder)).exit_code == 0
    assert str(folder.resolve()) not in cli("sources", "maps", "--format", "json").output


def test_delete_is_refused_while_coded_unless_forced_with_a_backup(dump, query, samples, cli, project_path):
    assert cli("import", str(samples / "G1.txt")).exit_code == 0
    assert cli("codebook", "add", "Workload").exit_code == 0
    assert cli("code", "G1", "10", "40", "Workload").exit_code == 0
    before = dump(project_path)
    refused = cli("sources", "delete", "G1")
    assert refused.exit_code == 1 and "has 1 codings" in refused.stderr
    assert dump(project_path) == before
    forced = cli("sources", "delete", "G1", "--force")
    assert forced.exit_code == 0 and "Backup:" in forced.output
    assert list((project_path.parent / "backups").glob("study-*-auto-source-delete.sqlite"))
    assert query(project_path, "SELECT count(*) FROM sources") == [(0,)]
    assert cli("undo").exit_code == 0
    assert query(project_path, "SELECT count(*), min(name) FROM sources") == [(1, "G1.txt")]
    assert query(project_path, "SELECT count(*) FROM codings") == [(1,)]
    assert query(project_path, "SELECT count(*) FROM segment_fts WHERE segment_fts "
                               "MATCH 'squeezing'") == [(1,)]


@pytest.mark.parametrize("args, message", [
    (["sources", "set", "G1", "--participant", "X9"], "is not a participant ID"),
    (["sources", "set", "G1", "--date", "10/06/2024"], "could be day/month or month/day"),
    (["sources", "set", "G1", "--date", "soon"], "is not a date"),
    (["sources", "set", "G1", "--speaker", "Interviewer"], "should look like 'Max Bigman=G3'"),
    (["sources", "set", "nobody"], "no source named 'nobody'"),
    (["sources", "maps", "--forget", "/nowhere"], "no speaker map is saved"),
])
def test_bad_corrections_change_nothing(dump, samples, cli, project_path, args, message):
    assert cli("import", str(samples / "G1.txt"), str(samples / "G10.txt")).exit_code == 0
    cli("sources", "set", "G10", "--name", "G1.txt")  # a name that is taken: refused too
    before = dump(project_path)
    result = cli(*args)
    assert result.exit_code == 1
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert dump(project_path) == before


def test_the_one_speaker_in_every_file_of_a_folder_is_taken_for_the_interviewer(query, cli, tmp_path,
                                                                                project_path):
    folder = tmp_path / "calls"
    folder.mkdir()
    for pid, name in (("G1", "Kim Lee"), ("G2", "Bo Chan")):
        (folder / f"{pid}.txt").write_text(
            f"Dr. Amy Ho: Tell me about your week.\n\n{name}: Busy.\n\n"
            f"Dr. Amy Ho: Go on.\n\n{name}: Clinics, visits, forms.\n", encoding="utf-8")
    result = cli("import", str(folder))
    assert result.exit_code == 0
    assert "'Dr. Amy Ho' taken for the interviewer (the one speaker in every file of the " \
           "folder)" in result.stderr
    assert first_turns(query, project_path) == [
        ("G1.txt", "Dr. Amy Ho", 1, None), ("G1.txt", "Kim Lee", 0, "G1"),
        ("G2.txt", "Dr. Amy Ho", 1, None), ("G2.txt", "Bo Chan", 0, "G2")]
