"""The import screen shows a preview of a transcript import before it writes anything, and
takes the researcher's choice of interviewer."""

from __future__ import annotations


from textual.widgets import Input, Log

from workbench.tui.app import WorkbenchApp

ADMIN = ("Max Bigman: Thank you. Can you tell me what your office does?\n\n"
         "admin-1: Contracts with the centres, and the assessment.\n\n"
         "Max Bigman: How are they assessed?\n\nadmin-1: By indicators.\n\n"
         "Max Bigman: Why did they change?\n\nadmin-1: The province revised its plan.\n")


def log_lines(app) -> list[str]:
    return list(app.screen.query_one("#log", Log).lines)


async def press_import(settle, app, pilot) -> None:
    app.screen.start_import()
    await settle(app, pilot, group="import")


async def test_preview_first_then_the_interviewer_chosen_then_the_import(query, dump, settle, demo, tmp_path):
    path = tmp_path / "M5_admin.txt"
    path.write_text(ADMIN, encoding="utf-8")
    before = dump(demo)
    app = WorkbenchApp(demo)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("f4")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(path)
        await press_import(settle, app, pilot)
        shown = log_lines(app)
        assert f"{path}  [new]  txt · Name: labels" in shown
        assert "  participant  M5 (from the file name) · interview · no date" in shown
        assert "  interviewer  Max Bigman (guess: asks 3 of the 3 questions)" in shown
        assert any(line.startswith("  admin-1") and "M5" in line for line in shown)
        assert dump(demo) == before  # a preview writes nothing

        # The guess was wrong: name the interviewer; a new preview, still nothing written.
        app.screen.query_one("#interviewer", Input).value = "admin-1"
        await press_import(settle, app, pilot)
        assert "  interviewer  admin-1 (--interviewer)" in log_lines(app)
        assert dump(demo) == before

        await press_import(settle, app, pilot)  # the same choice again: import
        assert any(line.startswith(f"imported   {path}") for line in log_lines(app))
        assert speakers(query, demo) == [("Max Bigman", 0, "M5"), ("admin-1", 1, None)]

        # Corrected from the screen: the same file again with a speaker map, re-mapped in place.
        app.screen.query_one("#interviewer", Input).value = ""
        app.screen.query_one("#speakers", Input).value = "Max Bigman=Interviewer; admin-1=M5"
        await press_import(settle, app, pilot)
        assert f"{path}  [imported before]  txt · Name: labels" in log_lines(app)
        await press_import(settle, app, pilot)
        assert any(line.startswith(f"re-mapped  {path}") for line in log_lines(app))
    assert speakers(query, demo) == [("Max Bigman", 1, None), ("admin-1", 0, "M5")]


def speakers(query, path) -> list[tuple]:
    return query(path, """SELECT DISTINCT g.speaker, g.is_interviewer, g.participant
                         FROM segments g JOIN sources s ON s.id = g.source
                         WHERE s.name = 'M5_admin.txt' ORDER BY g.speaker""")
