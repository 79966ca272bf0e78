"""Layout (issue 21, point 5): the transcript keeps 60 % of the width, z toggles the side
panes, F-screens replace each other, an empty project says to press F4."""

import pytest

from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.coding import CodingScreen
from workbench.tui.screens.export import ExportScreen
from workbench.tui.screens.importer import ImportScreen
from workbench.tui.screens.saturation import SaturationScreen


@pytest.mark.parametrize("width,height,panes", [(80, 24, "codebook"), (120, 40, "both"),
                                                (200, 50, "both"), (60, 24, "codebook")])
async def test_the_transcript_keeps_sixty_percent(settle, demo, width, height, panes):
    app = WorkbenchApp(demo)
    async with app.run_test(size=(width, height)) as pilot:
        await settle(app, pilot)
        screen = app.coding_screen
        assert screen.panes == panes
        assert screen.transcript.size.width >= 0.6 * width - 1
        codes = app.query_one("#right")
        assert codes.display and codes.size.width >= 0.2 * width


async def test_z_cycles_the_side_panes(settle, demo):
    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.coding_screen
        app.query_one("#codes").focus()
        seen = []
        for _ in range(3):
            await pilot.press("z")
            await pilot.pause()
            seen.append((screen.panes, app.query_one("#left").display,
                         app.query_one("#right").display, screen.transcript.size.width))
        assert [s[:3] for s in seen] == [("codebook", False, True), ("none", False, False),
                                         ("both", True, True)]
        assert seen[1][3] >= 115  # the transcript alone
        assert screen.focused is screen.transcript or seen[-1][0] == "both"
        # The source filter brings the sources pane back.
        await pilot.press("z", "z")
        await pilot.pause()
        assert screen.panes == "none"
        screen.action_filter_sources()
        await pilot.pause()
        assert screen.panes == "both" and app.query_one("#left").display


async def test_f_screens_replace_each_other(settle, demo):
    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f6")
        await settle(app, pilot)
        assert isinstance(app.screen, SaturationScreen)
        await pilot.press("f7")
        await settle(app, pilot)
        assert isinstance(app.screen, ExportScreen) and len(app.screen_stack) == 2
        footer_keys = {key for key, b in app.screen.active_bindings.items() if b.binding.show}
        assert {"escape", "ctrl+s"} <= footer_keys and "c" not in footer_keys
        await pilot.press("f4")
        await pilot.pause(0.3)  # its DirectoryTree's loader runs until the screen closes
        assert isinstance(app.screen, ImportScreen) and len(app.screen_stack) == 2
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, CodingScreen) and len(app.screen_stack) == 1


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])  # with the sources pane at 120
async def test_an_empty_project_says_to_press_f4(settle, project_path, size):
    app = WorkbenchApp(project_path)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        view = app.coding_screen.transcript
        drawn = "\n".join(view.render_line(y).text for y in range(view.size.height))
        assert "No transcripts yet" in drawn and "Press F4" in drawn
        assert view.has_focus  # so the footer shows the coding keys
        await pilot.press("f4")
        await pilot.pause(0.3)
        assert isinstance(app.screen, ImportScreen)


def _inside(widget, size) -> bool:
    region = widget.region
    return region.width > 0 and region.right <= size[0] and region.bottom <= size[1]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_import_export_and_memo_browser_fit(settle, demo, size):
    app = WorkbenchApp(demo)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("f4")
        await pilot.pause(0.3)
        assert _inside(app.screen.query_one("#go"), size)  # the Import button
        assert app.screen.query_one("#path").region.width >= 40
        # a preview's table (participant, interviewer, header, a row per speaker) fits
        assert app.screen.query_one("#log").content_region.height >= 6
        await pilot.press("f7")
        await settle(app, pilot)
        output = app.screen.query_one("#x-output")
        assert output.region.width >= 40 and _inside(output, size)
        assert _inside(app.screen.query_one("#x-go"), size)
        assert _inside(app.screen.query_one("#x-presence"), size)
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("M")
        await settle(app, pilot)
        for name in ("#memo-kind", "#memo-filter", "#memo-rows", "#memo-view"):
            assert _inside(app.screen.query_one(name), size), name


async def test_saturation_controls_fit_at_80x24(settle, demo):
    app = WorkbenchApp(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f6")
        await settle(app, pilot)
        for name in ("#sat-level", "#sat-by", "#sat-deductive", "#sat-base", "#sat-run",
                     "#sat-threshold", "#sat-plot", "#sat-table", "#sat-right"):
            widget = app.screen.query_one(name)
            assert _inside(widget, (80, 24)), name
        assert app.screen.query_one("#sat-threshold").region.width >= 8


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_quotes_filters_and_hits_fit(settle, demo, size):
    """The filters show their whole label on one row, and the hits give the codes and the
    passage the room before the source (which the preview names)."""
    from textual.widgets import DataTable, Select

    app = WorkbenchApp(demo)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("f5")
        await settle(app, pilot)
        for select in app.screen.query(Select):
            shown = select.query_one("SelectCurrent Static#label")
            label = str(shown.render())
            assert shown.size.width >= len(label), (select.id, label, shown.size)
        table = app.screen.query_one("#q-hits", DataTable)
        assert [str(c.label) for c in table.columns.values()][:4] == [
            "who", "turn", "codes", "passage"]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_codebook_counts_stay_in_sight(settle, demo, size):
    """A long code name is cut with "…" so that its count stays at the pane's right edge."""
    from rich.style import Style

    from workbench.tui.widgets.codebook import CodebookTree

    app = WorkbenchApp(demo)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        tree = app.query_one("#codes", CodebookTree)
        width = tree.size.width - tree.styles.scrollbar_size_vertical
        cut = 0
        for code_id, node in tree._code_nodes.items():
            shown = tree.render_label(node, Style(), Style())
            depth, up = 0, node
            while up.parent is not None:
                depth, up = depth + 1, up.parent
            assert shown.plain.endswith(f" {tree.codes[code_id]['codings_total']}"), shown.plain
            assert depth * tree.guide_depth + shown.cell_len <= width, shown.plain
            cut += "…" in shown.plain
        assert cut  # the demo has names longer than the pane
