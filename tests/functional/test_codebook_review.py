"""A supervisor's codebook review: status and comments per code (CLI, TUI, history), what
changed (`codebook diff`), the review document, and YAML/.qdc round trips."""

import json
import sqlite3
from pathlib import Path

import docx
import yaml

from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.codebook import CodebookScreen
from workbench.tui.screens.comments import CommentsScreen

STAFFING = "Staffing and workload"
STAFFING_PATH = f"Service operation environment/{STAFFING}"
CHECKOUT = Path(__file__).resolve().parents[2]
PILOT = CHECKOUT / "codebooks" / "integrated-care-pilot-framework.yaml"
FAMILY = CHECKOUT / "codebooks" / "family-doctor-integration.yaml"


def ok(result):
    assert result.exit_code == 0, result.output
    return result


def comments_of(query, path):
    return query(path, "SELECT c.name, k.author, k.text, k.resolved FROM code_comments k "
                       "JOIN codes c ON c.id = k.code ORDER BY k.id")


def status_of(query, path, name=STAFFING):
    return query(path, "SELECT review_status FROM codes WHERE name = ?", [name])[0][0]


def section(markdown: str, heading: str) -> str:
    """The lines of one code's section in the Markdown review document."""
    start = next(i for i, line in enumerate(markdown.splitlines())
                 if line.startswith("#") and line.endswith(heading))
    lines = markdown.splitlines()[start + 1:]
    end = next((i for i, line in enumerate(lines) if line.startswith("#")), len(lines))
    return "\n".join(lines[:end])


# -- status and comments through the CLI, in the review document, undone ------------------------

def test_cli_status_and_comments_appear_in_the_review_document_and_undo_takes_them_back(
        demo, cli_on, query, tmp_path):
    cli = cli_on(demo)
    assert status_of(query, demo) == "draft"
    assert ok(cli("codebook", "status", STAFFING, "Approved")).output == \
        f"{STAFFING_PATH}: approved\n"
    ok(cli("codebook", "comment", STAFFING, "Split rosters from overtime?", "--author", "Prof Li"))
    ok(cli("codebook", "comment", "Dispersed work areas", "Is this about buildings?"))
    assert comments_of(query, demo) == [
        (STAFFING, "Prof Li", "Split rosters from overtime?", 0),
        ("Dispersed work areas", "researcher", "Is this about buildings?", 0)]
    listed = ok(cli("codebook", "comments", "--open", "--format", "json"))
    assert [c["text"] for c in json.loads(listed.output)] == [
        "Split rosters from overtime?", "Is this about buildings?"]
    second = query(demo, "SELECT id FROM code_comments WHERE text LIKE 'Is this%'")[0][0]
    ok(cli("codebook", "resolve", str(second)))
    assert [c["text"] for c in json.loads(ok(cli("codebook", "comments", "--open",
                                                 "--format", "json")).output)] == \
        ["Split rosters from overtime?"]

    md_path = tmp_path / "review.md"
    ok(cli("export", "review", "--format", "md", "-o", str(md_path)))
    markdown = md_path.read_text(encoding="utf-8")
    staffing = section(markdown, f"3.1 {STAFFING}")
    assert "- **Status:** approved" in staffing
    assert "Prof Li, " in staffing and "Split rosters from overtime?" in staffing
    assert "G " in staffing.split("**Usage:**")[1].splitlines()[0]  # usage by role, G n/11
    assert "/11" in staffing
    dispersed = section(markdown, "Dispersed work areas")
    assert "Is this about buildings?" not in dispersed  # resolved: not an open comment
    assert "- **Status:** draft" in dispersed

    word_path = tmp_path / "review.docx"
    ok(cli("export", "review", "-o", str(word_path)))
    document = docx.Document(str(word_path))
    texts = [p.text for p in document.paragraphs]
    themes = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert themes == ["1 Connotation of integration", "2 Service operation models",
                      "3 Service operation environment", "4 Medical–prevention fragmentation"]
    at = texts.index(f"3.1 {STAFFING}")
    own = texts[at:at + 20]
    assert "Status: approved" in own
    assert any("Prof Li" in t and "Split rosters from overtime?" in t for t in own)

    # Undo takes back the resolve, both comments and the status, one step each.
    for _ in range(4):
        ok(cli("undo"))
    assert comments_of(query, demo) == []
    assert status_of(query, demo) == "draft"
    ok(cli("export", "review", "--format", "md", "-o", str(md_path), "--overwrite"))
    staffing = section(md_path.read_text(encoding="utf-8"), f"3.1 {STAFFING}")
    assert "- **Status:** draft" in staffing and "Prof Li" not in staffing
    assert "- **Open comments:** none" in staffing


