"""The demo project: the bundled sample study, built once in the user's data folder."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir

from workbench.errors import WorkbenchError
from workbench.project import DEFAULT_FILENAME, ImportReport, Progress, Project

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = REPO_ROOT / "sample_transcripts"
DEMO_CODEBOOK = REPO_ROOT / "codebooks" / "family-doctor-integration.yaml"
DEMO_CODER = "researcher"


def default_demo_dir() -> Path:
    return Path(user_data_dir("interview-workbench", appauthor=False)) / "demo"


def build_demo(folder: Path, rebuild: bool = False,
               progress: Progress | None = None) -> tuple[Path, ImportReport | None]:
    """Create the demo project in ``folder`` unless it exists; return its path and the report."""
    path = Path(folder) / DEFAULT_FILENAME
    if path.exists() and not rebuild:
        return path, None
    if not SAMPLE_DIR.is_dir():
        raise WorkbenchError("the sample transcripts are missing from this installation", SAMPLE_DIR)
    building = path.with_name(path.name + ".building")
    for stale in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        stale.unlink(missing_ok=True)
    # Build under another name and rename at the end, so a half-built demo is never opened.
    with Project.create(building, name="Family-doctor teams (demo)") as project:
        report = project.import_paths([SAMPLE_DIR], progress=progress)
        if not report.ok:
            problems = "; ".join(f"{p}: {m}" for p, m in report.failed)
            raise WorkbenchError(f"the demo could not be built: {problems}")
        project.import_participants(SAMPLE_DIR / "participants.csv")
        project.import_codebook(DEMO_CODEBOOK)
        project.import_coding_list(SAMPLE_DIR / "codings.yaml", coder=DEMO_CODER)
        project.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for old in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        old.unlink(missing_ok=True)
    building.replace(path)
    return path, report
