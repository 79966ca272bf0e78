"""Shared fixtures: projects in temporary folders, a CLI runner, database dumps."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.project import Project

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_transcripts"


def dump(path: Path) -> list[str]:
    """Every row of every table, as SQL: equal dumps mean equal content."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def query(path: Path, sql: str, params: tuple | list = ()) -> list[tuple]:
    """Rows of an independent query on a project file (not through the workbench)."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    """The coded demo project, built once per test module; copy it before changing it."""
    from workbench.project.demo import build_demo

    path, _ = build_demo(tmp_path_factory.mktemp("demo"))
    with Project.open(path) as project:
        project.set_default_coder("researcher")
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Path:
    """A copy of the coded demo project, to change."""
    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, path)
    return path


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "study.sqlite"
    Project.create(path).close()
    return path


@pytest.fixture
def project(project_path: Path):
    with Project.open(project_path) as opened:
        yield opened


async def settle(app, pilot, group: str | None = None) -> None:
    """Let the app's workers finish, including those that finishing ones start (the first
    screen starts its summaries); only ``group``'s where a screen has endless workers."""
    from textual.worker import WorkerCancelled

    await pilot.pause()
    while busy := [w for w in app.workers
                   if not w.is_finished and (group is None or w.group == group)]:
        for worker in busy:
            try:
                await worker.wait()
            except WorkerCancelled:  # replaced by a newer one of its exclusive group
                pass
        await pilot.pause()
    await pilot.pause()


class Cli:
    def __init__(self, project_path: Path) -> None:
        self.project_path = project_path
        self.runner = CliRunner()

    def __call__(self, *args: str, project: bool = True):
        argv = list(args)
        if project:
            argv += ["-p", str(self.project_path)]
        return self.runner.invoke(main, argv, catch_exceptions=True)


@pytest.fixture
def cli(project_path: Path) -> Cli:
    return Cli(project_path)


@pytest.fixture(scope="session")
def sample_project(tmp_path_factory) -> Path:
    """The English sample study imported once (read-only for the tests that use it)."""
    path = tmp_path_factory.mktemp("samples") / "samples.sqlite"
    with Project.create(path) as project:
        report = project.import_paths([SAMPLES])
        assert report.ok, report.failed
        project.import_participants(SAMPLES / "participants.csv")
    return path
