"""Searching the open transcript (`/`, then n/N) and a source filter that matches IDs,
roles, role labels and attributes and that Esc and Enter leave (issue #21, point 6)."""

import re

from textual.widgets import Input

from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.prompt import Ask
from workbench.tui.widgets.sources import SourceTree


def shown_sources(app) -> list[str]:
    """The participant of each source in the tree (a second source of N1 shows as N1·2)."""
    tree = app.query_one("#sources", SourceTree)
    return sorted(str(leaf.label).split()[0].split("·")[0] for branch in tree.root.children
                  for leaf in branch.children)


def status(app) -> str:
    return str(app.query_one("#status").render())


async def test_slash_searches_the_transcript_and_n_walks_the_matches(demo, query, settle):
    text = query(demo, "SELECT text FROM sources WHERE name = 'G1.txt'")[0][0]
    starts = [m.start() for m in re.finditer("nurse", text, re.IGNORECASE)]
    assert len(starts) >= 3
    app = WorkbenchApp(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        view = app.coding_screen.transcript
        assert view.source.name == "G1.txt" and view.has_focus
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, Ask)
        await pilot.press(*"NURSE", "enter")
        await pilot.pause()
        assert view.selection == (starts[0], starts[0] + 5)
        assert f"search 'NURSE' 1/{len(starts)}" in status(app)
        await pilot.press("n")
        assert view.selection == (starts[1], starts[1] + 5)
        await pilot.press("n")
        assert view.selection == (starts[2], starts[2] + 5)
        await pilot.press("N")
        assert view.selection == (starts[1], starts[1] + 5)
        assert f"search 'NURSE' 2/{len(starts)}" in status(app)
        await pilot.press("N", "N")  # wraps round to the last
        assert view.selection == (starts[-1], starts[-1] + 5)
        # The match is drawn marked (bold, underlined), not by colour alone.
        row = view.layout_.line_of(starts[-1]) - view.scroll_offset.y
        styled = [seg for seg in view.render_line(row) if seg.text.lower() == "nurse"]
        assert styled and styled[0].style.bold and styled[0].style.underline
        # Esc ends the search; n moves by turn again.
        await pilot.press("escape")
        assert "search '" not in status(app)
        turn_starts = [t["start"] for t in view.source.turns]
        await pilot.press("escape", "n")
        assert view.selection is None and view.cursor in turn_starts
        # A word that is not there says so.
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"zebra", "enter")
        await pilot.pause()
        assert not view.matches
        assert any("'zebra' is not in this transcript" in str(n.message)
                   for n in app._notifications)


async def test_the_source_filter_matches_roles_labels_and_attributes(demo, query, settle):
    women = sorted(r[0] for r in query(
        demo, """SELECT s.participant FROM sources s JOIN participants p ON p.id = s.participant
                 WHERE json_extract(p.attributes, '$.sex') = 'F'"""))
    xicheng = sorted(r[0] for r in query(
        demo, """SELECT s.participant FROM sources s JOIN participants p ON p.id = s.participant
                 WHERE json_extract(p.attributes, '$.institution') LIKE '%Xicheng%'"""))
    assert women and xicheng
    app = WorkbenchApp(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.coding_screen
        box = screen.query_one("#filter", Input)
        screen.source_tree.focus()
        await pilot.press("slash")  # from the sources pane, / filters them
        assert box.has_focus
        await pilot.press(*"nurse")
        assert shown_sources(app) == ["N1", "N1", "N2", "N3", "N4", "N5"]  # the role's label (N1: two sources)
        box.value = "sex=f"
        await pilot.pause()
        assert shown_sources(app) == women
        box.value = "xicheng"
        await pilot.pause()
        assert shown_sources(app) == xicheng
        box.value = "m3"
        await pilot.pause()
        assert shown_sources(app) == ["M3"]  # an ID
        box.value = "M"
        await pilot.pause()
        assert {"M1", "M2", "M3", "M4"} <= set(shown_sources(app))  # a role prefix
        # Enter goes to the list, filtered; Enter there opens the source.
        box.value = "m3"
        await pilot.pause()
        await pilot.press("enter")
        assert screen.source_tree.has_focus
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert screen.transcript.source.participant == "M3"
        # Esc clears the filter and goes back to the transcript; keys are keys again.
        screen.source_tree.focus()
        await pilot.press("slash", *"nur", "escape")
        assert box.value == "" and screen.transcript.has_focus
        assert len(shown_sources(app)) == 21
        await pilot.press("t")
        assert box.value == "" and screen.transcript.selection is not None
