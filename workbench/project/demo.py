"""The demo project: the bundled sample study, built once in the user's data folder."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir

from workbench.data import data_path
from workbench.errors import WorkbenchError
from workbench.project.facade import DEFAULT_FILENAME, ImportReport, Progress, Project

DEMO_CODEBOOK = "family-doctor-integration.yaml"
DEMO_CODER = "researcher"


def default_demo_dir() -> Path:
    return Path(user_data_dir("interview-workbench", appauthor=False)) / "demo"


def build_demo(folder: Path, rebuild: bool = False,
               progress: Progress | None = None) -> tuple[Path, ImportReport | None]:
    """Create the demo project in ``folder`` unless it exists; return its path and the report."""
    path = Path(folder) / DEFAULT_FILENAME
    if path.exists() and not rebuild:
        return path, None
    building = path.with_name(path.name + ".building")
    for stale in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        stale.unlink(missing_ok=True)
    # Build under another name and rename at the end, so a half-built demo is never opened.
    with data_path("sample_transcripts") as samples, \
            data_path("codebooks", DEMO_CODEBOOK) as codebook, \
            Project.create(building, name="Family-doctor teams (demo)") as project:
        project.set_default_coder(DEMO_CODER)  # the demo's changes are the sample coder's
        if not samples.is_dir():
            raise WorkbenchError("the sample transcripts are missing from this installation",
                                 samples)
        report = project.import_paths([samples], progress=progress)
        if not report.ok:
            problems = "; ".join(f"{p}: {m}" for p, m in report.failed)
            raise WorkbenchError(f"the demo could not be built: {problems}")
        project.import_participants(samples / "participants.csv")
        project.import_codebook(codebook)
        project.import_coding_list(samples / "codings.yaml", coder=DEMO_CODER)
        project.checkpoint()
    for old in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        old.unlink(missing_ok=True)
    building.replace(path)
    return path, report
