"""Snapshots of the coding screen (pytest-textual-snapshot); update with --snapshot-update."""

import shutil

import pytest

from workbench.tui.app import WorkbenchApp


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


def test_main_screen(ready, snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=ready)


def test_palette_open(ready, snap_compare, app):
    async def open_palette(pilot) -> None:
        await ready(pilot)
        await pilot.press("f", "c", *"work")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=open_palette)


def test_help(ready, snap_compare, app):
    async def open_help(pilot) -> None:
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=open_help)


def test_saturation_screen(ready, settle, snap_compare, app):
    async def open_saturation(pilot) -> None:
        await ready(pilot)
        await pilot.press("f6")
        await settle(pilot.app, pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=open_saturation)
