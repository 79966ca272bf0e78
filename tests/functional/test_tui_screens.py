"""The screens around the coding screen, and the rule that no database call runs on the
event loop: Pilot drives the app, the assertions read the project file."""

import asyncio
import json
import threading
import time

import pytest
from textual.widgets import DataTable, OptionList

from workbench.tui.app import WorkbenchApp
from workbench.tui.gateway import Gateway
from workbench.tui.screens.codebook import CodebookScreen
from workbench.tui.screens.participants import ParticipantsScreen
from workbench.tui.screens.passages import PassagesScreen

STAFFING = "Staffing and workload"


def notes(app) -> list[str]:
    return [n.message for n in app._notifications]


def lone_coding(query, path, source: str) -> tuple[int, int, int]:
    """(id, start, end) of a coding in ``source`` that no other coding overlaps."""
    return query(path, """
        SELECT k.id, k.start, k."end" FROM codings k JOIN sources s ON s.id = k.source
        WHERE s.name = ? AND NOT EXISTS (
            SELECT 1 FROM codings o WHERE o.source = k.source AND o.id != k.id
            AND o.start < k."end" AND k.start < o."end")
        ORDER BY k.start LIMIT 1""", [source])[0]


async def test_gateway_refuses_the_event_loop(settle, demo):
    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        with pytest.raises(RuntimeError, match="event loop"):
            app.gateway.run(lambda p: p.sources())
        # From another thread, as a worker calls it, it answers.
        assert await asyncio.to_thread(app.gateway.run, lambda p: len(p.sources())) == 21


def test_gateway_serves_keys_before_background_summaries(project):
    gateway = Gateway(project, loop_thread=threading.get_ident())
    held, release, order = threading.Event(), threading.Event(), []
    holder = threading.Thread(target=gateway.run,
                              args=(lambda p: (held.set(), release.wait(10)),))
    holder.start()
    assert held.wait(10)
    summary = threading.Thread(target=gateway.run, kwargs={
        "work": lambda p: order.append("summary"), "background": True})
    key = threading.Thread(target=gateway.run, args=(lambda p: order.append("key"),))
    summary.start()
    key.start()
    deadline = time.monotonic() + 10
    while gateway._waiting == 0 and time.monotonic() < deadline:  # the key's call waits
        time.sleep(0.01)
    release.set()
    for thread in (holder, summary, key):
        thread.join(10)
    assert order == ["key", "summary"]
    gateway.close()
    problems = []

    def late() -> None:  # a worker still queued as the app ends
        try:
            gateway.run(lambda p: p.sources())
        except RuntimeError as exc:
            problems.append(str(exc))

    worker = threading.Thread(target=late)
    worker.start()
    worker.join(10)
    assert problems == ["the project is closed"]


async def test_participants_screen_stores_an_attribute_and_opens_a_transcript(query, settle, demo):
    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        assert isinstance(app.screen, ParticipantsScreen)
        table = app.screen.query_one("#people", DataTable)
        assert table.row_count == 20
        first = table.get_row_at(0)[0]
        await pilot.press("a")  # a new attribute column, then its value for the first row
        await pilot.pause()
        await pilot.press(*"clinic", "enter")
        await pilot.pause()
        await pilot.press(*"Riverside", "enter")
        await settle(app, pilot)
        await pilot.press("escape")  # no more cells to fill
        await settle(app, pilot)
        stored = json.loads(query(demo, "SELECT attributes FROM participants WHERE id = ?",
                                 [first])[0][0])
        assert stored["clinic"] == "Riverside"
        labels = [str(column.label) for column in table.columns.values()]
        assert "clinic" in labels
        assert table.get_row_at(0)[labels.index("clinic")] == "Riverside"
        # Enter opens the highlighted participant's transcript on the coding screen.
        second = table.get_row_at(1)[0]
        assert table.cursor_row == 1  # filling the column moved on to the second row
        await pilot.press("enter")  # Enter on any cell of the row
        await settle(app, pilot)
        assert app.screen is app.coding_screen
        assert app.coding_screen.transcript.source.participant == second


