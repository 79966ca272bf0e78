"""F2, the case sheet: cells edited in place, a column added, undo, bad input refused.
Pilot drives the app; the assertions read the project file."""

import json

from textual.widgets import DataTable, Input

from workbench.tui.app import WorkbenchApp

AGE = "SELECT json_extract(attributes, '$.age') FROM participants WHERE id = ?"


def notes(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def open_sheet(app, pilot, settle) -> DataTable:
    await settle(app, pilot)
    await pilot.press("f2")
    await settle(app, pilot)
    return app.screen.query_one("#people", DataTable)


def column_of(table: DataTable, label: str) -> int:
    return [str(c.label) for c in table.columns.values()].index(label)


async def answer(app, pilot, settle, text: str) -> None:
    """Replace what the prompt holds with ``text`` and press Enter."""
    await pilot.pause()
    app.screen.query_one("#answer", Input).value = text
    await pilot.press("enter")
    await settle(app, pilot)


async def test_a_cell_edited_is_stored_shown_and_undone(demo, query, settle):
    before = query(demo, AGE, ["G2"])
    app = WorkbenchApp(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_sheet(app, pilot, settle)
        age = column_of(table, "age")
        assert table.cursor_coordinate == (0, age)  # the sheet opens on the first attribute
        await pilot.press("down", "e")
        await pilot.pause()
        prompt = app.screen.query_one("#answer", Input)
        assert prompt.value == str(before[0][0])  # prefilled with the cell's value
        await answer(app, pilot, settle, "47")
        assert query(demo, AGE, ["G2"]) == [(47,)]
        assert str(table.get_cell_at(table.cursor_coordinate)) == "47"
        assert table.cursor_coordinate == (1, age)  # the cursor stays on the cell
        entry = query(demo, "SELECT action, summary FROM history ORDER BY id DESC LIMIT 1")
        assert entry == [("participant.set", "set attributes of G2 (age)")]
        await pilot.press("u")
        await settle(app, pilot)
        assert "Undone: set attributes of G2 (age)" in notes(app)
        assert query(demo, AGE, ["G2"]) == before
        assert str(table.get_cell_at(table.cursor_coordinate)) == str(before[0][0])


async def test_an_empty_cell_removes_the_attribute(demo, query, settle):
    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await open_sheet(app, pilot, settle)
        columns = [str(c.label) for c in table.columns.values()]
        await pilot.press("e")
        await answer(app, pilot, settle, "")
        stored = json.loads(query(demo, "SELECT attributes FROM participants WHERE id = 'G1'")[0][0])
        assert "age" not in stored and "sex" in stored
        assert str(table.get_cell_at(table.cursor_coordinate)) == ""
        # the first row lost its age: the column stays where it was
        assert [str(c.label) for c in table.columns.values()] == columns


async def test_a_new_column_is_filled_row_by_row_each_cell_one_step(demo, query, settle):
    steps = query(demo, "SELECT count(*) FROM history")[0][0]
    app = WorkbenchApp(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_sheet(app, pilot, settle)
        first, second = table.get_row_at(0)[0], table.get_row_at(1)[0]
        await pilot.press("a")
        await answer(app, pilot, settle, "clinic")
        assert "clinic" in [str(c.label) for c in table.columns.values()]
        await answer(app, pilot, settle, "Riverside")  # the first row's value
        await answer(app, pilot, settle, "Hilltop")  # then the next row's prompt
        await pilot.press("escape")  # stops filling
        await settle(app, pilot)
        clinic = column_of(table, "clinic")
        assert table.get_row_at(0)[clinic] == "Riverside"
        assert table.get_row_at(1)[clinic] == "Hilltop"
        assert table.cursor_coordinate == (2, clinic)
    rows = query(demo, "SELECT id, json_extract(attributes, '$.clinic') FROM participants "
                       "WHERE json_extract(attributes, '$.clinic') IS NOT NULL ORDER BY id")
    assert rows == sorted([(first, "Riverside"), (second, "Hilltop")])
    assert query(demo, "SELECT count(*) FROM history")[0][0] == steps + 2


async def test_bad_input_is_a_notification_and_changes_nothing(demo, dump, settle):
    before = dump(demo)
    app = WorkbenchApp(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_sheet(app, pilot, settle)
        await pilot.press("e")
        await answer(app, pilot, settle, "4\x1b[31m5")
        await pilot.press("a")
        await answer(app, pilot, settle, "clinic=north")
        await pilot.press("left", "left", "left", "e")  # the role column
        await answer(app, pilot, settle, "Family\tdoctor")
        await pilot.press("left", "e")  # the ID column
        await settle(app, pilot)
        found = notes(app)
        assert any("the value has a control character" in note for note in found)
        assert any("without '='" in note for note in found)
        assert any("role G: a label is one line" in note for note in found)
        assert any("ID is not edited here" in note for note in found)
    assert dump(demo) == before


async def test_a_role_cell_relabels_the_role_for_all_its_participants(demo, query, settle):
    label = "SELECT label FROM roles WHERE prefix = 'N'"
    before = query(demo, label)
    app = WorkbenchApp(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_sheet(app, pilot, settle)
        role = column_of(table, "Role")
        nurse = [table.get_row_at(i)[0] for i in range(table.row_count)].index("N1")
        table.move_cursor(row=nurse, column=role)
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#answer", Input).value == before[0][0]
        await answer(app, pilot, settle, "District nurse")
        assert query(demo, label) == [("District nurse",)]
        assert [table.get_row_at(i)[role] for i in range(table.row_count)].count(
            "District nurse") == 5
        assert table.cursor_coordinate == (nurse, role)
        await pilot.press("u")
        await settle(app, pilot)
        assert "Undone: labelled role N 'District nurse'" in notes(app)
    assert query(demo, label) == before


async def test_numbers_are_right_aligned_and_the_id_stays_in_view(demo, settle):
    app = WorkbenchApp(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_sheet(app, pilot, settle)
        assert table.fixed_columns == 1
        assert table.get_cell_at((0, column_of(table, "age"))).justify == "right"
        await pilot.press(*["right"] * 8)  # past the last attribute column
        await pilot.pause()
        assert table.scroll_x > 0
        assert table.render_line(1).text.startswith(" G1 ")  # line 0 is the header
