"""Blind copies and their merge: copy → code in each copy through the CLI → merge both →
`workbench agreement` gives the figures this test counts; merging again changes nothing; bad
inputs fail with a message, exit 1 and the project unchanged."""

from __future__ import annotations

import json
import sqlite3

import pytest

from workbench.cli import main

CODE = "Connotation of integration"
OTHER = "Service operation environment/Staffing and workload"


def sentences_of(query, path, name):
    (source,), = query(path, "SELECT id FROM sources WHERE name = ?", [name])
    return source, query(path, "SELECT start, \"end\" FROM segments WHERE source = ? AND "
                         "kind = 'sentence' ORDER BY start", [source])


def code_sentences(run, name, indexes, sentences, code=CODE):
    for i in indexes:
        start, end = sentences[i]
        result = run("code", name, str(start), str(end), code)
        assert result.exit_code == 0, result.output

ALICE = [0, 1, 2, 3, 5, 8, 13]
BOB = [1, 2, 3, 4, 8, 21]


@pytest.fixture
def merged(demo, tmp_path, cli_on, query):
    run = cli_on(demo)
    a, b = tmp_path / "alice.sqlite", tmp_path / "bob.sqlite"
    (total,), = query(demo, "SELECT count(*) FROM codings")
    for coder, copy in (("alice", a), ("bob", b)):
        result = run("team", "copy", coder, "--new", "-o", str(copy))
        assert result.exit_code == 0, result.output
        assert f"{total} coding(s) by other coders left out" in result.output
    assert query(a, "SELECT count(*) FROM codings") == [(0,)]
    assert query(a, "SELECT count(*) FROM history") == [(0,)]
    assert query(a, "SELECT value FROM settings WHERE key = 'coder'") == [("alice",)]
    assert query(a, "SELECT guid FROM codes ORDER BY guid") == query(
        demo, "SELECT guid FROM codes ORDER BY guid")
    _, sentences = sentences_of(query, demo, "G1.txt")
    code_sentences(cli_on(a), "G1.txt", ALICE, sentences)
    code_sentences(cli_on(b), "G1.txt", BOB, sentences)
    code_sentences(cli_on(a), "G1.txt", [30], sentences, OTHER)  # a code only alice used
    result = run("team", "merge", str(a), str(b), "--yes")
    assert result.exit_code == 0, result.output
    assert "8 coding(s) by alice (from alice.sqlite)" in result.output
    assert "6 coding(s) by bob (from bob.sqlite)" in result.output
    return demo, a, b, sentences


