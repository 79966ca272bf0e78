"""The code palette never applies a code the user did not mean (issue #21, point 2):
an exact name wins, a new name typed out in full is created, and a code that is only
similar to it is applied only when the user says so."""

from textual.widgets import OptionList

from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.palette import CodePalette
from workbench.tui.screens.prompt import Choose

STAFFING = "Service operation environment/Staffing and workload"


def options(app) -> list[str]:
    hits = app.screen.query_one("#hits", OptionList)
    return [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]


def code_counts(query, path) -> dict[str, int]:
    return dict(query(path, """SELECT c.name, count(k.id) FROM codes c
                               LEFT JOIN codings k ON k.code = c.id GROUP BY c.id"""))


async def open_palette(app, pilot, settle, typed: str) -> tuple[int, int]:
    await settle(app, pilot)
    await pilot.press("f", "c")  # the next uncoded participant turn; the palette
    await pilot.pause()
    assert isinstance(app.screen, CodePalette)
    await pilot.press(*typed)
    await pilot.pause()
    return app.coding_screen.transcript.selection


async def test_a_new_name_typed_in_full_creates_the_code(query, settle, demo):
    before = code_counts(query, demo)
    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        span = await open_palette(app, pilot, settle, "Systems not connected")
        shown = options(app)
        assert shown[0] == "+ create code 'Systems not connected'…"
        assert len(shown) > 1  # similar codes are listed, below
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, Choose)  # where to put it
        await pilot.press("enter")  # the first choice: the top level
        await settle(app, pilot)
        after = code_counts(query, demo)
        assert after.pop("Systems not connected") == 1
        assert after == before  # no existing code was applied
        assert query(demo, """SELECT k.start, k."end", c.parent FROM codings k
                             JOIN codes c ON c.id = k.code
                             WHERE c.name = 'Systems not connected'""") == [(*span, None)]
        await pilot.press("u")  # one step: the coding and the code it made
        await settle(app, pilot)
    assert code_counts(query, demo) == before


async def test_an_exact_name_wins_whatever_its_case(query, settle, demo):
    before = code_counts(query, demo)
    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_palette(app, pilot, settle, "staffing and  WORKLOAD")
        shown = options(app)
        assert shown[0] == f"1  {STAFFING}"
        assert not any(text.startswith("+ create") for text in shown)
        await pilot.press("enter")
        await settle(app, pilot)
    after = code_counts(query, demo)
    assert after["Staffing and workload"] == before["Staffing and workload"] + 1
    assert sum(after.values()) == sum(before.values()) + 1


async def test_a_name_being_typed_applies_its_code_and_offers_create_next(query, settle, demo):
    before = code_counts(query, demo)
    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_palette(app, pilot, settle, "staffing and work")
        shown = options(app)
        assert shown[:2] == [f"1  {STAFFING}", "+ create code 'staffing and work'…"]
        await pilot.press("enter")
        await settle(app, pilot)
    after = code_counts(query, demo)
    assert after["Staffing and workload"] == before["Staffing and workload"] + 1
    assert "staffing and work" not in after


async def test_enter_on_a_similar_code_asks_first(query, settle, demo, dump):
    before = code_counts(query, demo)
    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_palette(app, pilot, settle, "Staffing and wrokload")
        shown = options(app)
        assert shown[0] == "+ create code 'Staffing and wrokload'…"
        assert shown[1] == f"1  {STAFFING}"
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, Choose)
        question = str(app.screen.query_one("Label").render())
        assert "'Staffing and wrokload' is not the name of a code" in question
        # Back to the palette: nothing written.
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CodePalette)
        assert code_counts(query, demo) == before
        # Again (the similar code is still highlighted), and this time apply it.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, Choose)
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, (Choose, CodePalette))
    after = code_counts(query, demo)
    assert after["Staffing and workload"] == before["Staffing and workload"] + 1
    assert "Staffing and wrokload" not in after