def test_review_document_has_findings_quotes_and_changes_since(demo, cli_on, query, tmp_path):
    cli = cli_on(demo)
    with sqlite3.connect(demo) as conn:  # the demo was built long ago
        conn.execute("UPDATE history SET at = '2024-01-10T09:00:00+00:00'")
    ok(cli("codebook", "add", "Telehealth", "--parent", "Service operation models"))
    ok(cli("codebook", "rename", "Dispersed work areas", "Scattered work areas"))
    ok(cli("codebook", "merge", "Lack of top-level design", "No dedicated funding"))
    target = tmp_path / "review.md"
    ok(cli("export", "review", "--since", "2024-06-01", "-o", str(target)))
    markdown = target.read_text(encoding="utf-8")
    tele = section(markdown, "Telehealth")
    assert "no definition" in tele and "unused (no codings on it or below it)" in tele
    assert "- **Changes since 2024-06-01:**\n    - added" in tele
    assert "renamed from 'Dispersed work areas' to 'Scattered work areas'" in \
        section(markdown, "Scattered work areas")
    quotes = section(markdown, f"3.1 {STAFFING}").split("**Quotes:**")[1].split("- **")[0]
    assert 1 <= quotes.count('" (') <= 2  # one or two quotes, tagged with the speaker's ID
    assert "1 added, 1 renamed, 1 merged" in markdown
    gone = markdown.split("## Codes removed, merged or split away since 2024-06-01")[1]
    assert gone.strip().splitlines()[0] == (
        "- Service operation environment/Lack of top-level design: merged into Service "
        "operation environment/No dedicated funding (16 codings moved)")
    assert "## 3.6 Lack of top-level design" not in markdown


# -- round trips ----------------------------------------------------------------------------------

def _reviewed(demo, cli_on):
    cli = cli_on(demo)
    ok(cli("codebook", "status", STAFFING, "disputed"))
    ok(cli("codebook", "status", "Dispersed work areas", "proposed"))
    ok(cli("codebook", "comment", STAFFING, "Too broad.\n\nSplit it?", "--author", "Smith, John"))
    ok(cli("codebook", "comment", STAFFING, "Agreed: keep as is (G3 explains why).",
           "--author", "Prof Li (supervisor)"))
    first = json.loads(ok(cli("codebook", "comments", "--format", "json")).output)[0]["id"]
    ok(cli("codebook", "resolve", str(first)))
    return cli


def _review_rows(query, path):
    return query(path, """SELECT c.name, k.guid, k.author, k.created_at, k.resolved,
                                 k.resolved_by IS NOT NULL, k.resolved_at IS NOT NULL
                          FROM code_comments k JOIN codes c ON c.id = k.code ORDER BY k.id""")


def test_yaml_round_trip_keeps_status_and_comments(demo, cli_on, query, tmp_path, project_path):
    cli = _reviewed(demo, cli_on)
    exported = tmp_path / "book.yaml"
    ok(cli("codebook", "export", "-o", str(exported)))
    data = yaml.safe_load(exported.read_text(encoding="utf-8"))
    staffing = data["codes"][2]["children"][0]
    assert staffing["name"] == STAFFING and staffing["status"] == "disputed"
    assert [c["author"] for c in staffing["comments"]] == ["Smith, John", "Prof Li (supervisor)"]
    assert staffing["comments"][0]["resolved"] is True

    fresh = cli_on(project_path)
    ok(fresh("codebook", "import", str(exported)))
    assert _review_rows(query, project_path) == _review_rows(query, demo)
    assert query(project_path, "SELECT text FROM code_comments ORDER BY id")[0][0] == \
        "Too broad.\n\nSplit it?"
    assert status_of(query, project_path) == "disputed"
    assert status_of(query, project_path, "Dispersed work areas") == "proposed"
    # Importing the file again adds nothing twice; undo takes the import back whole.
    ok(fresh("codebook", "import", str(exported), "--yes"))
    assert len(_review_rows(query, project_path)) == 2
    ok(fresh("undo"))
    assert query(project_path, "SELECT count(*) FROM codes") == [(0,)]
    assert query(project_path, "SELECT count(*) FROM code_comments") == [(0,)]


