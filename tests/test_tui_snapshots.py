"""Snapshots of the coding screen (pytest-textual-snapshot); update with --snapshot-update."""

import shutil

import pytest

from conftest import settle
from workbench.tui.app import WorkbenchApp


@pytest.fixture
def app(demo_file, tmp_path):
    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, path)
    return WorkbenchApp(path)


async def ready(pilot) -> None:
    await settle(pilot.app, pilot)


def test_main_screen(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=ready)


def test_palette_open(snap_compare, app):
    async def open_palette(pilot) -> None:
        await ready(pilot)
        await pilot.press("f", "c", *"work")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=open_palette)


def test_help(snap_compare, app):
    async def open_help(pilot) -> None:
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=open_help)


def test_saturation_screen(snap_compare, app):
    async def open_saturation(pilot) -> None:
        await ready(pilot)
        await pilot.press("f6")
        await settle(pilot.app, pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=open_saturation)
