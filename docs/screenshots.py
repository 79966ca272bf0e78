"""Write docs/main-screen.svg, the README's picture of the coding screen, from the demo.

    .venv/bin/python docs/screenshots.py
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from workbench.project.demo import build_demo
from workbench.project import Project
from workbench.tui.app import WorkbenchApp

DOCS = Path(__file__).resolve().parent


async def main_screen(project: Path) -> None:
    app = WorkbenchApp(project)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("o", *"G3", "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("n", "n", "n", "t", "tab")
        await pilot.pause()
        app.save_screenshot(str(DOCS / "main-screen.svg"))


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path, _ = build_demo(Path(folder))
        with Project.open(path) as project:
            project.set_default_coder("researcher")
        asyncio.run(main_screen(path))
    print(f"wrote {DOCS / 'main-screen.svg'}")


if __name__ == "__main__":
    main()