def test_merge_then_agreement_gives_the_counted_figures(merged, cli_on, query):
    demo, a, b, sentences = merged
    counts = dict(query(demo, "SELECT coders.name, count(*) FROM codings JOIN coders ON "
                        "coders.id = coder GROUP BY coders.name"))
    assert (counts["alice"], counts["bob"], counts["researcher"]) == (8, 6, 375)
    result = cli_on(demo)("agreement", "--coders", "alice", "bob", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    n = len(sentences)
    both = len(set(ALICE) & set(BOB))
    only_a, only_b = len(set(ALICE) - set(BOB)), len(set(BOB) - set(ALICE))
    neither = n - both - only_a - only_b
    pa, pb = (both + only_a) / n, (both + only_b) / n
    chance = pa * pb + (1 - pa) * (1 - pb)
    expected = ((both + neither) / n - chance) / (1 - chance)
    row = next(f for f in data["figures"] if f["scope"] == "code" and f["code"] == CODE)
    assert row["units"] == n
    assert row["kappa"] == pytest.approx(expected)
    assert row["percent"] == pytest.approx(100 * (both + neither) / n)
    other = next(f for f in data["figures"] if f["scope"] == "code" and f["code"] == OTHER)
    assert other["kappa"] == pytest.approx(0.0)  # only alice used it
    assert data["sources"] == ["G1.txt"]


def test_merging_again_changes_nothing(merged, cli_on, dump):
    demo, a, b, _ = merged
    before = dump(demo)
    result = cli_on(demo)("team", "merge", str(a), str(b), "--yes")
    assert result.exit_code == 0, result.output
    assert "Nothing to merge" in result.output
    assert dump(demo) == before


def test_the_merge_is_one_undo_step(merged, cli_on, query):
    demo, *_ = merged
    result = cli_on(demo)("undo")
    assert result.output.startswith("Undone: merged alice.sqlite, bob.sqlite")
    assert query(demo, "SELECT count(*) FROM codings JOIN coders ON coders.id = coder "
                 "WHERE coders.name IN ('alice', 'bob')") == [(0,)]


def test_codebook_changes_in_a_copy_are_planned_and_applied(demo, tmp_path, cli_on, query):
    run = cli_on(demo)
    copy = tmp_path / "r.sqlite"
    assert run("team", "copy", "researcher", "-o", str(copy)).exit_code == 0
    assert query(copy, "SELECT count(*) FROM codings") == query(
        demo, "SELECT count(*) FROM codings JOIN coders ON coders.id = coder "
        "WHERE coders.name = 'researcher'")
    for argv in (["codebook", "rename", "Staffing and workload", "Workload"],
                 ["codebook", "add", "Telehealth", "--parent", "Service operation models"],
                 ["codebook", "edit", CODE, "--definition", "What integration means."]):
        assert cli_on(copy)(*argv).exit_code == 0
    plan = run.runner.invoke(main, ["team", "merge", str(copy), "-p", str(demo)], input="n\n")
    assert plan.exit_code == 0
    assert "Nothing merged." in plan.output
    for words in ("name 'Staffing and workload' → 'Workload'", "new code 'Telehealth' under "
                  "'Service operation models'", "definition"):
        assert words in plan.output
    assert query(demo, "SELECT count(*) FROM codes WHERE name = 'Telehealth'") == [(0,)]
    assert run("team", "merge", str(copy), "--yes").exit_code == 0
    assert query(demo, "SELECT count(*) FROM codes WHERE name IN ('Telehealth', 'Workload')") == [(2,)]
    assert query(demo, "SELECT guid FROM codes WHERE name = 'Telehealth'") == query(
        copy, "SELECT guid FROM codes WHERE name = 'Telehealth'")


def fails_unchanged(run, dump, demo, argv, message):
    before = dump(demo)
    result = run(*argv)
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert dump(demo) == before


def test_a_merge_conflict_is_named_and_nothing_merged(demo, tmp_path, cli_on, dump):
    run = cli_on(demo)
    copy = tmp_path / "c.sqlite"
    assert run("team", "copy", "researcher", "-o", str(copy)).exit_code == 0
    assert cli_on(copy)("codebook", "rename", "Staffing and workload", "Workload").exit_code == 0
    assert cli_on(copy)("code", "G2", "0", "40", CODE).exit_code == 0
    assert run("codebook", "rename", "Staffing and workload", "Staff").exit_code == 0
    fails_unchanged(run, dump, demo, ["team", "merge", str(copy), "--yes"],
                    "'Staff': the name was changed both here ('Staff') and in c.sqlite "
                    "('Workload')")


def test_a_copy_of_another_study_is_refused(demo, project_path, tmp_path, cli_on, dump):
    other = tmp_path / "other.sqlite"
    assert cli_on(project_path)("team", "copy", "someone", "--new", "-o", str(other)).exit_code == 0
    fails_unchanged(cli_on(demo), dump, demo, ["team", "merge", str(other), "--yes"],
                    "is a copy of another study")


def test_a_project_that_is_no_copy_is_refused(demo, project_path, cli_on, dump):
    fails_unchanged(cli_on(demo), dump, demo, ["team", "merge", str(project_path), "--yes"],
                    "is not a blind copy")


def test_a_copy_whose_sources_differ_is_refused_naming_them(demo, tmp_path, cli_on, dump):
    copy = tmp_path / "c.sqlite"
    assert cli_on(demo)("team", "copy", "researcher", "-o", str(copy)).exit_code == 0
    conn = sqlite3.connect(copy)
    conn.execute("UPDATE sources SET text = text || ' ' WHERE name IN ('G1.txt', 'N1.txt')")
    conn.commit()
    conn.close()
    fails_unchanged(cli_on(demo), dump, demo, ["team", "merge", str(copy), "--yes"],
                    "sources that differ from this project's (text not found here): G1.txt, N1.txt")


def test_an_unknown_coder_gets_no_copy(demo, tmp_path, cli_on, dump):
    target = tmp_path / "x.sqlite"
    fails_unchanged(cli_on(demo), dump, demo, ["team", "copy", "nobody", "-o", str(target)],
                    "no coder 'nobody' in this project (coders: researcher)")
    assert not target.exists()


def test_one_coder_only_is_refused(demo, cli_on, dump):
    fails_unchanged(cli_on(demo), dump, demo, ["agreement", "--coders", "researcher"],
                    "agreement compares two or more coders")


def test_a_copy_is_not_written_over(demo, tmp_path, cli_on, dump):
    target = tmp_path / "x.sqlite"
    target.write_text("keep me")
    fails_unchanged(cli_on(demo), dump, demo, ["team", "copy", "researcher", "-o", str(target)],
                    "exists already")
    assert target.read_text() == "keep me"


def test_the_same_new_code_in_two_copies_is_a_conflict(demo, tmp_path, cli_on, dump):
    run = cli_on(demo)
    copies = [tmp_path / "x.sqlite", tmp_path / "y.sqlite"]
    for copy in copies:
        assert run("team", "copy", "researcher", "-o", str(copy)).exit_code == 0
        assert cli_on(copy)("codebook", "add", "Telehealth").exit_code == 0
    fails_unchanged(run, dump, demo, ["team", "merge", *map(str, copies), "--yes"],
                    "'Telehealth' is new in y.sqlite, but a code of that name is there already")


def test_what_a_merge_cannot_bring_over_is_listed(demo, tmp_path, cli_on, query):
    copy = tmp_path / "r.sqlite"
    assert cli_on(demo)("team", "copy", "researcher", "-o", str(copy)).exit_code == 0
    in_copy = cli_on(copy)
    assert in_copy("memo", "project", "Coded G1 to G4 twice; G3 was hard.").exit_code == 0
    assert in_copy("codebook", "delete", "Dispersed work areas", "--force",
                   "--yes").exit_code == 0
    result = cli_on(demo)("team", "merge", str(copy), "--yes")
    assert result.exit_code == 0, result.output
    assert ("Not merged: 1 code(s) deleted in r.sqlite are kept here (delete them with "
            "`workbench codebook delete` if the team agrees): Dispersed work areas"
            in result.output)
    assert "memo" not in "".join(line for line in result.output.splitlines()
                                 if line.startswith("Not merged"))
    assert query(demo, "SELECT count(*) FROM codes WHERE name = 'Dispersed work areas'") == [(1,)]


def test_memos_written_in_a_copy_are_merged_once_and_undone(demo, tmp_path, cli_on, query, dump):
    def content(path):  # the rows, without the history that grows with undo too
        return [line for line in dump(path) if not line.startswith(
            ('INSERT INTO "history', 'INSERT INTO "sqlite_sequence"'))]

    copy = tmp_path / "r.sqlite"
    assert cli_on(demo)("team", "copy", "researcher", "-o", str(copy)).exit_code == 0
    in_copy, here = cli_on(copy), cli_on(demo)
    coded = query(demo, "SELECT min(id) FROM codings WHERE memo IS NULL")[0][0]
    other = query(demo, "SELECT min(id) FROM codings WHERE memo IS NOT NULL")[0][0]
    for args in (("project", "Coded G1 to G4 twice; G3 was hard."),
                 ("source", "G3", "Long pauses before each answer."),
                 ("participant", "N2", "Asked to see the quotes first."),
                 ("code", "Staffing and workload", "Split rosters from overtime?"),
                 ("coding", str(coded), "Irony, not complaint.")):
        assert in_copy("memo", *args).exit_code == 0
    assert in_copy("memos", "edit", f"C{other}", "Rewritten in the copy.").exit_code == 0
    assert here("memos", "edit", f"C{other}", "Rewritten here.").exit_code == 0
    ours = content(demo)
    result = here("team", "merge", str(copy), "--yes")
    assert result.exit_code == 0, result.output
    assert "5 memo(s) (from r.sqlite)" in result.output
    assert ("Not merged: 1 memo(s) whose text differs in r.sqlite keep this project's text"
            in result.output)
    rows = query(demo, "SELECT target_kind, m.target, text, c.name FROM memos m "
                       "LEFT JOIN coders c ON c.id = m.author ORDER BY m.id")
    g3 = query(demo, "SELECT id FROM sources WHERE name LIKE 'Interview G3%'")[0][0]
    staffing = query(demo, "SELECT id FROM codes WHERE name = 'Staffing and workload'")[0][0]
    assert rows == [("project", None, "Coded G1 to G4 twice; G3 was hard.", "researcher"),
                    ("source", str(g3), "Long pauses before each answer.", "researcher"),
                    ("participant", "N2", "Asked to see the quotes first.", "researcher"),
                    ("code", str(staffing), "Split rosters from overtime?", "researcher"),
                    ("coding", str(coded), "Irony, not complaint.", "researcher")]
    assert query(demo, "SELECT memo FROM codings WHERE id = ?", [other]) == [("Rewritten here.",)]
    merged = dump(demo)
    assert here("team", "merge", str(copy), "--yes").exit_code == 0
    assert dump(demo) == merged  # a second merge changes nothing
    assert here("undo").exit_code == 0  # the merge was one step
    assert content(demo) == ours
