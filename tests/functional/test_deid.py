"""De-identification end to end: a project with identifiers in known places (inside a coded
passage, across a coding's boundary, in a speaker label, in Chinese) is scanned, reviewed
and applied to a new file; exports are checked."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import docx
import openpyxl
import pytest

from workbench.errors import WorkbenchError
from workbench.project import Project

ENGLISH = """Participant: G1

Interviewer: Tell me about your team.

G1: I share the diabetes clinic with Dr Wang every Tuesday. The nurses at Maple Grove Clinic run the foot checks. Call the desk on 020 7946 0958 or write to li.na@example.org if you need us.

Sarah Okafor: I am the practice manager here, and I keep the rota.

G1: She keeps it well.

Sarah Okafor: Dr Wang would say the same about me.
"""
CHINESE = """受访者：G2

访谈者：您好，请介绍一下您的团队。

G2：我和王医生一起在渝中区工作，有事打电话13812345678找我们。
"""
IDENTIFIERS = ["Dr Wang", "Maple Grove Clinic", "020 7946 0958", "li.na@example.org",
               "Sarah Okafor", "王医生", "渝中区", "13812345678"]
WORD_LIST = "term,replacement,kind\nMaple Grove Clinic,[Clinic],institution\n"


def _span(text: str, phrase: str, cut: int = 0) -> tuple[int, int]:
    start = text.index(phrase)
    return start + cut, start + len(phrase)


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    """A project with the identifiers of IDENTIFIERS, coded across and around them."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "G1.txt").write_text(ENGLISH, encoding="utf-8")
    (folder / "G2_访谈.txt").write_text(CHINESE, encoding="utf-8")
    path = tmp_path / "planted.sqlite"
    with Project.create(path) as project:
        project.set_default_coder("researcher")
        assert project.import_paths([folder]).ok
        project.set_participant("G1", {"institution": "Maple Grove Clinic", "age": 44})
        project.codebook.add("Teamwork")
        project.codebook.add("Contact")
        english = project.source("G1.txt")
        chinese = project.source("G2_访谈.txt")
        text = english["text"]
        inside = _span(text, "I share the diabetes clinic with Dr Wang every Tuesday.")
        # starts in the middle of "Maple Grove Clinic": across the coding's boundary
        across = _span(text, "Maple Grove Clinic run the foot checks.", cut=6)
        label = _span(text, "Sarah Okafor: I am the practice manager here")
        contact = _span(text, "Call the desk on 020 7946 0958 or write to li.na@example.org")
        zh = _span(chinese["text"], "我和王医生一起在渝中区工作")
        for (start, end), code, source in ((inside, "Teamwork", english), (across, "Teamwork",
                                           english), (label, "Teamwork", english),
                                          (contact, "Contact", english),
                                          (zh, "Teamwork", chinese)):
            project.codings.apply(source["id"], start, end, code)
        first = project.codings.list()[0]
        project.codings.set_memo(first["id"], "Dr Wang again; ask Sarah Okafor")
        project.codings.add_memo("source", str(english["id"]), "Sarah Okafor runs Maple Grove Clinic")
    return path


def _review(cli_on, path: Path, tmp_path: Path) -> None:
    run = cli_on(path)
    result = run("deid", "terms", "add", "Dr Wang", "--as", "[GP colleague]", "--kind", "person")
    assert result.exit_code == 0, result.output
    (tmp_path / "words.csv").write_text(WORD_LIST, encoding="utf-8")
    result = run("deid", "terms", "import", str(tmp_path / "words.csv"))
    assert result.exit_code == 0, result.output
    for term in ("王医生", "渝中区"):
        result = run("deid", "accept", term)
        assert result.exit_code == 0, result.output


def _codings(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            'SELECT c.id, c.source, c.start, c."end", substr(s.text, c.start + 1, '
            'c."end" - c.start) FROM codings c JOIN sources s ON s.id = c.source '
            "ORDER BY c.id").fetchall()
    finally:
        conn.close()


