"""Memos that can be read as well as written (issue #21, point 4): the dialog shows the
memo there is, `workbench memos` lists, shows and edits them, the memo browser filters
them; every write is one step of the history."""

from textual.widgets import DataTable, Input, RadioButton, RadioSet, Select, TextArea

from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.memo import MemoScreen, MemosScreen

WITH_MEMO = """SELECT k.id, k.source, k.start, k."end", k.memo FROM codings k
               WHERE k.memo IS NOT NULL ORDER BY k.id LIMIT 1"""


def test_memos_list_show_edit_and_undo(demo, cli_on, dump, query):
    def content():
        return [line for line in dump(demo) if not line.startswith('INSERT INTO "history')]

    cli = cli_on(demo)
    coding, _, _, _, text = query(demo, WITH_MEMO)[0]
    listed = cli("memos", "--format", "json")
    assert listed.exit_code == 0
    assert listed.output.count('"id"') == 22  # the demo's codings carry 22 memos
    assert f'"C{coding}"' in listed.output
    assert cli("memo", "source", "G3", "Long and rich on paperwork.").exit_code == 0
    on_g3 = cli("memos", "list", "--target", "source:G3", "--format", "csv")
    assert on_g3.output.splitlines()[1].startswith("1,source,source Interview G3 2024-03-15.txt")
    assert cli("memos", "--target", "source", "--text", "paperwork", "--format", "csv"
               ).output.count("\n") == 2
    assert cli("memos", "--target", "code", "--format", "csv").output.count("\n") == 1
    shown = cli("memos", "show", f"C{coding}")
    assert shown.exit_code == 0 and text in shown.output
    assert f"Memo C{coding} on coding {coding}: " in shown.output
    before = content()
    assert cli("memos", "edit", f"C{coding}", "Rewritten.").exit_code == 0
    assert query(demo, "SELECT memo FROM codings WHERE id = ?", [coding]) == [("Rewritten.",)]
    assert cli("memos", "edit", "1", "Shorter.").exit_code == 0
    assert query(demo, "SELECT text FROM memos WHERE id = 1") == [("Shorter.",)]
    assert cli("undo").output.startswith("Undone: edited memo 1")
    assert cli("undo").output.startswith(f"Undone: memo on coding {coding}")
    assert content() == before
    bad = cli("memos", "show", "C999999")
    assert bad.exit_code == 1 and "error: " in bad.output and ": no memo C999999" in bad.output
    assert cli("memos", "--target", "nothing").exit_code == 1
    assert cli("memos", "edit", "1", " ").exit_code == 1
    assert content() == before


async def open_coding_with_memo(app, pilot, settle, demo, query):
    coding, source, start, end, text = query(demo, WITH_MEMO)[0]
    await settle(app, pilot)
    app.coding_screen.load_source(source, (start, end))
    await settle(app, pilot)
    await pilot.press("m")
    await settle(app, pilot)
    assert isinstance(app.screen, MemoScreen)
    return coding, text


