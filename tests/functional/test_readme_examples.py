"""Every command line of the README's ```sh blocks runs on the demo and prints results
(issue #21): each on its own copy of the demo as `workbench demo` builds it (two coders,
N1's Chinese follow-up), in a folder of its own with the checkout's sample_transcripts/
and codebooks/. A line that follows another of the README (edit after add) runs it first;
a line that reads a file (paper.docx, names.csv, colleague.sqlite …) finds one made here."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner, Result

from workbench.cli import main
from workbench.project import Project

README = Path(__file__).resolve().parents[2] / "README.md"
# The lines that cannot run here, and why.
EXCLUDED = {
    "workbench demo": "builds the demo in the user's data folder and opens the coding screen",
}
IN_EMPTY_FOLDER = {"workbench init"}  # makes ./workbench.sqlite, so not beside the demo
ANSWER = "y\n"  # for the lines that ask first (restore, autocode, team merge …)


def command_lines(readme: str) -> list[str]:
    """The lines of the ```sh blocks that start with `workbench`, continuations joined,
    trailing comments kept (shlex drops them)."""
    lines = []
    for block in re.findall(r"^```sh\n(.*?)^```", readme, re.S | re.M):
        for line in re.sub(r"\\\n\s*", " ", block).splitlines():
            if line.strip().startswith("workbench"):
                lines.append(line.strip())
    return lines


def bare(line: str) -> str:
    """The command without its comment, as the shell reads it."""
    return shlex.join(shlex.split(line, comments=True))


COMMANDS = command_lines(README.read_text(encoding="utf-8"))


def readme_line(prefix: str) -> str:
    """The one README command that starts with ``prefix`` (it may be shown twice)."""
    found = {bare(line) for line in COMMANDS if line.startswith(prefix)}
    assert len(found) == 1, (prefix, found)
    return found.pop()


def run(line: str) -> Result:
    return CliRunner().invoke(main, shlex.split(line, comments=True)[1:], input=ANSWER)


def ran(line: str) -> str:
    result = run(line)
    assert result.exit_code == 0, (line, result.output, result.exception)
    return result.output


# -- what a line needs first ----------------------------------------------------------------

def after(*prefixes: str) -> Callable[[Path], None]:
    """Run these README lines first, in this order."""
    def prepare(folder: Path) -> None:
        for prefix in prefixes:
            ran(readme_line(prefix))
    return prepare


def interview_docx(folder: Path) -> None:
    document = docx.Document()
    for paragraph in ("Interviewer: How do follow-ups fit into your clinic days?",
                      "G7: Mostly after six, when the last patient has gone home.",
                      "Interviewer: And the forms?",
                      "G7: The forms take longer than the patients do."):
        document.add_paragraph(paragraph)
    document.save(str(folder / "Interview 7.docx"))


def focus_group(folder: Path) -> None:
    (folder / "focus-group.txt").write_text(
        "Moderator: Welcome. Who does the follow-up calls?\n\n"
        "Max Bigman: The nurses, nearly all of them.\n\n"
        "Anna Li: And we enter every reading twice.\n\n"
        "Max Bigman: Three times, with the app.\n", encoding="utf-8")


def zoom_folder(folder: Path) -> None:
    (folder / "zoom").mkdir()
    (folder / "zoom" / "G12.vtt").write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nHui Zhang: Could you start by telling me "
        "about your team?\n\n00:00:05.000 --> 00:00:09.000\nEmma Wu: Three of us, and a "
        "public-health assistant we share.\n", encoding="utf-8")


def saved_map(folder: Path) -> None:
    zoom_folder(folder)
    after("workbench import zoom/")(folder)


def old_backup(name: str) -> Callable[[Path], None]:
    def prepare(folder: Path) -> None:
        (folder / "backups").mkdir(exist_ok=True)
        shutil.copy(folder / "workbench.sqlite", folder / "backups" / name)
    return prepare


def last_meeting(folder: Path) -> None:
    """The project as it was at the last meeting: without a code added since."""
    old_backup("last-meeting.sqlite")(folder)
    ran('workbench codebook add "Telehealth" --parent "Service operation models"')


def team_copies(folder: Path) -> None:
    """The colleague's and the researcher's blind copies, each with a new coding."""
    for coder, source in (("colleague", "G5"), ("researcher", "G4")):
        ran(f"workbench team copy {coder} -o {coder}.sqlite")
        ran(f'workbench code {source} 0 400 "Staffing and workload" -p {coder}.sqlite')


def paper(folder: Path) -> None:
    """A manuscript quoting the demo: a coded passage of G1, tagged."""
    with Project.open(folder / "workbench.sqlite") as project:
        hit = project.quotes(codes=["Staffing and workload"], participants=["G1"])[0]
    document = docx.Document()
    document.add_paragraph(f"Evening data entry was common: “{hit.text}” (G1).")
    document.save(str(folder / "paper.docx"))


def names_csv(folder: Path) -> None:
    (folder / "names.csv").write_text("Dr Wang,[GP colleague],person\n"
                                      "Xiao Lin,[Nurse colleague],person\n", encoding="utf-8")


PREPARE: dict[str, Callable[[Path], None]] = {
    'workbench import "Interview 7.docx"': interview_docx,
    "workbench import focus-group.txt": focus_group,
    "workbench import --preview zoom/": zoom_folder,
    "workbench import zoom/": zoom_folder,
    "workbench sources maps": saved_map,
    "workbench restore backups/": old_backup("workbench-20240603-101500-000.sqlite"),
    'workbench codebook edit "Telehealth"': after('workbench codebook add "Telehealth"'),
    'workbench codebook rename "Telehealth"': after('workbench codebook add "Telehealth"'),
    'workbench codebook move "Remote follow-up"': after('workbench codebook add "Telehealth"',
                                                       'workbench codebook rename "Telehealth"'),
    'workbench codebook delete "Staffing"': after('workbench codebook split'),
    "workbench memos --target source:G3": after("workbench memo source G3"),
    "workbench memos --target code": after("workbench memo code"),
    "workbench codebook comments --open": after("workbench codebook comment "),
    "workbench codebook resolve": after("workbench codebook comment "),
    "workbench codebook diff backups/": last_meeting,
    "workbench team merge": team_copies,
    "workbench verify-quotes paper.docx": paper,
    "workbench deid terms import names.csv": names_csv,
    "workbench deid terms list": after('workbench deid terms add "Dr Wang"'),
    'workbench deid terms remove "Dr Wang"': after('workbench deid terms add "Dr Wang"'),
    "workbench deid check exports/paper-themes.docx":
        lambda folder: ran("workbench export themes -o exports/paper-themes.docx"),
    "workbench import colleague.qdpx":
        lambda folder: ran("workbench export qdpx -o colleague.qdpx"),
    "workbench import colleague.qdpx -p study.sqlite": after("workbench init study.sqlite --coder"),
    "workbench codebook import team.qdc":
        lambda folder: ran("workbench codebook export --format qdc -o team.qdc"),
}


def preparation(line: str) -> list[Callable[[Path], None]]:
    """What runs before ``line``: every PREPARE entry whose key starts it, shortest first."""
    return [PREPARE[key] for key in sorted(PREPARE, key=len) if line.startswith(key)]


# -- what counts as results -----------------------------------------------------------------

NONE_FOUND = re.compile(r"No .*|.* is empty\b.*")  # "No quotes match.", "… list is empty"


def quotes_found(args: list[str], output: str) -> int:
    if "-o" in args:
        sheet = openpyxl.load_workbook(args[args.index("-o") + 1]).active
        return sheet.max_row - 1  # the header row
    if "json" in args:
        return len(json.loads(output))
    counted = re.search(r"^\s*(\d+) quotes\s*$", output, re.M)
    return int(counted.group(1)) if counted else 0


def check_results(line: str, output: str) -> None:
    args = shlex.split(line, comments=True)
    assert output.strip(), f"{line}: printed nothing"
    assert not NONE_FOUND.fullmatch(output.strip()), f"{line}: {output.strip()}"
    rules = [n for n, text in enumerate(output.splitlines()) if text.strip().startswith("━")]
    if rules:  # a table: some rows below its header
        assert any(text.strip() for text in output.splitlines()[rules[-1] + 1:]), \
            f"{line}: an empty table\n{output}"
    if args[1] == "quotes":
        assert quotes_found(args, output) >= 1, f"{line}: no quotes\n{output}"
    # "Wrote x.docx", "Wrote x.sqlite: …", "Wrote 35 quotes to x.xlsx": x is there
    for wrote in re.findall(r"^Wrote (.*)", output, re.M):
        written = re.search(r"[\w./-]+\.[a-z]{2,6}\b", wrote)
        assert written and Path(written.group()).stat().st_size > 0, f"{line}: {wrote}"


@pytest.fixture
def folder(two_coder_demo: Path, tmp_path: Path, root: Path, monkeypatch) -> Path:
    """A folder of the checkout's kind as the working folder: the demo as workbench.sqlite,
    the sample study and the codebooks."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WORKBENCH_PROJECT", raising=False)
    for name in ("sample_transcripts", "codebooks"):
        (tmp_path / name).symlink_to(root / name, target_is_directory=True)
    return tmp_path


RUN = [line for line in COMMANDS if bare(line) not in EXCLUDED]


@pytest.mark.parametrize("line", RUN, ids=[bare(line) for line in RUN])
def test_readme_command_prints_results(line, folder, two_coder_demo):
    if bare(line) not in IN_EMPTY_FOLDER:
        shutil.copy(two_coder_demo, folder / "workbench.sqlite")
    for prepare in preparation(line):
        prepare(folder)
    result = run(line)
    assert result.exit_code == 0, (result.output, result.exception)
    check_results(line, result.output)


def test_the_lists_name_readme_lines():
    lines = {bare(line) for line in COMMANDS}
    assert set(EXCLUDED) <= lines and IN_EMPTY_FOLDER <= lines
    for key in PREPARE:
        assert any(line.startswith(key) for line in COMMANDS), key
    assert len(COMMANDS) > 100


def test_an_example_that_finds_nothing_fails(folder, two_coder_demo):
    shutil.copy(two_coder_demo, folder / "workbench.sqlite")
    line = "workbench quotes --text 'no such words anywhere'"
    result = run(line)
    assert result.exit_code == 0
    with pytest.raises(AssertionError, match="No quotes match"):
        check_results(line, result.output)
    with pytest.raises(AssertionError, match="no quotes"):
        check_results(line, "                   0 quotes\n")
    with pytest.raises(AssertionError, match="an empty table"):
        check_results("workbench sources maps", " folder ┃ maps\n━━━━━━━━╇━━━━━━\n")
