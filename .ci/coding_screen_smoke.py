"""Open the coding screen headless on a project, from an installed wheel, and check that it
drew the project: the stylesheet, the screens and the data all came with the package."""

from __future__ import annotations

import asyncio
import html
import re
import sys
from pathlib import Path

import workbench
from workbench.tui.app import WorkbenchApp


async def main(project: Path, expect: list[str]) -> None:
    app = WorkbenchApp(project)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(50):  # the first screen fills in from workers
            await pilot.pause(0.1)
            await app.workers.wait_for_complete()
        svg = app.export_screenshot()
    drawn = html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")
    missing = [text for text in expect if text not in drawn]
    if missing:
        sys.exit(f"the coding screen did not show {missing}")
    print(f"coding screen drew {', '.join(expect)} (workbench from {Path(workbench.__file__).parent})")


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), sys.argv[2:]))
