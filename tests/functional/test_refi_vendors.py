"""REFI-QDA files as NVivo, ATLAS.ti, MAXQDA, Taguette and portableQDA really write them.

Each fixture under tests/fixtures/refi/ reproduces one program's habits and has what it
must import as written beside it (expected.tsv, codebooks/expected.txt), counted by hand.
The archives are zipped from the fixture folders here.
"""

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from workbench.project import Project
from workbench.project.exchange import import_qdpx

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "refi"
VENDORS = ["nvivo-windows", "atlasti-win", "maxqda", "unknown-program"]


def archive_of(folder: Path, target: Path, origin: str | None = None) -> Path:
    """The fixture folder as a .qdpx; ``origin`` replaces the program's name (None keeps it,
    '' removes it)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.name != "expected.tsv":
                data = path.read_bytes()
                if path.name == "project.qde" and origin is not None:
                    data = re.sub(rb' origin="[^"]*"',
                                  f' origin="{origin}"'.encode() if origin else b"", data)
                archive.writestr(path.relative_to(folder).as_posix(), data)
    return target


def expected(folder: Path) -> dict[str, list[tuple[str, ...]]]:
    rows: dict[str, list[tuple[str, ...]]] = {}
    for line in (folder / "expected.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            kind, *fields = line.split("\t")
            rows.setdefault(kind, []).append(tuple(f.replace("\\n", "\n") for f in fields))
    return rows


def imported(tmp_path: Path, name: str, origin: str | None = None):
    project = Project.create(tmp_path / f"{name}.sqlite")
    report = import_qdpx(project, archive_of(FIXTURES / name, tmp_path / f"{name}.qdpx", origin))
    return project, report


def coded_texts(project: Project) -> list[tuple[str, str, str]]:
    """Every coding as (source, code path, text[start:end] of the stored text)."""
    texts = {s["name"]: project.source(s["name"])["text"] for s in project.sources()}
    return sorted((c["source_name"], c["code_path"], texts[c["source_name"]][c["start"]:c["end"]])
                  for c in project.codings.list())


def memos_of(project: Project) -> list[tuple[str, str]]:
    """Every memo as (target, text): ``coding:<code path>:<passage>`` or ``source:<name>``."""
    texts = {s["id"]: s["text"] for s in (project.source(r["name"]) for r in project.sources())}
    codings = {str(c["id"]): c for c in project.codings.list()}
    names = {str(s["id"]): s["name"] for s in (project.source(r["name"]) for r in project.sources())}
    found = []
    for row in project.db.query("SELECT target_kind, target, text FROM memos"):
        if row["target_kind"] == "coding":
            c = codings[row["target"]]
            target = f"coding:{c['code_path']}:{texts[c['source']][c['start']:c['end']]}"
        elif row["target_kind"] == "source":
            target = f"source:{names[row['target']]}"
        else:
            target = row["target_kind"]
        found.append((target, row["text"]))
    return sorted(found)


@pytest.mark.parametrize("name", VENDORS)
def test_every_coding_has_the_text_written_beside_the_fixture(tmp_path, name):
    project, report = imported(tmp_path, name)
    with project:
        wanted = expected(FIXTURES / name)
        assert coded_texts(project) == sorted(wanted["coding"])
        assert memos_of(project) == sorted(wanted.get("memo", []))
        for source, code, passage, memo in wanted.get("coding-memo", []):
            [coding] = [c for c in project.codings.list() if c["code_path"] == code
                        and c["source_name"] == source]
            assert coding["memo"] == memo
        for pid, key, value in wanted.get("attribute", []):
            [person] = [p for p in project.participants() if p["id"] == pid]
            assert str(person["attributes"][key]) == value
    assert report.codings == len(wanted["coding"])


@pytest.mark.parametrize("name", ["nvivo-windows", "atlasti-win", "unknown-program"])
def test_without_the_origin_the_selections_tell_the_counting(tmp_path, name):
    """The exporting program unnamed: the reading under which the selections fall between
    words is found all the same."""
    project, report = imported(tmp_path, name, origin="")
    with project:
        assert coded_texts(project) == sorted(expected(FIXTURES / name)["coding"])
    assert any("judged from the selections" in p for p in report.positions), report.positions


def test_the_report_says_which_counting_and_why(tmp_path):
    reasons = {}
    for name in VENDORS:
        project, report = imported(tmp_path, name)
        project.close()
        reasons[name] = report.positions
        assert any(line.strip().startswith(("positions", "line ends")) for line in report.lines())
    assert reasons["nvivo-windows"][0] == ("positions: UTF-16 code units, as 'NVivo for Windows "
                                           "12.6' writes them")
    assert reasons["nvivo-windows"][1] == (
        "line ends: a CRLF counts two characters, judged from the selections: read so, 10 of "
        "their 10 ends fall between words, inside the text; read the other way, 4")
    assert reasons["atlasti-win"][1] == ("line ends: a CRLF counts one character, as "
                                         "'ATLAS.ti Win 23.4.0' writes them")
    assert reasons["atlasti-win"][0].startswith("positions: Unicode code points (no text has a "
                                                "character outside")
    assert reasons["maxqda"][0].startswith("positions: Unicode code points, judged from the "
                                           "selections")
    assert reasons["unknown-program"][0].startswith("positions: UTF-16 code units, judged")
    assert reasons["unknown-program"][1].startswith("line ends: a CRLF counts one character, "
                                                    "judged")


def test_codings_of_missing_sources_are_counted(tmp_path):
    project, report = imported(tmp_path, "atlasti-win")
    project.close()
    assert report.lost == {"source": 2, "coding": 3, "set": 1}
    text = "\n".join(report.lines())
    assert "Left out (2 sources, 3 codings, 1 set):" in text
    assert ("source 'G13 referrals.txt' with its 2 codings: its file "
            "'B27E9088-4C1D-4E2F-9A3B-5C6D7E8F9A02.txt' is not in the archive's sources folder"
            in report.left_out)


def test_annotations_and_descriptions_become_memos_and_are_reported(tmp_path):
    project, report = imported(tmp_path, "nvivo-windows")
    project.close()
    assert report.memos == 2
    # A NoteRef on a coded selection is a memo on its coding; the annotation linked to an
    # uncoded selection is a memo on the source.
    assert "1 remark on a passage without a coding (a note or a description) became memos " \
           "on the source, quoting the passage" in report.notes
    assert not any("on an uncoded selection" in n for n in report.notes)
    project, report = imported(tmp_path, "maxqda")
    project.close()
    assert "1 remark on a passage without a coding" in "\n".join(report.notes)
    assert "a case without a name is taken as participant M5, the participant of its source " \
           "'M5 interview'" in report.notes


def test_an_annotation_on_a_coded_passage_becomes_a_memo_on_its_coding(tmp_path):
    """NVivo links an annotation to a selection of its own; when a coding covers the same
    passage, the memo goes on that coding."""
    folder = tmp_path / "nvivo"
    shutil.copytree(FIXTURES / "nvivo-windows", folder)
    qde = folder / "project.qde"
    xml = qde.read_text(encoding="utf-8")
    coded = re.search(r'guid="fd960901-8191-4db1-a3dd-a91626d56c03" name="" '
                      r'(startPosition="\d+" endPosition="\d+")', xml).group(1)
    xml = re.sub(r'(guid="fd960901-8191-4db1-a3dd-a91626d56c05" name="" )'
                 r'startPosition="\d+" endPosition="\d+"', lambda m: m.group(1) + coded, xml)
    qde.write_text(xml, encoding="utf-8")
    with Project.create(tmp_path / "p.sqlite") as project:
        report = import_qdpx(project, archive_of(folder, tmp_path / "n.qdpx"))
        memos = memos_of(project)
    assert memos == sorted([
        ("coding:Working patterns/Handover:the handover got shorter",
         "Shorter by about ten minutes, she said later."),
        ("coding:Working patterns/Handover:the handover got shorter",
         "Ask the ward manager whether the on-call list was printed too.")])
    assert "1 remark on an uncoded selection (a note or a description) became memos on the " \
           "codings of the same passage" in report.notes


def test_an_unnamed_case_whose_source_has_no_participant_is_reported(tmp_path):
    folder = tmp_path / "maxqda"
    for path in (FIXTURES / "maxqda").rglob("*"):
        if path.is_file():
            target = folder / path.relative_to(FIXTURES / "maxqda")
            target.parent.mkdir(parents=True, exist_ok=True)
            data = path.read_bytes()
            if path.suffix == ".txt":  # no participant in the labels or the name
                data = data.replace(b"M5:", b"Respondent:")
            if path.name == "project.qde":
                data = data.replace(b'name="M5 interview"', b'name="Merger interview"')
            target.write_bytes(data)
    with Project.create(tmp_path / "p.sqlite") as project:
        report = import_qdpx(project, archive_of(folder, tmp_path / "m.qdpx"))
        assert project.participants() == []
    assert "a case without a name: its sources have no participant; its 2 variable values " \
           "with it" in report.left_out
    assert report.lost["case"] == 1 and report.lost["variable value"] == 2


# -- codebooks -------------------------------------------------------------------------------

def expected_codebooks() -> dict[str, tuple[list[str], list[str]]]:
    books: dict[str, tuple[list[str], list[str]]] = {}
    name = ""
    for line in (FIXTURES / "codebooks" / "expected.txt").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            name = line.strip("[]")
            books[name] = ([], [])
        elif line.startswith("warning: "):
            books[name][1].append(line.removeprefix("warning: "))
        else:
            books[name][0].append(line)
    return books


@pytest.mark.parametrize("name", list(expected_codebooks()))
def test_every_real_codebook_variant_imports_whole(cli, project_path, name):
    codes, warnings = expected_codebooks()[name]
    result = cli("codebook", "import", str(FIXTURES / "codebooks" / name))
    assert result.exit_code == 0, result.output + result.stderr
    with Project.open(project_path) as project:
        found = []
        for code in project.codebook.codes():
            line = code["path"].replace("/", " » ")
            for key in ("definition", "colour", "codable"):
                if key == "codable" and code["codable"]:
                    continue
                if code[key] is not None:
                    line += f" | {key}={code[key]}"
            found.append(line)
    assert found == codes
    for warning in warnings:
        assert warning in result.stderr, result.stderr


def test_a_strict_codebook_imports_without_warnings(cli, tmp_path):
    result = cli("codebook", "import", str(FIXTURES / "codebooks" / "nvivo-mac.qdc"))
    assert result.stderr.count("warning:") == 1  # the namespace, nothing else
    path = tmp_path / "standard.qdc"
    path.write_bytes((FIXTURES / "codebooks" / "nvivo-mac.qdc").read_bytes()
                     .replace(b"codebook:1:0", b"codebook:1.0"))
    result = cli("codebook", "import", str(path), "--yes")
    assert result.exit_code == 0 and "warning" not in result.stderr


def test_import_of_a_qdc_points_to_codebook_import(dump, cli, project_path):
    before = dump(project_path)
    path = FIXTURES / "codebooks" / "taguette.qdc"
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert f"import it with `workbench codebook import {path}`" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert dump(project_path) == before