async def test_the_dialog_shows_and_edits_the_memo_there_is(demo, query, settle):
    app = WorkbenchApp(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        coding, text = await open_coding_with_memo(app, pilot, settle, demo, query)
        dialog = app.screen
        labels = [str(b.label) for b in dialog.query(RadioButton)]
        assert labels[0].startswith("this coding of ") and labels[0].endswith("(has a memo)")
        assert any(label.startswith("the transcript ") for label in labels)
        assert any(label.startswith("participant ") for label in labels)
        assert any(label.startswith("the code ") for label in labels)
        assert labels[-1] == "the project"
        area = dialog.query_one("#memo-text", TextArea)
        assert area.text == text and app.focused is area
        # Tab moves focus out of the text and back; typing goes into the text.
        await pilot.press("tab")
        assert app.focused is dialog.query_one("#save")
        await pilot.press("shift+tab")
        assert app.focused is area
        await pilot.press("shift+tab")
        assert app.focused is dialog.query_one("#target", RadioSet)
        await pilot.press("tab")
        assert app.focused is area
        await pilot.press(*" Also G8.", "ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, MemoScreen)
        assert any(str(n.message).startswith("Memo saved on this coding of ")
                   for n in app._notifications)
        assert query(demo, "SELECT memo FROM codings WHERE id = ?", [coding]) == [
            (text + " Also G8.",)]
        await pilot.press("u")
        await settle(app, pilot)
    assert query(demo, "SELECT memo FROM codings WHERE id = ?", [coding]) == [(text,)]


async def test_a_memo_written_on_the_code_reads_back(demo, query, settle):
    app = WorkbenchApp(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_coding_with_memo(app, pilot, settle, demo, query)
        radios = list(app.screen.query(RadioButton))
        code = next(i for i, b in enumerate(radios) if str(b.label).startswith("the code "))
        radios[code].value = True
        await pilot.pause()
        area = app.screen.query_one("#memo-text", TextArea)
        assert area.text == ""
        assert "New memo on the code" in str(app.screen.query_one("#memo-state").render())
        area.focus()
        await pilot.press(*"Nurses carry most of this.", "ctrl+s")
        await settle(app, pilot)
        assert query(demo, "SELECT target_kind, text FROM memos") == [
            ("code", "Nurses carry most of this.")]
        await pilot.press("m")
        await settle(app, pilot)
        radios = list(app.screen.query(RadioButton))
        assert str(radios[code].label).endswith("(has a memo)")
        radios[code].value = True
        await pilot.pause()
        assert app.screen.query_one("#memo-text", TextArea).text == "Nurses carry most of this."
        await pilot.press("escape")


async def test_the_memo_browser_filters_and_edits(demo, query, settle):
    app = WorkbenchApp(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("M")
        await settle(app, pilot)
        assert isinstance(app.screen, MemosScreen)
        table = app.screen.query_one("#memo-rows", DataTable)
        assert table.row_count == 22
        # at 80 columns the author is in view (the list scrolls sideways for "On")
        columns = list(table.columns.values())
        assert str(columns[1].label) == "By" and table.get_row_at(0)[1] == "researcher"
        assert sum(c.get_render_width(table) for c in columns[:3]) < 80
        app.screen.query_one("#memo-filter", Input).focus()
        await pilot.press(*"stroke")
        await settle(app, pilot)
        matching = dict(query(demo, "SELECT 'C' || id, memo FROM codings "
                                    "WHERE memo LIKE '%stroke%'"))
        assert table.row_count == len(matching) > 0
        first = app.screen.rows[0]["id"]
        full = str(app.screen.query_one("#memo-full").render())
        assert matching[first][:40] in full.replace("\n", " ")
        app.screen.query_one("#memo-kind", Select).value = "source"
        await settle(app, pilot)
        assert table.row_count == 0
        assert "No memo matches." in str(app.screen.query_one("#memo-full").render())
        app.screen.query_one("#memo-kind", Select).value = "coding"
        await settle(app, pilot)
        await pilot.press("enter")  # from the filter to the list
        assert app.focused is table
        await pilot.press("enter")  # edit the highlighted memo
        await pilot.pause()
        assert isinstance(app.screen, MemoScreen)
        await pilot.press(*" Checked.", "ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, MemosScreen)
        coding = int(first[1:])
        assert query(demo, "SELECT memo FROM codings WHERE id = ?", [coding]) == [
            (matching[first] + " Checked.",)]
        await pilot.press("escape", "u")
        await settle(app, pilot)
    assert query(demo, "SELECT memo FROM codings WHERE id = ?", [coding]) == [(matching[first],)]


async def test_a_memo_written_on_a_coding_from_the_cli_shows_in_the_dialog(demo, cli_on,
                                                                          query, settle):
    coding, source, start, end = query(
        demo, 'SELECT id, source, start, "end" FROM codings WHERE memo IS NULL LIMIT 1')[0]
    assert cli_on(demo)("memo", "coding", str(coding), "Seen from the CLI.").exit_code == 0
    app = WorkbenchApp(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.coding_screen.load_source(source, (start, end))
        await settle(app, pilot)
        await pilot.press("m")
        await settle(app, pilot)
        assert app.screen.query_one("#memo-text", TextArea).text == "Seen from the CLI."
        await pilot.press(*" And the TUI.", "ctrl+s")
        await settle(app, pilot)
    assert query(demo, "SELECT text FROM memos WHERE target_kind = 'coding' AND target = ?",
                 [str(coding)]) == [("Seen from the CLI. And the TUI.",)]
