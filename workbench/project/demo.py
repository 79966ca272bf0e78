"""The demo project: the bundled sample study, built once in the user's data folder."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir

from workbench.data import data_path
from workbench.errors import WorkbenchError
from workbench.project.facade import DEFAULT_FILENAME, ImportReport, Progress, Project

DEMO_CODEBOOK = "family-doctor-integration.yaml"
DEMO_CODER = "researcher"
SECOND_CODER = "colleague"
# N1's follow-up interview in Chinese: a second source of N1, left out of the interview order
# so that saturation (and the second coder's first interviews) count the 20 interviews.
CHINESE_SOURCE = "N1_访谈.txt"
DOUBLE_CODED = 4  # the first interviews in interview order that the second coder coded too
HARD_CODES = 3  # codes the second coder read differently (lower agreement), by usage rank


def default_demo_dir() -> Path:
    return Path(user_data_dir("interview-workbench", appauthor=False)) / "demo"


def build_demo(folder: Path, rebuild: bool = False, progress: Progress | None = None,
               second_coder: bool = True) -> tuple[Path, ImportReport | None]:
    """Create the demo project in ``folder`` unless it exists; return its path and the report.
    ``second_coder``: add the colleague who double-coded four interviews."""
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
        report = project.import_paths([samples, samples / "zh" / CHINESE_SOURCE],
                                      progress=progress)
        if not report.ok:
            problems = "; ".join(f"{p}: {m}" for p, m in report.failed)
            raise WorkbenchError(f"the demo could not be built: {problems}")
        project.set_interview_order(leave_out=[CHINESE_SOURCE])
        project.import_participants(samples / "participants.csv")
        project.import_codebook(codebook)
        project.import_coding_list(samples / "codings.yaml", coder=DEMO_CODER)
        if second_coder:
            add_second_coder(project)
        project.checkpoint()
    for old in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        old.unlink(missing_ok=True)
    building.replace(path)
    return path, report


def add_second_coder(project: Project, seed: int = 15) -> int:
    """A second coder who double-coded the first interviews: the researcher's codings, each
    kept, moved to the sentence boundaries, widened by a sentence or left out, and a few
    sentences coded that the researcher did not, drawn from a seeded generator so that the
    demo is the same every time (κ mostly 0.6–0.85, lower on a few codes). One history step;
    the number of codings."""
    import random

    from workbench.coding import undo as undo_steps
    from workbench.store import sources as source_store

    rng = random.Random(seed)
    order = [row for row in project.interview_order() if not row.get("left_out")]
    chosen = [row["id"] for row in order][:DOUBLE_CODED]
    spans = {sid: sorted(project.source_codings(sid), key=lambda c: (c.start, c.id))
             for sid in chosen}
    usage: dict[int, int] = {}
    for coded in spans.values():
        for c in coded:
            usage[c.code] = usage.get(c.code, 0) + 1
    ranked = sorted(usage, key=lambda code: (-usage[code], code))
    hard = set(ranked[2:2 + HARD_CODES])
    planned: list[tuple[int, int, int, int]] = []
    for sid in chosen:
        sentences = source_store.sentence_spans(project.db, sid)
        for c in spans[sid]:
            leave_out = 0.7 if c.code in hard else 0.18
            draw = rng.random()
            if draw < leave_out:
                continue
            inside = [i for i, (s, e) in enumerate(sentences) if s < c.end and e > c.start]
            if not inside:
                continue
            first, last = inside[0], inside[-1]
            draw = rng.random()
            if draw < 0.3 and last + 1 < len(sentences):
                last += 1  # one sentence more
            elif draw < 0.5 and last > first:
                last -= 1  # one sentence less
            planned.append((sid, sentences[first][0], sentences[last][1], c.code))
        uncoded = [i for i, (s, e) in enumerate(sentences)
                   if not any(c.start < e and c.end > s for c in spans[sid])]
        used = sorted({c.code for c in spans[sid]})
        for code in used:
            extra = 0.8 if code in hard else 0.3
            if uncoded and rng.random() < extra:
                s, e = sentences[rng.choice(uncoded)]
                planned.append((sid, s, e, code))
    with undo_steps.recorded(project.db, SECOND_CODER, "codings.import",
                             f"demo: {SECOND_CODER} double-coded {len(chosen)} interviews"):
        added = sum(project.codings.apply(sid, start, end, code, coder=SECOND_CODER)["created"]
                    for sid, start, end, code in planned)
    return added