def test_scan_lists_every_planted_identifier(planted, cli_on, tmp_path):
    _review(cli_on, planted, tmp_path)
    result = cli_on(planted)("deid", "scan", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {row["term"]: row for row in json.loads(result.output)}
    for term in IDENTIFIERS:
        assert term in rows, term
        assert rows[term]["status"] == "accepted", rows[term]
    assert rows["Sarah Okafor"]["found_by"] == "speaker"
    assert rows["Dr Wang"]["replacement"] == "[GP colleague]"
    assert rows["Dr Wang"]["count"] == 2
    assert rows["020 7946 0958"]["kind"] == "phone"
    assert rows["13812345678"]["kind"] == "phone"
    assert rows["li.na@example.org"]["kind"] == "email"
    assert rows["Maple Grove Clinic"]["found_by"] == "word list"
    assert "⟦王医生⟧" in rows["王医生"]["contexts"][0]
    assert "G1" not in rows and "Interviewer" not in rows  # IDs and speaker words are not names


def test_apply_moves_every_coding_with_its_words(planted, cli_on, tmp_path, dump, query):
    _review(cli_on, planted, tmp_path)
    before = dump(planted)
    target = tmp_path / "pseudonymised.sqlite"
    result = cli_on(planted)("deid", "apply", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert dump(planted) == before  # the original is never changed

    with Project.open(planted) as project:
        replacements = {r.term: r.replacement for r in project.deid_scan().rows
                        if r.status == "accepted"}
    # no identifier is left in any table of the copy
    conn = sqlite3.connect(target)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                         "AND name NOT LIKE 'segment_%'")]
    for table in tables:
        for row in conn.execute(f'SELECT * FROM "{table}"'):
            for value in row:
                if isinstance(value, str):
                    for term in IDENTIFIERS:
                        assert term not in value, (table, term, value[:200])
    conn.close()
    # nor anywhere in the file: not in freed pages, not in the search indexes
    content = target.read_bytes()
    for term in IDENTIFIERS:
        for form in {term, term.casefold()}:
            assert form.encode("utf-8") not in content, term
    assert not Path(f"{target}-wal").exists()
    # the search index was rebuilt from the new text
    assert query(target, "SELECT count(*) FROM segment_fts WHERE segment_fts MATCH 'Okafor'") \
        == [(0,)]
    assert query(target, "SELECT count(*) FROM segment_fts WHERE segment_fts MATCH "
                         "'\"GP colleague\"'")[0][0] >= 1
    assert query(target, "SELECT count(*) FROM segment_trigram WHERE segment_trigram MATCH "
                         "'一起在'") == [(1,)]
    for word in ("rota", "foot", "Tuesday"):  # sentences with and without a replacement
        sql = f"SELECT rowid FROM segment_fts WHERE segment_fts MATCH '{word}' ORDER BY rowid"
        assert query(target, sql) == query(planted, sql) != []

    # counts of codings, turns and sentences unchanged
    for sql in ("SELECT count(*) FROM codings", "SELECT kind, count(*) FROM segments GROUP BY kind",
                "SELECT count(*) FROM memos"):
        assert query(target, sql) == query(planted, sql)
    # every coding's new text is its old text with the same replacements (a coding that
    # began inside a name now covers the whole pseudonym)
    old_texts = dict(query(planted, "SELECT id, text FROM sources"))
    ordered = sorted(replacements, key=len, reverse=True)
    for (cid, source, start, end, old), (nid, _, _, _, new) in zip(_codings(planted),
                                                                   _codings(target)):
        assert cid == nid
        text = old_texts[source]
        for term in ordered:  # widen across a name the coding cuts through
            at = text.find(term, max(0, start - len(term)), end + len(term))
            while at != -1 and at < end:
                if at < start < at + len(term):
                    start = at
                if at < end < at + len(term):
                    end = at + len(term)
                at = text.find(term, at + 1, end + len(term))
        expected = text[start:end]
        for term in ordered:
            expected = expected.replace(term, replacements[term])
        assert new == expected
        assert not any(term in new for term in IDENTIFIERS)
    across = [new for *_, new in _codings(target) if "run the foot checks" in new]
    assert across == ["[Clinic] run the foot checks."]
    # the speaker label and the memos carry the pseudonym
    speakers = {r[0] for r in query(target, "SELECT DISTINCT speaker FROM segments")}
    assert replacements["Sarah Okafor"] in speakers and "Sarah Okafor" not in speakers
    assert query(target, "SELECT memo FROM codings WHERE memo IS NOT NULL") == [
        (f"[GP colleague] again; ask {replacements['Sarah Okafor']}",)]
    attributes = json.loads(query(target, "SELECT attributes FROM participants WHERE id = 'G1'")[0][0])
    assert attributes == {"age": 44, "institution": "[Clinic]"}
    # the copy is a project the workbench opens, without the history or the word list
    with Project.open(target) as copy:
        assert copy.history() == [] and copy.deid_terms() == []
        assert len(copy.quotes()) == 5


