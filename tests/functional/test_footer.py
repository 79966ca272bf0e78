"""The key footer: its keys are there as the screen is composed (Textual's own Footer
composes empty and fills itself a refresh later), and it follows the keys as they change."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.participants import ParticipantsScreen


def shown(screen) -> list[str]:
    return [key.key for key in screen.query(FooterKey)]


async def test_a_screen_has_its_keys_as_soon_as_it_is_mounted(demo, settle):
    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = ParticipantsScreen()
        await app.push_screen(screen)  # returns once mounted, before any refresh
        assert "escape" in shown(screen)


async def test_the_footer_follows_the_keys_of_what_has_focus(demo, settle):
    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        app.coding_screen.transcript.focus()
        await pilot.pause()
        in_transcript = shown(screen)
        assert "c" in in_transcript  # Code
        screen.query_one("#filter").focus()
        await pilot.pause()
        await pilot.pause()
        assert shown(screen) != in_transcript and "c" not in shown(screen)
        app.coding_screen.transcript.focus()
        await pilot.pause()
        await pilot.pause()
        assert shown(screen) == in_transcript
