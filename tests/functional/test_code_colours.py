"""Codes without a colour get distinct ones on display; stripes carry names; the codebook and
the status line name the codes at the cursor (point 1 of issue 21)."""

import itertools

from workbench import colours
from workbench.project import Project
from workbench.tui.app import WorkbenchApp
from workbench.tui.widgets.codebook import CodebookTree
from workbench.tui.widgets.transcript import stripe_cells


def flat(tree):
    for node in tree:
        yield node
        yield from flat(node["children"])


def test_codes_added_without_a_colour_get_distinct_ones_and_nothing_is_written(
        cli_on, demo, dump):
    cli = cli_on(demo)
    for name, parent in (("Waiting times", "Staffing and workload"),
                         ("Night shifts", "Staffing and workload"), ("Money", None)):
        args = ["codebook", "add", name] + (["--parent", parent] if parent else [])
        result = cli(*args)
        assert result.exit_code == 0, result.output
    before = dump(demo)
    with Project.open(demo) as project:
        nodes = {n["name"]: n for n in flat(project.codebook_tree(participants=False))}
    assert dump(demo) == before  # shown colours are worked out, not stored
    new = ["Waiting times", "Night shifts", "Money"]
    assert all(nodes[name]["colour"] is None for name in new)
    shown = [n["shown_colour"] for n in nodes.values()]
    assert len(set(shown)) == len(shown)
    for name in new:
        others = [n["shown_colour"] for n in nodes.values() if n["name"] != name]
        assert min(colours.distance(nodes[name]["shown_colour"], o) for o in others) \
            >= colours.MIN_DISTANCE
    # A sub-theme is a shade of its theme's hue.
    theme = nodes["Staffing and workload"]["shown_colour"]
    for name in ("Waiting times", "Night shifts"):
        gap = abs(colours.hue(nodes[name]["shown_colour"]) - colours.hue(theme)) % 360
        assert min(gap, 360 - gap) <= colours.HUE_SPREAD + 1
    assert min(colours.distance(a, b) for a, b in itertools.combinations(shown, 2)) > 0.02


def test_stripe_cells_share_the_margin():
    assert stripe_cells([("Workload", "#111111", True)], 8) == [("Workloa", "#111111"),
                                                                ("▌", "#111111")]
    two = stripe_cells([("Workload", "#111111", True), ("Time", "#222222", True)], 8)
    assert "".join(t for t, _ in two) == "Wor▌Tim▌"
    three = [("A b", "#1", True), ("Cd", "#2", True), ("E", "#3", True)]
    assert "".join(t for t, _ in stripe_cells(three, 8)) == "A▌C▌E▌"
    many = [(str(i), "#1", True) for i in range(12)]
    assert "".join(t for t, _ in stripe_cells(many[:5], 8)) == "▌" * 5
    assert "".join(t for t, _ in stripe_cells(many, 8)) == "▌" * 7 + "+"
    assert stripe_cells([], 8) == []


def test_a_code_not_named_on_a_line_keeps_its_bar_in_the_same_column():
    named = stripe_cells([("Workload", "#1", True), ("Time", "#2", True)], 8)
    later = stripe_cells([("Workload", "#1", False), ("Time", "#2", True)], 8)
    assert "".join(t for t, _ in later) == "   ▌Tim▌"
    assert [len(t) for t, _ in later] == [len(t) for t, _ in named]


def code_g1_with_money(cli_on, demo, after: int, length: int) -> tuple[int, int]:
    """A new code, Money, on G1 from the line after offset ``after`` for about ``length``
    characters (to a word's end); the span coded."""
    cli = cli_on(demo)
    assert cli("codebook", "add", "Money").exit_code == 0
    with Project.open(demo) as project:
        text = project.source_text(project.source("G1.txt")["id"]).text
    start = text.index("\n", after) + 1
    end = text.index(" ", start + length)
    assert cli("code", "G1.txt", str(start), str(end), "Money").exit_code == 0
    return start, end


async def test_a_long_passage_is_named_once_in_the_margin(cli_on, settle, demo):
    start, end = code_g1_with_money(cli_on, demo, 1500, 900)
    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        view = app.coding_screen.transcript
        first = next(i for i, line in enumerate(view.layout_.lines) if line.end > start)
        view.scroll_to(y=first - 3, animate=False)
        await pilot.pause()
        assert view.scroll_offset.y == first - 3
        rows = [view.render_line(y).text[:9] for y in range(view.size.height)]
        money = [(y, m) for y, m in enumerate(rows) if "▌" in m and
                 view.layout_.lines[y + view.scroll_offset.y].start < end and
                 view.layout_.lines[y + view.scroll_offset.y].end >= start]
        assert len(money) >= 5, rows
        named = [y for y, m in money if "Money▌" in m]
        # Named where it begins (and on the top row, if the passage reaches it), bars below.
        assert named and len(named) <= 2, rows
        assert all(m.rstrip().endswith("▌") for _, m in money)


async def test_the_coded_passage_is_named_in_margin_codebook_and_status(cli_on, settle, demo,
                                                                        query):
    code_g1_with_money(cli_on, demo, 400, 30)
    app = WorkbenchApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        view = app.coding_screen.transcript
        start = query(demo, "SELECT k.start FROM codings k JOIN codes c ON c.id = k.code "
                            "WHERE c.name = 'Money'")[0][0]
        view.focus()
        view.move_to(start)
        await pilot.pause()
        assert view.cursor == start
        await settle(app, pilot)
        margins = [view.render_line(y).text[:9] for y in range(view.size.height)]
        assert any(m.endswith("Money▌ ") for m in margins), "|".join(margins)
        status = str(app.query_one("#status").render())
        assert "codes here: " in status and "▌Money" in status
        tree = app.query_one("#codes", CodebookTree)
        labels = [str(node.label) for node in tree._code_nodes.values()]
        money = next(label for label in labels if "Money" in label)
        assert money.startswith("▶")
        assert sum(label.startswith("▶") for label in labels) == len(view.codings_at())
        # Moving to an uncoded place takes the marks away.
        view.move_to(0)
        await pilot.pause()
        assert view.codings_at() == []
        assert not any(str(n.label).startswith("▶") for n in tree._code_nodes.values())
        assert "codes here" not in str(app.query_one("#status").render())