def test_review_comments_are_deidentified_in_the_copy(planted, cli_on, tmp_path, query):
    _review(cli_on, planted, tmp_path)
    cli = cli_on(planted)
    code = query(planted, "SELECT name FROM codes ORDER BY id LIMIT 1")[0][0]
    result = cli("codebook", "comment", code, "Ask Dr Wang whether this fits.",
                 "--author", "Prof Li")
    assert result.exit_code == 0, result.output
    target = tmp_path / "pseudonymised.sqlite"
    assert cli("deid", "apply", "-o", str(target)).exit_code == 0
    assert query(target, "SELECT text, author FROM code_comments") == [
        ("Ask [GP colleague] whether this fits.", "Prof Li")]


def test_deid_check_finds_identifiers_in_exports_and_none_after_deidentify(
        planted, cli_on, tmp_path):
    _review(cli_on, planted, tmp_path)
    run = cli_on(planted)
    plain_docx, plain_xlsx = tmp_path / "themes.docx", tmp_path / "themes.xlsx"
    for target in (plain_docx, plain_xlsx):
        assert run("export", "themes", "-o", str(target)).exit_code == 0
    # plant an identifier in each export, where the export put none
    document = docx.Document(plain_docx)
    document.add_paragraph("Thanks to Sarah Okafor for the rota.")
    document.save(plain_docx)
    book = openpyxl.load_workbook(plain_xlsx)
    book.active["H2"] = "call 13812345678"
    book.save(plain_xlsx)

    result = run("deid", "check", str(plain_docx))
    assert result.exit_code == 1
    assert "Sarah Okafor" in result.output and "paragraph" in result.output
    result = run("deid", "check", str(plain_xlsx), "--format", "json")
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    assert {"location": f"{book.active.title}!H2", "found": "13812345678"}.items() <= \
        next(f for f in found if f["found"] == "13812345678").items()

    outputs = {"themes": tmp_path / "clean.docx", "qdpx": tmp_path / "clean.qdpx",
               "report": tmp_path / "report.md"}  # the report's own date is no identifier
    for what, target in outputs.items():
        result = run("export", what, "-o", str(target), "--deidentify")
        assert result.exit_code == 0, result.output
        assert "nothing known is left" in result.output
    clean_xlsx = tmp_path / "clean.xlsx"
    assert run("export", "themes", "-o", str(clean_xlsx), "--deidentify").exit_code == 0
    # (the report says the day it was made, which `deid check` alone cannot tell from a date
    # in the interviews: it lists it; the export's own check knows it)
    assert "1 identifiers" in run("deid", "check", str(outputs.pop("report"))).output
    for target in (*outputs.values(), clean_xlsx):
        result = run("deid", "check", str(target))
        assert result.exit_code == 0, result.output
        assert "Nothing known is left" in result.output
    text = "\n".join(p.text for p in docx.Document(outputs["themes"]).paragraphs) + "\n".join(
        c.text for t in docx.Document(outputs["themes"]).tables for r in t.rows for c in r.cells)
    assert "[GP colleague]" in text and "Dr Wang" not in text

    result = run("quotes", "--deidentify", "--format", "json")
    assert result.exit_code == 0, result.output
    quoted = result.output
    assert "[GP colleague]" in quoted and not any(t in quoted for t in IDENTIFIERS)


def test_a_deidentified_export_that_leaks_is_refused_and_removed(planted, cli_on, tmp_path):
    """A code definition quoting a name the researcher rejected is not replaced, and the
    check of the written file finds the phone number left next to it."""
    run = cli_on(planted)
    assert run("deid", "reject", "020 7946 0958").exit_code == 0
    target = tmp_path / "leaky.md"
    result = run("export", "segments", "-o", str(target), "--deidentify")
    assert result.exit_code == 0, result.output  # a rejected term is kept on purpose
    assert "020 7946 0958" in target.read_text(encoding="utf-8")
    with Project.open(planted) as project:
        project.codebook.edit("Contact", definition="Reach us on 0161 496 0000 today")
    target = tmp_path / "leaky2.md"
    result = run("export", "segments", "-o", str(target), "--deidentify")
    assert result.exit_code == 0  # segments show no definitions
    result = run("export", "themes", "-o", str(tmp_path / "leaky.docx"), "--deidentify")
    assert result.exit_code == 1
    assert "0161 496 0000" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "leaky.docx").exists()


