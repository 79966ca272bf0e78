"""Shared fixtures: projects in temporary folders, a CLI runner, database dumps."""

from __future__ import annotations

import io
import re
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.project import Project

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_transcripts"


def dump_rows(path: Path) -> list[str]:
    """Every row of every table, as SQL: equal dumps mean equal content."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def query_rows(path: Path, sql: str, params: tuple | list = ()) -> list[tuple]:
    """Rows of an independent query on a project file (not through the workbench)."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    """The coded demo project, built once per test session; copy it before changing it. It
    has the researcher's 375 codings only (the second coder: the ``two_coder_demo`` fixture)."""
    from workbench.project.demo import build_demo

    path, report = build_demo(tmp_path_factory.mktemp("demo"), second_coder=False)
    assert report is not None and report.ok
    with Project.open(path) as project:
        project.set_default_coder("researcher")
    assert not Path(f"{path}-wal").exists()  # a closed project leaves no write-ahead log
    return path


@pytest.fixture(scope="session")
def two_coder_demo(tmp_path_factory) -> Path:
    """The demo as `workbench demo` builds it: the researcher's 375 codings and a second
    coder's on four interviews (read-only; copy it before changing it)."""
    from workbench.project.demo import build_demo

    path, report = build_demo(tmp_path_factory.mktemp("demo2"))
    assert report is not None and report.ok
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Path:
    """A copy of the coded demo project, to change."""
    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, path)
    return path


@pytest.fixture
def dated_demo(demo_file: Path, tmp_path: Path) -> Path:
    """A copy of the demo with its interviews in the order they were conducted."""
    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, path)
    with Project.open(path) as project:
        project.set_interview_order(by_date=True)
    return path


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "study.sqlite"
    Project.create(path).close()
    conn = sqlite3.connect(path)  # a named coder (else the first change asks), not a step
    with conn:
        conn.execute("INSERT INTO settings (key, value) VALUES ('coder', 'researcher')")
    conn.close()
    return path


@pytest.fixture
def project(project_path: Path):
    with Project.open(project_path) as opened:
        yield opened


async def settle_app(app, pilot, group: str | None = None) -> None:
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


# The helpers above, as fixtures: tests ask for them by name instead of importing conftest.

@pytest.fixture(scope="session")
def dump():
    """``dump(path)``: every row of a project file as SQL lines."""
    return dump_rows


@pytest.fixture(scope="session")
def query():
    """``query(path, sql, params)``: rows of an independent query on a project file."""
    return query_rows


@pytest.fixture(scope="session")
def settle():
    """``await settle(app, pilot, group=None)``: wait until the app's workers are done."""
    return settle_app


@pytest.fixture(scope="session")
def cli_on():
    """``cli_on(path)``: a CLI runner on any project file (``cli`` is the one on ``project_path``)."""
    return Cli


@pytest.fixture(scope="session")
def qde_of():
    """``qde_of(archive)``: the project.qde of .qdpx bytes, checked against the official
    REFI-QDA Project.xsd in ../shared."""
    import xmlschema

    schema_path = ROOT.parent / "shared" / "refi-qda" / "Project.xsd"
    assert schema_path.is_file(), f"the REFI-QDA schema is missing: {schema_path}"
    schema = xmlschema.XMLSchema(schema_path)

    def read(archive: bytes) -> bytes:
        qde = zipfile.ZipFile(io.BytesIO(archive)).read("project.qde")
        schema.validate(io.BytesIO(qde))
        return qde
    return read


@pytest.fixture(scope="session")
def without_times():
    """``without_times(qde)``: the XML without its creation and modification times."""
    return lambda qde: re.sub(rb' (creationDateTime|modifiedDateTime)="[^"]*"', b"", qde)


@pytest.fixture(scope="session")
def samples() -> Path:
    """The bundled English sample transcripts (with participants.csv)."""
    return SAMPLES


@pytest.fixture(scope="session")
def root() -> Path:
    """The project checkout's root folder."""
    return ROOT
