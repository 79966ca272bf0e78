"""The coding screen, driven with Textual's Pilot: assertions on the database and the screen."""

import re

from textual.widgets import Input, OptionList

from workbench.project import Project
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.palette import CodePalette
from workbench.tui.widgets.codebook import CodebookTree
from workbench.tui.widgets.sources import SourceTree, leaf_names

STAFFING = "Service operation environment/Staffing and workload"


def screen_text(app) -> str:
    """The transcript as drawn: every visible row's characters."""
    view = app.coding_screen.transcript
    return "\n".join(view.render_line(y).text for y in range(view.size.height))


def code_label(app, name: str) -> str:
    """The code's line in the codebook pane as shown: name (cut to the pane) and count."""
    from rich.style import Style

    tree = app.query_one("#codes", CodebookTree)

    def walk(node):
        for child in node.children:
            if name in str(child.label):
                return tree.render_label(child, Style(), Style()).plain
            found = walk(child)
            if found:
                return found
        return None

    return walk(tree.root)


async def test_open_pick_source_code_undo_redo(query, settle, demo):
    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.coding_screen.transcript.source.name == "G1.txt"
        leaves = [leaf for branch in app.query_one("#sources", SourceTree).root.children
                  for leaf in branch.children]
        assert len(leaves) == 21  # 20 interviews and N1's Chinese follow-up
        # Pick a source by participant ID.
        await pilot.press("o", *"N3", "enter")
        await settle(app, pilot)
        assert app.coding_screen.transcript.source.name == "N3_transcript.docx"
        assert "N3_transcript.docx · N3" in str(app.query_one("#status").render())
        # Select the next uncoded participant turn and code it through the palette.
        before = query(demo, "SELECT count(*) FROM codings")[0][0]
        assert re.fullmatch(r" 3\.1 ● Staffing\D* 33", code_label(app, "Staffing and workload"))
        await pilot.press("f")
        span = app.coding_screen.transcript.selection
        assert span is not None
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CodePalette)
        await pilot.press(*"staffing and work", "enter")
        await settle(app, pilot)
        coded = query(demo, """SELECT k.start, k."end", c.name, cd.name FROM codings k
                              JOIN codes c ON c.id = k.code JOIN coders cd ON cd.id = k.coder
                              ORDER BY k.id DESC LIMIT 1""")
        assert coded == [(span[0], span[1], "Staffing and workload", "researcher")]
        assert query(demo, "SELECT count(*) FROM codings")[0][0] == before + 1
        assert re.fullmatch(r" 3\.1 ● Staffing\D* 34", code_label(app, "Staffing and workload"))
        # Highlighted: the coded turn's query carry a coding stripe in the margin.
        view = app.coding_screen.transcript
        first_row = view.layout_.line_of(span[0]) - view.scroll_offset.y
        assert "▌" in view.render_line(first_row).text[:9]
        # Undo and redo.
        await pilot.press("u")
        await settle(app, pilot)
        assert query(demo, "SELECT count(*) FROM codings")[0][0] == before
        assert re.fullmatch(r" 3\.1 ● Staffing\D* 33", code_label(app, "Staffing and workload"))
        await pilot.press("U")
        await settle(app, pilot)
        assert query(demo, "SELECT count(*) FROM codings")[0][0] == before + 1


async def test_memo_on_the_transcript(query, settle, demo):
    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press(*"Rich on workload.", "ctrl+s")
        await settle(app, pilot)
    memo = query(demo, "SELECT target_kind, target, text FROM memos ORDER BY id DESC LIMIT 1")
    source_id = query(demo, "SELECT id FROM sources WHERE name = 'G1.txt'")[0][0]
    assert memo == [("source", str(source_id), "Rich on workload.")]


async def test_create_a_code_from_the_palette(query, settle, demo):
    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f", "c")
        await pilot.pause()
        await pilot.press(*"Telehealth follow-up")
        await pilot.pause()
        hits = app.screen.query_one("#hits", OptionList)
        first = hits.get_option_at_index(0)
        assert str(first.prompt) == "+ create code 'Telehealth follow-up'…"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # the first choice: a new theme at the top level
        await settle(app, pilot)
        span = app.coding_screen.transcript.selection
    assert query(demo, "SELECT parent FROM codes WHERE name = 'Telehealth follow-up'") == [(None,)]
    assert query(demo, """SELECT k.start, k."end" FROM codings k JOIN codes c ON c.id = k.code
                         WHERE c.name = 'Telehealth follow-up'""") == [span]


async def import_on_screen(settle, app, pilot, path) -> None:
    """Open the import screen (F4), type the path and import it."""
    await pilot.press("f4")
    await pilot.pause()
    app.screen.query_one("#path", Input).value = str(path)
    app.screen.start_import()
    await settle(app, pilot, group="import")


async def test_importing_a_bad_file_notifies_and_imports_nothing(dump, settle, demo, tmp_path):
    bad = tmp_path / "G12.txt"
    bad.write_bytes(b"")
    before = dump(demo)
    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await import_on_screen(settle, app, pilot, bad)
        messages = [n.message for n in app._notifications]
        assert any("G12.txt: the file is empty" in m for m in messages), messages
        log = "\n".join(app.screen.query_one("#log").lines)
        assert f"FAILED     {bad}: the file is empty" in log
    assert dump(demo) == before


async def test_help_lists_every_key(settle, demo):
    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        table = app.screen.query_one("DataTable")
        keys = [table.get_row_at(i)[0] for i in range(table.row_count)]
        assert {"c", "t", "u", "U", "m", "]", "[", "f", "g", "o", "?", "f2", "f4"} <= set(keys)


