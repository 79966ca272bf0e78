"""The first change asks who is coding; the OS user's login is never taken silently
(issue #21, point 7)."""

import pytest

from workbench.cli import main
from workbench.project import NO_CODER, Project
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.prompt import Ask


@pytest.fixture
def unnamed(tmp_path, samples):
    """A project with a transcript and a code, and no coder named."""
    path = tmp_path / "fresh.sqlite"
    with Project.create(path) as project:
        project.import_paths([samples / "G1.txt"])
    return path


def test_a_script_is_told_how_to_name_the_coder(unnamed, cli_on, dump, query):
    cli = cli_on(unnamed)
    before = dump(unnamed)
    result = cli("codebook", "add", "Workload")
    assert result.exit_code == 1
    assert result.output.strip() == f"error: {unnamed}: {NO_CODER}"
    assert "`workbench coder NAME`" in result.output
    assert dump(unnamed) == before
    assert cli("codebook", "show").exit_code == 0  # reading never asks
    assert "No coder is named yet" in cli("coder").output
    assert cli("coder", "Dr Chen").output.strip() == "Default coder: Dr Chen"
    assert cli("codebook", "add", "Workload").exit_code == 0
    assert query(unnamed, "SELECT actor, summary FROM history ORDER BY id DESC LIMIT 2") == [
        ("Dr Chen", "added code 'Workload'"), ("Dr Chen", "set the default coder to Dr Chen")]


def test_at_a_terminal_the_first_change_asks(unnamed, cli_on, query, monkeypatch):
    monkeypatch.setattr("workbench.cli.common.interactive", lambda: True)
    cli = cli_on(unnamed)
    result = cli.runner.invoke(main, ["memo", "project", "First thoughts.", "-p", str(unnamed)],
                               input="Hui Zhang\n")
    assert result.exit_code == 0, result.output
    assert "Who is coding?" in result.output
    assert query(unnamed, "SELECT value FROM settings WHERE key = 'coder'") == [("Hui Zhang",)]
    assert query(unnamed, "SELECT c.name FROM memos m JOIN coders c ON c.id = m.author"
                 ) == [("Hui Zhang",)]


def test_the_demo_names_its_coder(demo_file, query):
    actors = query(demo_file, "SELECT DISTINCT actor FROM history")
    assert actors == [("researcher",)]
    assert query(demo_file, "SELECT summary FROM history ORDER BY id LIMIT 1") == [
        ("set the default coder to researcher",)]


async def test_the_coding_screen_asks_for_the_coder(unnamed, query, settle):
    app = WorkbenchApp(unnamed)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, Ask)
        assert "Who is coding?" in str(app.screen.query_one("Label").render())
        await pilot.press("escape")  # not now
        await pilot.pause()
        assert "coder (not named yet)" in str(app.query_one("#status").render())
        await pilot.press("m")
        await pilot.pause()
        await pilot.press(*"Rich on workload.", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, Ask)  # the first change asks again
        assert query(unnamed, "SELECT count(*) FROM memos") == [(0,)]
        await pilot.press(*"Dr Chen", "enter")
        await settle(app, pilot)
        assert "coder Dr Chen" in str(app.query_one("#status").render())
    assert query(unnamed, "SELECT value FROM settings WHERE key = 'coder'") == [("Dr Chen",)]
    assert query(unnamed, "SELECT text FROM memos") == [("Rich on workload.",)]
    assert query(unnamed, "SELECT actor FROM history ORDER BY id DESC LIMIT 1") == [("Dr Chen",)]


def test_init_names_the_coder_or_refuses_a_blank_name(tmp_path, cli_on, query):
    path = tmp_path / "named.sqlite"
    made = cli_on(path)("init", str(path), "--coder", " Hui Zhang ", project=False)
    assert made.exit_code == 0 and made.output.strip().endswith("; coder Hui Zhang")
    assert query(path, "SELECT value FROM settings WHERE key = 'coder'") == [("Hui Zhang",)]
    blank = tmp_path / "blank.sqlite"
    refused = cli_on(blank)("init", str(blank), "--coder", "  ", project=False)
    assert refused.exit_code == 1 and "a coder needs a name" in refused.output
    assert not blank.exists()  # refused before the file is made
