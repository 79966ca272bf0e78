"""Snapshots of every screen at 80×24 and 120×40 (pytest-textual-snapshot); update with
--snapshot-update, and look at each one (snapshot_report.html) before committing it.

Each screen is drawn the same on every run: the app's workers have finished before the
picture is taken, the clock every stamp reads is stopped (memos, comments and history
carry dates), the importer looks at a folder named the same in every run, and nothing
animates."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from textual.pilot import Pilot
from textual.widgets import DirectoryTree, Input

from workbench import stamps
from workbench.project import Project
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.importer import ImportScreen

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
STOPPED_AT = dt.datetime(2024, 6, 3, 9, 15, tzinfo=dt.timezone.utc)


class _StoppedClock(dt.datetime):
    @classmethod
    def now(cls, tz=None):
        return STOPPED_AT.astimezone(tz) if tz else STOPPED_AT.replace(tzinfo=None)


def stop_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ``stamps.now()`` (the one clock rows are stamped with) says STOPPED_AT."""
    monkeypatch.setattr(stamps, "dt", SimpleNamespace(datetime=_StoppedClock,
                                                       timezone=dt.timezone))


@pytest.fixture(scope="module")
def stopped_demo(tmp_path_factory) -> Path:
    """The demo (the researcher's codings only) built with the clock stopped: its memos and
    its history have the same dates in every run."""
    from workbench.project.demo import build_demo

    with pytest.MonkeyPatch.context() as monkeypatch:
        stop_clock(monkeypatch)
        path, _ = build_demo(tmp_path_factory.mktemp("stopped"), second_coder=False)
    return path


# -- what some screens need before or after they open ------------------------------------

def _interviews_folder(path: Path, samples: Path) -> None:
    """A folder next to the project (the working folder) for the importer to show."""
    folder = path.parent / "interviews"
    folder.mkdir()
    for name in ("G1.txt", "G4.md", "N2.md"):
        shutil.copy(samples / name, folder)


def _comments(path: Path, samples: Path) -> None:
    """A thread on the code the codebook screen opens on: one comment resolved, one open."""
    with Project.open(path) as project:
        first = project.codebook.codes()[0]["id"]
        done = project.review.add_comment(first, "Is this a theme or a code? Merge with 2?")
        project.review.resolve(done["id"])
        project.review.add_comment(first, "Definition reads well now; examples still missing.")


async def _open_importer(pilot: Pilot) -> None:
    """The importer on ``interviews`` (relative, so its name is the same in every run; F4
    opens it on the project's folder, an absolute temporary path here), then a preview."""
    pilot.app.push_screen(ImportScreen(Path("interviews")))
    await pilot.pause()
    await pilot.app.screen.query_one(DirectoryTree).reload()  # the tree is listed
    pilot.app.screen.query_one("#path", Input).focus()
    await pilot.press("enter")


async def _fixed_export_name(pilot: Pilot) -> None:
    """The export's file name carries today's date."""
    pilot.app.screen.query_one("#x-output", Input).value = "exports/demo-themes.docx"


async def _ask_coder(pilot: Pilot) -> None:
    pilot.app.ask_coder()


@dataclass(frozen=True)
class Reach:
    """How to get to a screen from the coding screen once it is ready."""
    keys: tuple[str, ...] = ()
    # the fixture of the project: stopped_demo, two_coder_demo, project_path (empty); or
    # "missing": no project file (the start screen)
    project: str = "stopped_demo"
    prepare: Callable[[Path, Path], None] | None = None  # (project, samples), before the app
    then: Callable[[Pilot], Awaitable[None]] | None = None  # after the keys
    workers: str | None = None  # the only worker group to wait for (None: all of them)


SCREENS = {
    "coding": Reach(),
    "coding_panes_none": Reach(("z", "z")),
    "empty": Reach(project="project_path"),
    "start": Reach(project="missing"),
    "help": Reach(("question_mark",)),
    "command_palette": Reach(("ctrl+p",)),
    "code_palette": Reach(("t", "c")),
    "memo": Reach(("m",)),
    "memos": Reach(("M",)),
    "open_participant": Reach(("o",)),
    "coder_name": Reach(then=_ask_coder),
    "passages": Reach(("tab", "down", "a")),
    "participants": Reach(("f2",)),
    "codebook": Reach(("f3",)),
    "comments": Reach(("f3", "down", "c"), prepare=_comments),
    "choose": Reach(("f3", "down", "s")),
    # The DirectoryTree's loader runs until the screen closes: wait for the preview only.
    "import": Reach(prepare=_interviews_folder, then=_open_importer, workers="import"),
    "quotes": Reach(("f5",)),
    "saturation": Reach(("f6",)),
    "export": Reach(("f7",), then=_fixed_export_name),
    "deidentification": Reach(("f8",)),
    "consensus": Reach(("K",), project="two_coder_demo"),
}
CASES = [(screen, size) for screen in SCREENS for size in SIZES]


@pytest.mark.parametrize("screen,size", CASES)
def test_screen(screen, size, snap_compare, settle, request, samples, tmp_path, monkeypatch):
    reach = SCREENS[screen]
    stop_clock(monkeypatch)
    monkeypatch.chdir(tmp_path)  # the exports and the importer's folder are relative
    path = tmp_path / "demo.sqlite"
    if reach.project == "project_path":
        path = request.getfixturevalue("project_path")
    elif reach.project != "missing":
        shutil.copy(request.getfixturevalue(reach.project), path)
    if reach.prepare is not None:
        reach.prepare(path, samples)
    app = WorkbenchApp(path)
    app.animation_level = "none"  # the progress bar's sweep

    async def open_screen(pilot: Pilot) -> None:
        await settle(pilot.app, pilot)
        for key in reach.keys:  # each on the screen the key before has filled
            await pilot.press(key)
            await settle(pilot.app, pilot, reach.workers)
        if reach.then is not None:
            await reach.then(pilot)
        await settle(pilot.app, pilot, reach.workers)
        for typing in pilot.app.screen.query("Input, TextArea"):
            typing.cursor_blink = False  # the cursor shown, not blinked away
        await pilot.wait_for_scheduled_animations()
        await settle(pilot.app, pilot, reach.workers)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=open_screen)