async def test_codebook_screen_edit_and_undo(query, settle, demo):
    before = query(demo, "SELECT short_definition FROM codes WHERE name = ?", [STAFFING])[0][0]
    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        assert isinstance(app.screen, CodebookScreen)
        book = app.screen.query_one("#book")
        assert STAFFING in {code["name"] for code in book.codes.values()}
        code_id = query(demo, "SELECT id FROM codes WHERE name = ?", [STAFFING])[0][0]
        book.select_code(code_id)
        await pilot.pause()
        assert STAFFING in str(book.cursor_node.label)
        assert "Staff numbers that lag" in str(app.screen.query_one("#book-definition").render())
        await pilot.press("e")  # which field: the first, the short definition
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#answer").value = ""
        await pilot.press(*"Too few staff", "enter")
        await settle(app, pilot)
        assert query(demo, "SELECT short_definition FROM codes WHERE name = ?",
                    [STAFFING]) == [("Too few staff",)]
        assert book.highlighted_code["short_definition"] == "Too few staff"
        await pilot.press("u")
        await settle(app, pilot)
        assert query(demo, "SELECT short_definition FROM codes WHERE name = ?",
                    [STAFFING]) == [(before,)]
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is app.coding_screen


async def test_passages_of_the_highlighted_code_and_the_jump(query, settle, demo):
    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.coding_screen
        code_id = query(demo, "SELECT id FROM codes WHERE name = ?", [STAFFING])[0][0]
        screen.code_tree.select_code(code_id)
        await pilot.pause()
        assert "Staff numbers that lag" in str(screen.query_one("#definition").render())
        await pilot.press("a")
        await settle(app, pilot)
        assert isinstance(app.screen, PassagesScreen)
        coded = query(demo, "SELECT count(*) FROM codings WHERE code = ?", [code_id])[0][0]
        assert app.screen.query_one(OptionList).option_count == coded == 33
        second = app.screen.passages[1]
        await pilot.press("down", "down", "enter")  # the first press highlights the first
        await settle(app, pilot)
        assert app.screen is screen
        assert screen.transcript.source.id == second["source"]
        assert screen.transcript.selection == (second["start"], second["end"])


async def test_exemplar_at_the_cursor_and_undo(query, settle, demo):
    coding, start, end = lone_coding(query, demo, "G1.txt")
    flag = query(demo, "SELECT exemplar FROM codings WHERE id = ?", [coding])[0][0]
    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        view = app.coding_screen.transcript
        view.move_to(start + 1)
        await pilot.press("e")
        await settle(app, pilot)
        assert query(demo, "SELECT exemplar FROM codings WHERE id = ?", [coding]) == [(1 - flag,)]
        assert notes(app)[-1] == ("Marked as exemplar" if not flag else "No longer an exemplar")
        await pilot.press("u")
        await settle(app, pilot)
        assert query(demo, "SELECT exemplar FROM codings WHERE id = ?", [coding]) == [(flag,)]
        assert notes(app)[-1].startswith("Undone: ")


async def test_transcript_keys_reach_the_transcript_from_the_codebook(settle, demo):
    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.coding_screen
        screen.code_tree.focus()
        await pilot.pause()
        line = screen.code_tree.cursor_line
        await pilot.press("down")  # the tree uses the arrows itself
        assert screen.code_tree.cursor_line == line + 1
        assert screen.transcript.selection is None
        await pilot.press("f")  # the transcript's: the next uncoded participant turn
        turn = screen.transcript.current_turn()
        assert screen.transcript.selection == (turn["start"], turn["end"])
        assert screen.code_tree.has_focus


async def test_keys_while_a_worker_holds_the_project(query, settle, demo):
    """A long worker (the coverage at thousands of interviews) holds the Gateway: the screen
    still answers keys, and what needs the project waits for it in a worker."""
    coding, start, end = lone_coding(query, demo, "G1.txt")
    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.coding_screen
        screen.transcript.move_to(start + 1)
        await pilot.press("d")  # remove the coding: one step to undo
        await settle(app, pilot)
        assert query(demo, "SELECT count(*) FROM codings WHERE id = ?", [coding]) == [(0,)]
        release = threading.Event()
        holder = threading.Thread(target=app.gateway.run, args=(lambda p: release.wait(10),))
        holder.start()
        try:
            await pilot.press("u")  # queued: waits for the project in a worker
            turn = screen.transcript.current_turn()["turn_number"]
            await pilot.press("n")
            assert screen.transcript.current_turn()["turn_number"] == turn + 1
            await pilot.press("tab", "down")  # the codebook cursor and its definition
            assert screen.code_tree.has_focus
            assert screen.code_tree.highlighted_code["path"] in str(
                screen.query_one("#definition").render())
            assert query(demo, "SELECT count(*) FROM codings WHERE id = ?", [coding]) == [(0,)]
        finally:
            release.set()
            holder.join()
        await settle(app, pilot)
        assert query(demo, "SELECT count(*) FROM codings WHERE id = ?", [coding]) == [(1,)]
