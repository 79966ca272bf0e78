"""Codebook files: YAML and REFI-QDA .qdc in and out, the Word/Markdown document, bad input."""

import io
from pathlib import Path

import docx
import pytest
import yaml

from workbench.errors import WorkbenchError
from workbench.project import Project

CHECKOUT = Path(__file__).resolve().parents[2]
FAMILY = CHECKOUT / "codebooks" / "family-doctor-integration.yaml"
SHARED_SCHEMAS = CHECKOUT.parent / "shared" / "refi-qda"


def without(key, node):
    if isinstance(node, list):
        return [without(key, n) for n in node]
    if isinstance(node, dict):
        return {k: without(key, v) for k, v in node.items() if k != key}
    return node


def test_family_doctor_codebook_shows_4_themes_and_14_subthemes(cli):
    assert cli("codebook", "import", str(FAMILY)).exit_code == 0
    shown = cli("codebook", "show")
    lines = [line.split("│")[0].strip() for line in shown.output.splitlines()[2:]]
    numbers = [n for n in lines if n]
    assert [n for n in numbers if "." not in n] == ["1", "2", "3", "4"]
    assert [n for n in numbers if "." in n] == (
        ["2.1", "2.2", "2.3", "2.4", "2.5"] + [f"3.{i}" for i in range(1, 7)] + ["4.1", "4.2", "4.3"])
    assert "Connotation of integration" in shown.output
    tree = yaml.safe_load(cli("codebook", "show", "--format", "json").output)
    assert [t["name"] for t in tree] == ["Connotation of integration", "Service operation models",
                                         "Service operation environment",
                                         "Medical–prevention fragmentation"]
    assert sum(len(t["children"]) for t in tree) == 14
    assert {"name", "children", "codings", "codings_total"} <= set(tree[1])


@pytest.mark.parametrize("name", sorted(p.name for p in (CHECKOUT / "codebooks").glob("*.yaml")))
def test_yaml_round_trip_is_lossless(root, project, name):
    original = yaml.safe_load((root / "codebooks" / name).read_text(encoding="utf-8"))
    project.import_codebook(root / "codebooks" / name)
    exported = yaml.safe_load(project.codebook_yaml())
    assert without("guid", exported) == original
    # With the GUIDs in the file, a second round trip is exact.
    second = Project.create(project.path.with_name("second.sqlite"))
    path = project.path.with_name("with-guids.yaml")
    path.write_text(project.codebook_yaml(), encoding="utf-8")
    second.import_codebook(path)
    assert yaml.safe_load(second.codebook_yaml()) == exported


def test_bundled_schemas_are_the_official_ones(root):
    for name in ("Codebook.xsd", "Project.xsd"):
        assert (SHARED_SCHEMAS / name).read_bytes() == (
            root / "workbench" / "refi" / "schemas" / name).read_bytes()


def test_qdc_export_validates_and_round_trips(project, tmp_path):
    project.import_codebook(FAMILY)
    qdc = project.export_codebook("qdc")
    import xmlschema

    xmlschema.XMLSchema(SHARED_SCHEMAS / "Codebook.xsd").validate(io.BytesIO(qdc))
    path = tmp_path / "family.qdc"
    path.write_bytes(qdc)
    other = Project.create(tmp_path / "other.sqlite")
    other.import_codebook(path)
    origin = b'origin="Interview Workbench: '
    assert other.export_codebook("qdc").replace(origin + b'other"', origin + b'study"') == qdc
    assert [c["guid"] for c in other.codebook.codes()] == [c["guid"] for c in project.codebook.codes()]
    assert [(c["path"], c["definition"], c["inclusion"], c["colour"]) for c in other.codebook.codes()] \
        == [(c["path"], c["definition"], c["inclusion"], c["colour"]) for c in project.codebook.codes()]


FOREIGN_QDC = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="NVivo 14">
  <Codes>
    <Code guid="{0A1B2C3D-0000-4000-8000-000000000001}" name="Barriers" isCodable="false" color="#ff0000">
      <Description>Things in the way.</Description>
      <Code guid="0A1B2C3D-0000-4000-8000-000000000002" name="Staffing" isCodable="true"/>
      <Code guid="0A1B2C3D-0000-4000-8000-000000000003" name="Funding" isCodable="true" color="#0F0"/>
    </Code>
    <Code guid="0A1B2C3D-0000-4000-8000-000000000004" name="Facilitators" isCodable="true">
      <Code guid="0A1B2C3D-0000-4000-8000-000000000005" name="Staffing" isCodable="true">
        <Description>Enough people, for once.</Description>
      </Code>
    </Code>
  </Codes>