def test_decisions_are_history_steps_and_undo(planted, cli_on, query):
    run = cli_on(planted)
    assert run("deid", "terms", "add", "Dr Wang", "--as", "[GP colleague]").exit_code == 0
    assert run("deid", "edit", "Sarah Okafor", "[Practice manager]").exit_code == 0
    with Project.open(planted) as project:
        source = project.source("G1.txt")["id"]
        row = next(r for r in project.deid_scan(occurrences=True).rows if r.term == "Dr Wang")
        at = row.occurrences[1]["start"]
    assert run("deid", "reject", "Dr Wang", "--in", "G1.txt", "--at", str(at)).exit_code == 0
    with Project.open(planted) as project:
        rows = {r.term: r for r in project.deid_scan(occurrences=True).rows}
        assert rows["Sarah Okafor"].replacement == "[Practice manager]"
        assert [o["status"] for o in rows["Dr Wang"].occurrences] == ["accepted", "rejected"]
        actions = [h["action"] for h in project.history()[-3:]]
        assert actions == ["deid.term", "deid.edit", "deid.reject"]
        assert source
    assert query(planted, "SELECT count(*) FROM deid_decisions") == [(2,)]
    assert run("undo").exit_code == 0
    assert query(planted, "SELECT term, source FROM deid_decisions") == [("Sarah Okafor", None)]
    for _ in range(2):
        assert run("undo").exit_code == 0
    assert query(planted, "SELECT count(*) FROM deid_decisions") == [(0,)]
    assert query(planted, "SELECT count(*) FROM deid_terms") == [(0,)]
    assert run("redo").exit_code == 0
    assert query(planted, "SELECT term, replacement FROM deid_terms") == [
        ("Dr Wang", "[GP colleague]")]


@pytest.mark.parametrize("args, message", [
    (("deid", "terms", "add", "Dr Wang", "--as", " "), "needs a replacement"),
    (("deid", "terms", "add", "Wang", "--as", "[Wang]"), "holds 'Wang' itself"),
    (("deid", "accept", "Nobody Here"), "is not a candidate"),
    (("deid", "reject", "Dr Wang", "--in", "G1.txt"), "source and its start together"),
    (("deid", "edit", "Sarah Okafor", ""), "needs the new replacement"),
    (("deid", "terms", "remove", "Dr Who"), "not on the word list"),
    (("deid", "check", "missing.docx"), "no such file"),
    (("deid", "check", "notes.pdf"), "the check reads"),
])
def test_bad_input_is_one_line_and_changes_nothing(planted, cli_on, dump, args, message):
    before = dump(planted)
    result = cli_on(planted)(*args)
    assert result.exit_code != 0
    assert message in result.output and "Traceback" not in result.output
    assert dump(planted) == before


def test_a_bad_word_list_names_the_line(planted, cli_on, dump, tmp_path):
    before = dump(planted)
    bad = tmp_path / "bad.csv"
    bad.write_text("term,replacement\nDr Wang,[GP]\nNurse Li\n", encoding="utf-8")
    result = cli_on(planted)("deid", "terms", "import", str(bad))
    assert result.exit_code == 1
    assert "bad.csv: line 3" in result.output
    assert dump(planted) == before


def test_apply_refuses_to_overwrite_the_project_or_a_file(planted, tmp_path):
    with Project.open(planted) as project:
        with pytest.raises(WorkbenchError, match="the project itself"):
            project.deid_apply(planted)
        existing = tmp_path / "there.sqlite"
        existing.write_text("x")
        with pytest.raises(WorkbenchError, match="exists already"):
            project.deid_apply(existing)


