"""Snapshots of every screen at 80×24 and 120×40 (pytest-textual-snapshot); update with
--snapshot-update, and look at each one (snapshot_report.html) before committing it."""

import shutil

import pytest
from textual.widgets import Input

from workbench.tui.app import WorkbenchApp

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


@pytest.fixture
def app(demo_file, tmp_path):
    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, path)
    return WorkbenchApp(path)


@pytest.fixture
def ready(settle):
    """The ``run_before`` of every snapshot: the app's workers done."""
    async def wait(pilot) -> None:
        await settle(pilot.app, pilot)
    return wait


async def _fixed_export_name(pilot, root) -> None:
    """The export's file name carries today's date."""
    pilot.app.screen.query_one("#x-output", Input).value = "exports/demo-themes.docx"


# The memo browser (memo dates are the session's) and the import screen (its folder tree
# loads in the background) differ from run to run: test_tui_layout.py checks them at both
# sizes instead. The palette and the memo dialog drew differently under load (a frame
# late), and so did the quotes screen (its search waits for typing to pause);
# test_palette.py, test_memos.py and test_tui_screens.py drive them.
# name: (keys after the coding screen is ready, what makes the screen the same every run)
SCREENS = {
    "coding": ((), None),
    "coding_panes_none": (("z", "z"), None),
    "help": (("question_mark",), None),
    "participants": (("f2",), None),
    "codebook": (("f3",), None),
    "saturation": (("f6",), None),
    "export": (("f7",), _fixed_export_name),
    "deidentification": (("f8",), None),
}


# The saturation screen at 80×24 redraws its plot a frame late now and then;
# test_tui_layout.py checks that its controls fit there.
CASES = [(screen, size) for screen in SCREENS for size in SIZES
         if (screen, size) != ("saturation", "80x24")]


@pytest.mark.parametrize("screen,size", CASES)
def test_screen(screen, size, ready, settle, snap_compare, app, root):
    keys, fix = SCREENS[screen]

    async def open_screen(pilot) -> None:
        await ready(pilot)
        await pilot.press(*keys)
        # The import screen's DirectoryTree has a loader that runs until the screen closes.
        group = "none" if screen == "import" else None
        await settle(pilot.app, pilot, group)
        if fix is not None:
            await fix(pilot, root)
            await settle(pilot.app, pilot, group)
            await pilot.pause(0.5)
        await pilot.pause(0.5)
        await settle(pilot.app, pilot, group)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=open_screen)


def test_empty_project_hints_at_f4(snap_compare, ready, project_path):
    app = WorkbenchApp(project_path)
    assert snap_compare(app, terminal_size=(80, 24), run_before=ready)