def test_qdc_round_trip_keeps_status_and_comments(demo, cli_on, query, tmp_path, project_path):
    from workbench.refi.qdc import schema_problem, parse_xml

    cli = _reviewed(demo, cli_on)
    exported = tmp_path / "book.qdc"
    ok(cli("codebook", "export", "--format", "qdc", "-o", str(exported)))
    xml = exported.read_text(encoding="utf-8")
    assert "Review status: disputed" in xml and "Review comment (Smith, John · " in xml
    assert schema_problem("Codebook", parse_xml(exported.read_bytes(), exported)) is None

    fresh = cli_on(project_path)
    result = ok(fresh("codebook", "import", str(exported)))
    assert "warning" not in result.output
    assert _review_rows(query, project_path) == _review_rows(query, demo)
    # A blank line inside a comment is a paragraph break in a .qdc: it comes back as one.
    assert query(project_path, "SELECT text FROM code_comments ORDER BY id") == [
        ("Too broad.\nSplit it?",), ("Agreed: keep as is (G3 explains why).",)]
    assert status_of(query, project_path) == "disputed"
    # The definition is still only the definition.
    assert query(project_path, "SELECT definition FROM codes WHERE name = ?", [STAFFING]) == \
        query(demo, "SELECT definition FROM codes WHERE name = ?", [STAFFING])
    ok(fresh("undo"))
    assert query(project_path, "SELECT count(*) FROM code_comments") == [(0,)]


def test_merge_moves_comments_and_delete_removes_them_undoably(demo, cli_on, query):
    cli = cli_on(demo)
    ok(cli("codebook", "comment", "Lack of top-level design", "Same as funding?"))
    ok(cli("codebook", "merge", "Lack of top-level design", "No dedicated funding"))
    assert comments_of(query, demo) == [("No dedicated funding", "researcher",
                                         "Same as funding?", 0)]
    ok(cli("undo"))
    assert comments_of(query, demo)[0][0] == "Lack of top-level design"
    ok(cli("codebook", "delete", "Lack of top-level design", "--force", "--yes"))
    assert comments_of(query, demo) == []
    ok(cli("undo"))
    assert comments_of(query, demo)[0][0] == "Lack of top-level design"


# -- the TUI -----------------------------------------------------------------------------------

async def test_codebook_screen_status_and_comments(demo, query, settle):
    code_id = query(demo, "SELECT id FROM codes WHERE name = ?", [STAFFING])[0][0]
    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        assert isinstance(app.screen, CodebookScreen)
        book = app.screen.query_one("#book")
        book.select_code(code_id)
        await pilot.pause()
        assert "draft" in str(book.cursor_node.label)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # draft, proposed, approved
        await settle(app, pilot)
        assert status_of(query, demo) == "approved"
        assert "approved" in str(book.cursor_node.label)
        assert "Review status: approved" in str(
            app.screen.query_one("#book-definition").render())

        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CommentsScreen)
        await pilot.press(*"Define workload", "enter")
        await settle(app, pilot)
        assert comments_of(query, demo) == [(STAFFING, "researcher", "Define workload", 0)]
        assert "✎1" in str(book.cursor_node.label)
        assert "Define workload" in str(app.screen.query_one("#book-definition").render())

        await pilot.press("c")
        await pilot.pause()
        thread = app.screen.query_one("#thread")
        assert "open · researcher" in str(thread.get_option_at_index(0).prompt)
        thread.focus()
        await pilot.pause()
        await pilot.press("enter")  # resolves the highlighted comment
        await settle(app, pilot)
        assert comments_of(query, demo)[0][3] == 1
        assert "✎" not in str(book.cursor_node.label)

        for _ in range(3):  # resolve, comment, status: each one step
            await pilot.press("u")
            await settle(app, pilot)
        assert comments_of(query, demo) == []
        assert status_of(query, demo) == "draft"
        assert "draft" in str(book.cursor_node.label)


# -- what changed ------------------------------------------------------------------------------

def test_diff_since_the_demo_codebook_lists_what_its_history_holds(demo, cli_on, query):
    cli = cli_on(demo)
    first = query(demo, "SELECT at FROM history WHERE action LIKE 'codebook%' ORDER BY id")[0][0]
    result = json.loads(ok(cli("codebook", "diff", "--since", first[:10], "--format",
                               "json")).output)
    codes = query(demo, "SELECT count(*) FROM codes")[0][0]
    assert codes == 18
    assert [r["kind"] for r in result] == ["added"] * codes  # the import added every code
    staffing = next(r for r in result if r["code"] == STAFFING_PATH)
    codings = query(demo, "SELECT count(*) FROM codings k JOIN codes c ON c.id = k.code "
                          "WHERE c.name = ?", [STAFFING])[0][0]
    assert staffing["detail"] == f"added ({codings} codings)"
    table = ok(cli("codebook", "diff", "--since", first[:10])).output
    assert table.startswith(f"From the codebook on {first[:10]} to the codebook now: 18 added.")


