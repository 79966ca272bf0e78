"""The consensus screen on the two-coder demo, driven by Pilot: opened with K on the first
interview, disagreements walked with n/p, A's taken (a consensus coding, one undo step), the
on-screen agreement with the consensus changing, and u taking the choice back."""

from __future__ import annotations

import shutil

from textual.widgets import Static

from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.consensus import ConsensusScreen
from workbench.tui.widgets.rowlist import RowList


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def open_consensus(app, pilot, settle) -> ConsensusScreen:
    await settle(app, pilot)
    await pilot.press("K")
    await settle(app, pilot)
    return app.screen


def copy_of(two_coder_demo, tmp_path):
    path = tmp_path / "demo.sqlite"
    shutil.copy(two_coder_demo, path)
    return path


async def test_settle_disagreements_from_the_keyboard(two_coder_demo, tmp_path, settle, query):
    path = copy_of(two_coder_demo, tmp_path)
    app = WorkbenchApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_consensus(app, pilot, settle)
        assert isinstance(screen, ConsensusScreen)
        assert "A = researcher, B = colleague" in text_of(screen, "#cons-title")
        table = screen.query_one("#cons-list", RowList)
        (source,), = query(path, "SELECT id FROM sources WHERE name = ?", [screen.view.source_name])
        total = len(screen.view.disagreements)
        assert table.row_count == total > 0
        assert "kappa" not in text_of(screen, "#cons-table")  # shown as κ
        assert "κ" in text_of(screen, "#cons-table") and "settled 0 of" in text_of(screen, "#cons-table")
        await pilot.press("n")
        assert screen.index == 1
        await pilot.press("p")
        assert screen.index == 0
        await pilot.press("down")  # the list's own keys move the same cursor
        assert screen.index == table.cursor == 1
        await pilot.press("end", "home")
        assert screen.index == table.cursor == 0
        item = screen.view.disagreements[0]
        await pilot.press("a")
        await settle(app, pilot)
        consensus = query(path, "SELECT k.code, k.start, k.\"end\" FROM codings k JOIN coders c "
                          "ON c.id = k.coder WHERE c.name = 'consensus'")
        expected = [(item.code, item.start, item.end)] if item.by_a else []
        assert consensus == expected
        assert "settled 1 of" in text_of(screen, "#cons-table")
        assert screen.index == 1  # on to the next one
        # take B's on the next: the consensus coder now has a coding
        item = screen.view.disagreements[1]
        await pilot.press("b")
        await settle(app, pilot)
        assert "settled 2 of" in text_of(screen, "#cons-table")
        assert "with the consensus" in text_of(screen, "#cons-table")
        assert query(path, "SELECT action FROM history ORDER BY id DESC LIMIT 2") == [
            ("consensus.settle",), ("consensus.settle",)]
        await pilot.press("u")
        await settle(app, pilot)
        assert "settled 1 of" in text_of(screen, "#cons-table")
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, ConsensusScreen)


async def test_at_80_columns_the_list_shows_who_coded_and_what_was_taken(two_coder_demo,
                                                                        tmp_path, settle):
    app = WorkbenchApp(copy_of(two_coder_demo, tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_consensus(app, pilot, settle)
        rows = screen.query_one("#cons-list", RowList)
        header = rows.render_line(0).text
        assert "A B taken" in header and "code" in header
        item = screen.view.disagreements[0]
        first = rows.render_line(1).text.split()
        assert first[2:4] == ["█" if item.by_a else "·", "█" if item.by_b else "·"]
        await pilot.press("t")
        await settle(app, pilot)
        assert rows.render_line(1).text.split()[4] == "both"