</CodeBook>
"""


def test_foreign_qdc_with_repeated_names_keeps_nesting(project, tmp_path):
    path = tmp_path / "nvivo.qdc"
    path.write_text(FOREIGN_QDC, encoding="utf-8")
    project.import_codebook(path)
    codes = {c["path"]: c for c in project.codebook.codes()}
    assert set(codes) == {"Barriers", "Barriers/Staffing", "Barriers/Funding", "Facilitators",
                          "Facilitators/Staffing"}
    assert codes["Barriers"]["codable"] == 0
    assert codes["Barriers"]["guid"] == "{0A1B2C3D-0000-4000-8000-000000000001}"
    assert codes["Facilitators/Staffing"]["definition"] == "Enough people, for once."
    assert codes["Barriers/Funding"]["colour"] == "#00FF00"
    again = project.export_codebook("qdc").decode()
    assert 'guid="{0A1B2C3D-0000-4000-8000-000000000001}"' in again
    assert "<Description>Enough people, for once.</Description>" in again


def test_codebook_document_in_word_and_markdown(tmp_path):
    from workbench.project.demo import build_demo

    path, _ = build_demo(tmp_path, second_coder=False)
    with Project.open(path) as project:
        word = docx.Document(io.BytesIO(project.export_codebook("docx")))
        markdown = project.export_codebook("md")
        codes = project.codebook.codes()
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    for theme in [c for c in codes if c["level"] == 1]:
        assert f"{theme['number']} {theme['name']}" in headings
    text = "\n".join(p.text for p in word.paragraphs)
    for code in codes:
        for key in ("short_definition", "definition", "inclusion", "exclusion", "example"):
            assert code[key] in text, (code["path"], key)
    assert "Usage: 46 codings · 20 participants (G 11/11 · N 5/5 · M 4/4)" in text
    assert "#### 2.1 Providers remain mainly GPs and nurses" not in markdown
    assert "### 2.1 Providers remain mainly GPs and nurses" in markdown
    assert "- **When not to use:**" in markdown


BAD_YAML = "codes:\n  - name: Theme\n    children:\n      - name: A\n     - name: B\n"


@pytest.mark.parametrize("content, message", [
    (BAD_YAML, "is not valid YAML (line 5"),
    ("codes:\n  - name: A\n    colour: blue\n", "invalid colour 'blue'"),
    ("codes:\n  - name: A\n  - name: a\n", "names 'a' twice"),
    ("codes:\n  - name: A\n    colour: '#12345'\n", "invalid colour '#12345'"),
    ("codes:\n  - name: A\n    whatever: 1\n", "unknown keys: whatever"),
    ("title: no codes\n", "needs a top-level 'codes:' list"),
])
def test_bad_yaml_codebooks(dump, cli, project_path, tmp_path, content, message):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    before = dump(project_path)
    result = cli("codebook", "import", str(path))
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert dump(project_path) == before


@pytest.mark.parametrize("content, message", [
    (FOREIGN_QDC.replace('<Codes>', '<Codez>').replace('</Codes>', '</Codez>'),
     "is not a REFI-QDA codebook: it has no <Codes> element"),
    ('<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>',
     "is not a REFI-QDA codebook: its root element is <Project>, not <CodeBook> (a whole "
     "project: import it with `workbench import`)"),
    ('<html><body><p>Codes</p></body></html>',
     "is not a REFI-QDA codebook: its root element is <html>, not <CodeBook>"),
    ('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/><Sets/></CodeBook>',
     "holds no codes (its <Codes> element is empty)"),
    ('<?xml version="1.0"?>\n<!DOCTYPE lol [<!ENTITY lol "lol">]>\n'
     '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>',
     "the XML declares a DTD or entities"),
    ("<CodeBook", "is not well-formed XML"),
])
def test_bad_qdc_codebooks(dump, cli, project_path, tmp_path, content, message):
    path = tmp_path / "bad.qdc"
    path.write_text(content, encoding="utf-8")
    before = dump(project_path)
    result = cli("codebook", "import", str(path))
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert dump(project_path) == before


def test_bad_codebook_edits_leave_the_project_unchanged(dump, cli, project_path):
    cli("codebook", "import", str(FAMILY))
    before = dump(project_path)
    for args, message in [
        (("codebook", "add", "Staffing and workload", "--parent", "Service operation environment"),
         "there is already a code named 'Staffing and workload'"),
        (("codebook", "edit", "Staffing and workload", "--colour", "#GGGGGG"),
         "invalid colour '#GGGGGG'"),
        (("codebook", "move", "Service operation models", "--to",
          "Service operation models/Diversified service modalities"),
         "a code cannot go inside itself"),
        (("codebook", "rename", "No such code", "X"), "no code 'No such code'"),
    ]:
        result = cli(*args)
        assert result.exit_code == 1, args
        assert message in result.stderr, (args, result.stderr)
        assert dump(project_path) == before


def test_coding_outside_the_text_is_refused(dump, cli, project_path, tmp_path):
    path = tmp_path / "G1.txt"
    path.write_text("Interviewer: Hi.\n\nG1: Hello there.\n", encoding="utf-8")
    cli("import", str(path))
    cli("codebook", "add", "Greeting")
    before = dump(project_path)
    for start, end in ((0, 999), (5, 5), (9, 4)):
        result = cli("code", "G1", str(start), str(end), "Greeting")
        assert result.exit_code == 1
        assert "outside the text of 'G1.txt'" in result.stderr
        assert dump(project_path) == before
    with Project.open(project_path) as project:
        with pytest.raises(WorkbenchError, match="outside the text"):
            project.codings.apply(project.source("G1")["id"], -1, 4, "Greeting")
    assert dump(project_path) == before
    assert cli("code", "G1", "22", "34", "Greeting").exit_code == 0