def test_diff_against_another_codebook_file(demo, cli_on):
    cli = cli_on(demo)
    same = ok(cli("codebook", "diff", str(FAMILY))).output
    assert same == ("No differences between family-doctor-integration.yaml and this "
                    "project.\n")
    ok(cli("codebook", "status", STAFFING, "approved"))
    rows = json.loads(ok(cli("codebook", "diff", str(FAMILY), "--format", "json")).output)
    assert [(r["kind"], r["code"], r["detail"]) for r in rows] == [
        ("status", STAFFING_PATH, "status draft → approved")]
    rows = json.loads(ok(cli("codebook", "diff", str(PILOT), "--format", "json")).output)
    kinds = {r["kind"] for r in rows}
    assert kinds == {"added", "removed"}
    assert {"kind": "removed", "code": "Design features/Integration mechanisms/Referral pathways",
            "detail": "removed", "before": "Design features/Integration mechanisms/Referral "
            "pathways", "after": None} in rows
    assert any(r["kind"] == "added" and r["code"] == STAFFING_PATH for r in rows)


def _known_changes(cli):
    ok(cli("codebook", "rename", "Dispersed work areas", "Scattered work areas"))
    ok(cli("codebook", "move", "Disconnected providers", "--to", "Service operation environment"))
    ok(cli("codebook", "merge", "Lack of top-level design", "No dedicated funding"))
    ok(cli("codebook", "edit", "Two lines of management", "--definition",
           "Medical care and prevention are managed by two separate lines of authority."))


def _by_kind(rows):
    found = {}
    for row in rows:
        found.setdefault(row["kind"], []).append(row)
    return found


def test_two_codebooks_with_a_known_rename_move_merge_and_definition_change(
        demo, cli_on, tmp_path):
    older = tmp_path / "last-meeting.sqlite"
    older.write_bytes(demo.read_bytes())
    cli = cli_on(demo)
    _known_changes(cli)
    rows = json.loads(ok(cli("codebook", "diff", str(older), "--format", "json")).output)
    kinds = _by_kind(rows)
    assert "added" not in kinds and "removed" not in kinds  # never as delete + add
    assert [(r["code"], r["before"], r["after"]) for r in kinds["renamed"]] == [
        ("Medical–prevention fragmentation/Scattered work areas", "Dispersed work areas",
         "Scattered work areas")]
    assert [(r["code"], r["before"], r["after"]) for r in kinds["moved"]] == [
        ("Service operation environment/Disconnected providers",
         "Medical–prevention fragmentation", "Service operation environment")]
    assert [(r["code"], r["after"]) for r in kinds["merged"]] == [
        ("Service operation environment/Lack of top-level design",
         "Service operation environment/No dedicated funding")]
    assert [r["code"] for r in kinds["definition"]] == [
        "Medical–prevention fragmentation/Two lines of management"]
    assert "{+separate+}" in kinds["definition"][0]["detail"]
    assert "[-Treatment-] {+Medical care+}" in kinds["definition"][0]["detail"]
    usage = {r["code"]: (r["before"], r["after"]) for r in kinds["usage"]}
    funding = usage["Service operation environment/No dedicated funding"]
    assert int(funding[1]) > int(funding[0])


def test_diff_since_a_date_reads_the_history_and_reports_splits(demo, cli_on, query, tmp_path):
    cli = cli_on(demo)
    with sqlite3.connect(demo) as conn:
        conn.execute("UPDATE history SET at = '2024-01-10T09:00:00+00:00'")
    before = query(demo, "SELECT count(*) FROM history")
    _known_changes(cli)
    ok(cli("codebook", "split", STAFFING, "Staffing", "Workload"))
    ok(cli("codebook", "status", "Workload", "proposed"))
    ok(cli("codebook", "status", "Two lines of management", "disputed"))
    rows = json.loads(ok(cli("codebook", "diff", "--since", "2024-06-01", "--format",
                             "json")).output)
    kinds = _by_kind(rows)
    assert {"renamed", "moved", "merged", "definition", "split", "status"} <= set(kinds)
    assert [(r["code"], r["detail"]) for r in kinds["status"]] == [
        ("Medical–prevention fragmentation/Two lines of management", "status draft → disputed")]
    assert "added" not in kinds and "removed" not in kinds
    assert kinds["split"][0]["code"] == STAFFING_PATH
    assert "Staffing and workload/Staffing" in kinds["split"][0]["detail"]
    # Nothing was written by the diff, and an earlier date shows the whole codebook added.
    assert query(demo, "SELECT count(*) FROM history")[0][0] == before[0][0] + 7
    earlier = json.loads(ok(cli("codebook", "diff", "--since", "2024-01-01", "--format",
                                "json")).output)
    assert {r["kind"] for r in earlier} == {"added"}
    word = tmp_path / "diff.docx"
    ok(cli("codebook", "diff", "--since", "2024-06-01", "--format", "docx", "-o", str(word)))
    cells = [c.text for t in docx.Document(str(word)).tables for row in t.rows
             for c in row.cells]
    assert "merged" in cells and "renamed" in cells
    md = ok(cli("codebook", "diff", "--since", "2024-06-01", "--format", "md")).output
    assert "| renamed | Medical–prevention fragmentation/Scattered work areas |" in md