async def test_goto_turn_and_keyboard_selection(settle, demo):
    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("g", *"6", "enter")
        await pilot.pause()
        view = app.coding_screen.transcript
        assert view.current_turn()["turn_number"] == 6
        start = view.cursor
        await pilot.press("shift+right", "shift+right")
        selection = view.selection
        assert selection[0] == start and view.source.text[start:selection[1]].count(" ") == 1
        await pilot.press("escape", "s")
        sentence = view.selection
        assert sentence in view.source.sentences


def test_no_project_offers_the_start_screen(settle, tmp_path):
    async def run():
        app = WorkbenchApp(tmp_path / "none.sqlite", demo_dir=tmp_path / "demo")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert "No project in this folder" in str(app.screen.query_one("#start").render())
            await pilot.press("n")
            await settle(app, pilot)
            assert app.gateway is not None
        assert (tmp_path / "none.sqlite").exists()

    import asyncio

    asyncio.run(run())


async def test_mouse_drag_selects(settle, demo):
    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        view = app.coding_screen.transcript
        await pilot.mouse_down(view, offset=(12, 1))
        await pilot.hover(view, offset=(25, 2))
        await pilot.mouse_up(view, offset=(25, 2))
        await pilot.pause()
        start, end = view.selection
        first_row = view.layout_.lines[view.scroll_offset.y + 1]
        assert start == first_row.start + 3  # column 12 is the 4th character after the margin
        assert view.layout_.line_of(end) == view.scroll_offset.y + 2


async def test_saturation_screen_and_status(settle, demo):
    from textual.widgets import Select

    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "Guest 5%: 6+2" in str(app.query_one("#status").render())
        await pilot.press("f6")
        await settle(app, pilot)
        summary = str(app.screen.query_one("#sat-summary").render())
        assert "reached at 6+2 (8 interviews) overall" in summary
        app.screen.query_one("#sat-by", Select).value = "role"
        await settle(app, pilot)
        summary = str(app.screen.query_one("#sat-summary").render())
        assert "among general practitioners at 6+2 (8 interviews)" in summary
        assert "among community nurses it cannot be assessed (5 interviews" in summary
        table = app.screen.query_one("#sat-table")
        assert table.row_count == 20


async def test_quotes_screen_finds_and_jumps(settle, demo):
    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f5")
        await settle(app, pilot, group="quotes")
        screen = app.screen
        assert len(screen.hits) == 200  # every coded passage, the first 200
        await pilot.press(*"WeChat group")
        await settle(app, pilot, group="quotes")
        hits = screen.hits
        assert hits and all("wechat" in h.text.lower() and "group" in h.text.lower()
                            for h in hits)  # both words, "groups" too (stemmed)
        first = hits[0]
        await pilot.press("enter", "enter")  # to the results, then open the first
        await settle(app, pilot)
        assert app.coding_screen.transcript.source.id == first.source_id
        assert app.coding_screen.transcript.selection == (first.start, first.end)


async def test_import_screen_takes_a_qdpx_after_a_preview(dump, query, settle, demo, tmp_path):
    from workbench.project.exchange import export_qdpx

    archive = tmp_path / "again.qdpx"
    with Project.open(demo) as project:
        archive.write_bytes(export_qdpx(project))
    before = dump(demo)
    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await import_on_screen(settle, app, pilot, archive)
        assert dump(demo) == before  # only a preview
        assert any("Preview of the import" in line for line in app.screen.query_one("#log").lines)
        app.screen.start_import()
        await settle(app, pilot, group="import")
        assert any(line.startswith("Imported again.qdpx") for line in app.screen.query_one("#log").lines)
    # The same project again: its sources and codings are there already; nothing is doubled.
    assert query(demo, "SELECT count(*) FROM sources") == [(21,)]
    assert query(demo, "SELECT count(*) FROM codings") == [(375,)]


async def test_export_screen_writes_the_theme_table(settle, demo, tmp_path):
    import docx

    app = WorkbenchApp(demo)
    target = tmp_path / "themes.docx"
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f7")
        await pilot.pause()
        app.screen.query_one("#x-output", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(app, pilot, group="export")
        assert f"wrote   {target}" in app.screen.query_one("#x-log").lines
        await pilot.press("ctrl+s")  # again: the file exists, and nothing is overwritten
        await settle(app, pilot, group="export")
        assert any("exists already" in line for line in app.screen.query_one("#x-log").lines)
    table = docx.Document(target).tables[0]
    assert any("Staffing and workload" in cell.text for cell in table.columns[1].cells)


def test_a_participant_with_two_sources_has_two_names_in_the_tree():
    rows = [{"id": 1, "participant": "N1", "interview_order": 3, "left_out": 0},
            {"id": 2, "participant": "N1", "interview_order": 21, "left_out": 1},
            {"id": 3, "participant": "G2", "interview_order": 1, "left_out": 0},
            {"id": 4, "participant": None, "interview_order": 2, "left_out": 0}]
    assert leaf_names(rows) == {1: "N1", 2: "N1·2", 3: "G2", 4: "group"}
    # the one left out of the interview order comes second even when it was imported first
    rows[0]["interview_order"], rows[1]["interview_order"] = 21, 3
    assert leaf_names(rows)[2] == "N1·2"


async def test_the_demo_tree_tells_n1s_interview_from_its_chinese_follow_up(demo, settle):
    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        tree = app.coding_screen.source_tree
        leaves = {str(leaf.label).split()[0]: leaf.data
                  for branch in tree.root.children for leaf in branch.children}
        assert {"N1", "N1·2"} <= set(leaves)
        with Project.open(demo) as project:
            assert project.source(leaves["N1·2"])["name"] == "N1_访谈.txt"