def test_the_demo_scan_lists_its_people_and_places(demo_file, cli_on):
    result = cli_on(demo_file)("deid", "scan", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {row["term"]: row for row in json.loads(result.output)}
    for term in ("Nurse Tang", "Dr. Shen", "Xiao Lin", "Hongqiao", "Xicheng Riverside CHC",
                 "Northbank District Hospital"):
        assert term in rows, term
    assert rows["Xicheng Riverside CHC"]["found_by"] == "attribute"
    assert rows["Nurse Tang"]["kind"] == "person"
    assert not {"Honestly", "Participant", "I'm", "Interviewer"} & set(rows)


async def test_the_review_screen_decides_from_the_keyboard(planted, settle, query):
    from textual.widgets import DataTable, Input, Label

    from workbench.tui.app import WorkbenchApp
    from workbench.tui.screens.deid import DeidScreen

    app = WorkbenchApp(planted)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        # from the command palette, as a user finds it
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"De-identify")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app, pilot, group="deid")
        screen = app.screen
        assert isinstance(screen, DeidScreen)
        table = screen.query_one("#candidates", DataTable)
        terms = [table.get_row_at(i)[0] for i in range(table.row_count)]
        assert {"Sarah Okafor", "王医生", "渝中区", "13812345678"} <= set(terms)

        async def go_to(term: str) -> None:
            table.focus()
            table.move_cursor(row=[table.get_row_at(i)[0]
                                   for i in range(table.row_count)].index(term))
            await pilot.pause()

        await go_to("王医生")
        await pilot.press("a")  # accept the term everywhere
        await settle(app, pilot, group="deid")
        await go_to("渝中区")
        await pilot.press("e")  # edit its replacement
        await pilot.pause()
        dialog_input = app.screen.query_one(Input)
        dialog_input.value = ""
        await pilot.press(*"[某区]", "enter")
        await settle(app, pilot, group="deid")
        await go_to("Sarah Okafor")
        await pilot.press("tab")  # to its occurrences: reject the second one only
        occurrences = screen.query_one("#occurrences", DataTable)
        assert occurrences.has_focus and occurrences.row_count == 2
        await pilot.press("down", "r")
        await settle(app, pilot, group="deid")
        await pilot.press("p")  # pending only
        await pilot.pause()
        assert "showing pending only" in str(screen.query_one("#deid-status", Label).render())
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, DeidScreen)
    decided = query(planted, "SELECT term, source IS NOT NULL, decision, replacement "
                             "FROM deid_decisions ORDER BY id")
    assert decided == [("王医生", 0, "accept", None), ("渝中区", 0, "edit", "[某区]"),
                       ("Sarah Okafor", 1, "reject", None)]


async def test_u_on_the_review_screen_undoes_the_last_decision(planted, settle, query):
    """F8 opens the review; a decision there is taken back by u (and made again by U), as
    `workbench undo` does."""
    from textual.widgets import DataTable

    from workbench.tui.app import WorkbenchApp
    from workbench.tui.screens.deid import DeidScreen

    app = WorkbenchApp(planted)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f8")
        await settle(app, pilot, group="deid")
        screen = app.screen
        assert isinstance(screen, DeidScreen)
        table = screen.query_one("#candidates", DataTable)

        def status(term: str) -> str:
            row = next(i for i in range(table.row_count) if table.get_row_at(i)[0] == term)
            return table.get_row_at(row)[2]

        before = status("Sarah Okafor")  # as the scan proposes it, before any decision
        assert before != "rejected"
        table.move_cursor(row=next(i for i in range(table.row_count)
                                   if table.get_row_at(i)[0] == "Sarah Okafor"))
        await pilot.pause()
        await pilot.press("r")
        await settle(app, pilot, group="deid")
        assert status("Sarah Okafor") == "rejected"
        assert query(planted, "SELECT term, decision FROM deid_decisions") == [
            ("Sarah Okafor", "reject")]
        await pilot.press("u")
        await settle(app, pilot, group="deid")
        assert query(planted, "SELECT count(*) FROM deid_decisions") == [(0,)]
        assert status("Sarah Okafor") == before
        assert query(planted, "SELECT action, state FROM history ORDER BY id DESC LIMIT 1"
                     ) == [("deid.reject", "undone")]
        await pilot.press("U")
        await settle(app, pilot, group="deid")
        assert status("Sarah Okafor") == "rejected"
        assert query(planted, "SELECT term, decision FROM deid_decisions") == [
            ("Sarah Okafor", "reject")]
        assert screen.changed