# -- bad input ---------------------------------------------------------------------------------

def test_bad_input_is_refused_with_a_message_and_changes_nothing(demo, cli_on, dump, tmp_path):
    cli = cli_on(demo)
    before = dump(demo)
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("codes:\n  - name: A\n    status: great\n", encoding="utf-8")
    bad_comment = tmp_path / "bad-comment.yaml"
    bad_comment.write_text("codes:\n  - name: A\n    comments:\n      - text: no author\n",
                           encoding="utf-8")
    for args, message in [
            (("codebook", "status", STAFFING, "aproved"), "review status 'aproved' should be"),
            (("codebook", "comment", STAFFING, "   "), "a review comment needs some text"),
            (("codebook", "comment", "No such code", "x"), "no code 'No such code'"),
            (("codebook", "resolve", "999"), "no review comment 999"),
            (("codebook", "diff", "--since", "last week"), "'last week' is not a date"),
            (("codebook", "diff", str(tmp_path / "gone.sqlite")), "gone.sqlite: no such file"),
            (("codebook", "diff", str(tmp_path / "notes.txt")), "notes.txt: compare with"),
            (("codebook", "diff",), "compare with a date (--since) or with a file"),
            (("codebook", "import", str(bad_yaml)), "bad.yaml: 'A': status 'great'"),
            (("codebook", "import", str(bad_comment)), "needs an author and a text"),
            (("export", "themes", "--since", "2024-01-01"), "--since applies to"),
            (("export", "review", "--since", "soon"), "'soon' is not a date")]:
        result = cli(*args)
        assert result.exit_code == 1, (args, result.output)
        assert message in result.output, (args, result.output)
        assert "Traceback" not in result.output
    assert dump(demo) == before


def test_a_file_without_guids_is_matched_by_path_then_by_a_unique_name(demo, cli_on, tmp_path):
    data = yaml.safe_load(FAMILY.read_text(encoding="utf-8"))
    fragmentation = next(c for c in data["codes"] if c["name"].startswith("Medical–prevention"))
    moved = next(c for c in fragmentation["children"] if c["name"] == "Disconnected providers")
    fragmentation["children"].remove(moved)
    environment = next(c for c in data["codes"] if c["name"] == "Service operation environment")
    environment["children"].append(moved)
    environment["children"][0]["when_to_use"] = "Only staff numbers."
    dispersed = next(c for c in fragmentation["children"] if c["name"] == "Dispersed work areas")
    dispersed["name"] = "Scattered work areas"  # the project's name is the newer one
    changed = tmp_path / "changed.yaml"
    changed.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                       encoding="utf-8")
    rows = json.loads(ok(cli_on(demo)("codebook", "diff", str(changed), "--format",
                                      "json")).output)
    assert [(r["kind"], r["code"], r["before"], r["after"]) for r in rows] == [
        ("rules", STAFFING_PATH, "Only staff numbers.", rows[0]["after"]),
        ("moved", "Medical–prevention fragmentation/Disconnected providers",
         "Service operation environment", "Medical–prevention fragmentation"),
        ("renamed", "Medical–prevention fragmentation/Dispersed work areas",
         "Scattered work areas", "Dispersed work areas")]
    assert rows[0]["detail"].startswith("when to use: [-Only-] {+Mentions of patient numbers")


def test_a_qdpx_copy_of_the_project_keeps_statuses_and_comments(demo, cli_on, query, tmp_path,
                                                               project_path):
    cli = _reviewed(demo, cli_on)
    archive = tmp_path / "copy.qdpx"
    ok(cli("export", "qdpx", "-o", str(archive)))
    ok(cli_on(project_path)("import", str(archive)))
    assert _review_rows(query, project_path) == _review_rows(query, demo)
    assert status_of(query, project_path) == "disputed"
