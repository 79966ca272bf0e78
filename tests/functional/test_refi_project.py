"""REFI-QDA project exchange (.qdpx): export, import, round trip, foreign files, bad archives."""

import io
import re
import sqlite3
import zipfile
from pathlib import Path

import docx
import pytest
import xmlschema

from workbench.errors import WorkbenchError
from workbench.refi import archive as refi_archive
from workbench.text.offsets import normalised_with_offsets
from workbench.project import Project
from workbench.project.exchange import export_qdpx, import_qdpx

NS = {"q": "urn:QDA-XML:project:1.0"}


def codings_of(project: Project) -> list[tuple]:
    return sorted((c["source_name"], c["code_path"], c["start"], c["end"], c["coder"], c["memo"],
                   c["text"]) for c in project.codings.list())


def memos_of(project: Project) -> list[tuple]:
    rows = project.db.query(
        """SELECT m.guid, m.target_kind, coalesce(s.name, c.name, k.guid, m.target), m.text,
                  d.name AS author
           FROM memos m LEFT JOIN coders d ON d.id = m.author
           LEFT JOIN sources s ON m.target_kind = 'source' AND s.id = m.target
           LEFT JOIN codes c ON m.target_kind = 'code' AND c.id = m.target
           LEFT JOIN codings k ON m.target_kind = 'coding' AND k.id = m.target""")
    return sorted(tuple(r.values()) for r in rows)


def write_qdpx(path: Path, members: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content.encode("utf-8") if isinstance(content, str) else content)
    return path


def word_file(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def coded_demo(demo_file, tmp_path) -> Path:
    """A copy of the demo with a memo of every kind and a theme that carries no codings."""
    path = tmp_path / "demo.sqlite"
    with sqlite3.connect(demo_file) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
    with Project.open(path) as project:
        coding = project.codings.list()[0]
        project.codings.add_memo("project", None, "What the study is about.")
        project.codings.add_memo("source", str(coding["source"]), "A long, rich interview.")
        project.codings.add_memo("code", str(coding["code"]), "Used mostly by GPs.")
        project.codings.add_memo("participant", "G3", "Trained abroad.")
        project.codings.add_memo("coding", str(coding["id"]), "The clearest statement.")
        project.codings.set_memo(coding["id"], "A memo in the coding itself.")
        project.codebook.add("Emerging", codable=False)
        project.set_participant("G3", {"weight": 71.5, "smoker": True})
    return path


# -- export and round trip ------------------------------------------------------------------

def test_export_validates_and_survives_a_round_trip(qde_of, without_times, coded_demo, tmp_path):
    with Project.open(coded_demo) as project:
        archive = export_qdpx(project)
        assert without_times(qde_of(export_qdpx(project))) == without_times(qde_of(archive))
        codings, memos = codings_of(project), memos_of(project)
        participants = project.participants()
        turns = project.db.execute("SELECT count(*) FROM segments").fetchone()[0]
        name = project.name
    path = write_qdpx(tmp_path / "demo.qdpx", {})
    path.write_bytes(archive)
    with Project.create(tmp_path / "copy.sqlite", name=name) as copy:
        report = import_qdpx(copy, path)
        again = export_qdpx(copy)
        assert without_times(qde_of(again)) == without_times(qde_of(archive))
        assert codings_of(copy) == codings
        assert memos_of(copy) == memos
        assert [(p["id"], p["attributes"]) for p in copy.participants()] == \
            [(p["id"], p["attributes"]) for p in participants]
        assert copy.db.execute("SELECT count(*) FROM segments").fetchone()[0] == turns
    assert len(report.sources) == 21 and report.codings == len(codings)
    assert not report.left_out


def test_export_maps_the_project_to_refi_elements(coded_demo):
    with Project.open(coded_demo) as project:
        archive = export_qdpx(project)
        sources = project.sources()
        code_count = len(project.codebook.codes())
    files = zipfile.ZipFile(io.BytesIO(archive))
    root = xmlschema.XMLResource(io.BytesIO(files.read("project.qde"))).root
    text_sources = root.findall("q:Sources/q:TextSource", NS)
    assert [s.get("name") for s in text_sources] == [s["name"] for s in sources]
    for element in text_sources:
        guid = element.get("guid")
        assert element.get("plainTextPath") == f"internal://{guid}.txt"
        text = files.read(f"sources/{guid}.txt").decode("utf-8")
        for selection in element.findall("q:PlainTextSelection", NS):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            assert 0 <= start < end <= len(text)
            assert len(selection.findall("q:Coding/q:CodeRef", NS)) == 1
    assert len(root.findall(".//q:Code", NS)) == code_count
    emerging = root.find(".//q:Code[@name='Emerging']", NS)
    assert emerging.get("isCodable") == "false"
    kinds = {v.get("name"): v.get("typeOfVariable")
             for v in root.findall("q:Variables/q:Variable", NS)}
    assert kinds["age"] == "Integer" and kinds["sex"] == "Text" and kinds["weight"] == "Float"
    assert kinds["smoker"] == "Boolean" and kinds["Interview date"] == "Date"
    g3 = root.find("q:Cases/q:Case[@name='G3']", NS)
    assert len(g3.findall("q:SourceRef", NS)) == 1
    notes = {n.findtext("q:PlainTextContent", namespaces=NS)
             for n in root.findall("q:Notes/q:Note", NS)}
    assert notes >= {"Trained abroad.", "What the study is about."}
    assert len(root.findall("q:Links/q:Link", NS)) == 1  # the participant's memo
    assert {u.get("name") for u in root.findall("q:Users/q:User", NS)} >= {"researcher"}


def test_a_theme_with_codings_is_exported_as_codable(qde_of, project, tmp_path):
    source = tmp_path / "G1.txt"
    source.write_text("Interviewer: Hi.\n\nG1: Hello there.\n", encoding="utf-8")
    project.import_paths([source])
    project.codebook.add("Theme")
    project.codings.apply(project.sources()[0]["id"], 21, 32, "Theme")
    project.codebook.edit("Theme", codable=False)
    root = xmlschema.XMLResource(io.BytesIO(qde_of(export_qdpx(project)))).root
    assert root.find(".//q:Code[@name='Theme']", NS).get("isCodable") == "true"


def test_guids_are_stable_and_derived_from_the_project(qde_of, without_times, project, tmp_path):
    source = tmp_path / "G1.txt"
    source.write_text("Interviewer: Hi.\n\nG1: Hello there.\n", encoding="utf-8")
    project.import_paths([source])
    first = qde_of(export_qdpx(project))
    assert without_times(qde_of(export_qdpx(project))) == without_times(first)
    with Project.create(tmp_path / "other.sqlite") as other:
        other.import_paths([source])
        second = qde_of(export_qdpx(other))
    guid = re.compile(rb'<TextSource guid="([^"]+)"')
    assert guid.search(first).group(1) != guid.search(second).group(1)


# -- a foreign project ----------------------------------------------------------------------

ANNA = "{AAAAAAAA-0000-4000-8000-000000000001}"
INTERVIEW_ONE = ("Interviewer: How do you find the time?\r\n"
                 "G1: There is never enough time, honestly.\r\n"
                 "Interviewer: And money?\r\n"
                 "G1: Money is tight too.")
CHINESE = "访谈者：你们怎么安排随访？\nG2：😀 我们没有时间。𠀀字也在这里。"


def at(text: str, passage: str) -> str:
    start = text.index(passage)
    return f'startPosition="{start}" endPosition="{start + len(passage)}"'


FOREIGN_QDE = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Foreign study" origin="OtherQDA 3.1">
  <Users>
    <User guid="{ANNA}" name="Anna"/>
    <User guid="aaaaaaaa-0000-4000-8000-000000000002" name="Ben"/>
  </Users>
  <CodeBook>
    <Codes>
      <Code guid="{{C0DE0000-0000-4000-8000-000000000001}}" name="Barriers" isCodable="false">
        <Description>Things in the way.</Description>
        <NoteRef targetGUID="00000000-0000-4000-8000-00000000a001"/>
        <Code guid="C0DE0000-0000-4000-8000-000000000002" name="Time" isCodable="true" color="#FF0000"/>
        <Code guid="c0de0000-0000-4000-8000-000000000003" name="Money" isCodable="true"/>
      </Code>
      <Code guid="c0de0000-0000-4000-8000-000000000004" name="Facilitators" isCodable="false">
        <Code guid="c0de0000-0000-4000-8000-000000000005" name="Time" isCodable="true"/>
        <Code guid="c0de0000-0000-4000-8000-000000000006" name="Time" isCodable="true"/>
      </Code>
    </Codes>
  </CodeBook>
  <Variables>
    <Variable guid="0000000a-0000-4000-8000-000000000001" name="age" typeOfVariable="Integer"/>
    <Variable guid="0000000a-0000-4000-8000-000000000002" name="site" typeOfVariable="Text"/>
    <Variable guid="0000000a-0000-4000-8000-000000000003" name="Interview date" typeOfVariable="Date"/>
  </Variables>
  <Cases>
    <Case guid="0000000c-0000-4000-8000-000000000001" name="G1">
      <VariableValue><VariableRef targetGUID="0000000A-0000-4000-8000-000000000001"/><IntegerValue>45</IntegerValue></VariableValue>
      <VariableValue><VariableRef targetGUID="0000000a-0000-4000-8000-000000000002"/><TextValue>North</TextValue></VariableValue>
      <SourceRef targetGUID="5ABC0000-0000-4000-8000-000000000001"/>
    </Case>
    <Case guid="0000000c-0000-4000-8000-000000000002" name="Anna Li"/>
    <Case guid="0000000c-0000-4000-8000-000000000003" name="P07">
      <VariableValue><VariableRef targetGUID="0000000a-0000-4000-8000-000000000001"/><IntegerValue>38</IntegerValue></VariableValue>
    </Case>
  </Cases>
  <Sources>
    <TextSource guid="{{5ABC0000-0000-4000-8000-000000000001}}" name="Interview one"
                plainTextPath="internal://5ABC0000-0000-4000-8000-000000000001.txt">
      <PlainTextSelection guid="5e100000-0000-4000-8000-000000000001" {at(INTERVIEW_ONE, "never enough time")}
                          creatingUser="{ANNA}">
        <Description>The core complaint.</Description>
        <Coding guid="c0d10000-0000-4000-8000-000000000001" creatingUser="{ANNA.lower()}">
          <CodeRef targetGUID="{{C0DE0000-0000-4000-8000-000000000002}}"/>
        </Coding>
        <Coding guid="c0d10000-0000-4000-8000-000000000002" creatingUser="aaaaaaaa-0000-4000-8000-000000000002">
          <CodeRef targetGUID="c0de0000-0000-4000-8000-000000000005"/>
        </Coding>
        <NoteRef targetGUID="00000000-0000-4000-8000-00000000a002"/>
      </PlainTextSelection>
      <PlainTextSelection guid="5e100000-0000-4000-8000-000000000002" {at(INTERVIEW_ONE, "Money is tight too.")}>
        <Coding guid="c0d10000-0000-4000-8000-000000000003" creatingUser="{ANNA}">
          <CodeRef targetGUID="c0de0000-0000-4000-8000-000000000003"/>
        </Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="5e100000-0000-4000-8000-000000000003" startPosition="100" endPosition="900">
        <Coding guid="c0d10000-0000-4000-8000-000000000004" creatingUser="{ANNA}">
          <CodeRef targetGUID="c0de0000-0000-4000-8000-000000000003"/>
        </Coding>
      </PlainTextSelection>
      <NoteRef targetGUID="00000000-0000-4000-8000-00000000a003"/>
      <VariableValue><VariableRef targetGUID="0000000a-0000-4000-8000-000000000003"/><DateValue>2024-02-03</DateValue></VariableValue>
    </TextSource>
    <TextSource guid="5abc0000-0000-4000-8000-000000000002" name="访谈 G2">
      <PlainTextContent>{CHINESE}</PlainTextContent>
      <PlainTextSelection guid="5e100000-0000-4000-8000-000000000004" {at(CHINESE, "我们没有时间")}>
        <Coding guid="c0d10000-0000-4000-8000-000000000005" creatingUser="{ANNA}">
          <CodeRef targetGUID="c0de0000-0000-4000-8000-000000000002"/>
        </Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="5e100000-0000-4000-8000-000000000005" {at(CHINESE, "字也在这里。")}>
        <Coding guid="c0d10000-0000-4000-8000-000000000006" creatingUser="{ANNA}">
          <CodeRef targetGUID="c0de0000-0000-4000-8000-000000000003"/>
        </Coding>
      </PlainTextSelection>
    </TextSource>
    <TextSource guid="5abc0000-0000-4000-8000-000000000003" name="N1 interview.docx"
                richTextPath="internal://n1.docx" plainTextPath="n1.txt"/>
    <TextSource guid="5abc0000-0000-4000-8000-000000000004" name="N2 interview.docx"
                richTextPath="internal://n2.docx">
      <PlainTextSelection guid="5e100000-0000-4000-8000-000000000006" startPosition="0" endPosition="4">
        <Coding guid="c0d10000-0000-4000-8000-000000000007" creatingUser="{ANNA}">
          <CodeRef targetGUID="c0de0000-0000-4000-8000-000000000003"/>
        </Coding>
      </PlainTextSelection>
    </TextSource>
    <PictureSource guid="5abc0000-0000-4000-8000-000000000005" name="Clinic" path="internal://clinic.png"/>
  </Sources>
  <Notes>
    <Note guid="00000000-0000-4000-8000-00000000a001" name="On barriers">
      <PlainTextContent>Barriers came up in every interview.</PlainTextContent>
    </Note>
    <Note guid="00000000-0000-4000-8000-00000000a002" creatingUser="{ANNA}">
      <PlainTextContent>Check with the team.</PlainTextContent>
    </Note>
    <Note guid="00000000-0000-4000-8000-00000000a003">
      <PlainTextContent>Recorded in the car park.</PlainTextContent>
    </Note>
    <Note guid="00000000-0000-4000-8000-00000000a004">
      <PlainTextContent>A thought of no particular place.</PlainTextContent>
    </Note>
  </Notes>
  <Sets>
    <Set guid="00000005-0000-4000-8000-000000000001" name="GPs"/>
  </Sets>
</Project>
"""


def foreign_members() -> dict[str, str | bytes]:
    return {
        "project.qde": FOREIGN_QDE,
        "Sources/5ABC0000-0000-4000-8000-000000000001.txt": INTERVIEW_ONE,
        "Sources/n1.txt": "Interviewer: Hi.\nN1: Plain text wins.",
        "Sources/n1.docx": word_file("Interviewer: Hi.", "N1: Rich text loses."),
        "Sources/n2.docx": word_file("Interviewer: Hello.", "N2: Only the Word file."),
        "Sources/clinic.png": b"\x89PNG\r\n\x1a\n",
    }


@pytest.fixture
def foreign(tmp_path) -> Path:
    return write_qdpx(tmp_path / "foreign.qdpx", foreign_members())


def text_of(project: Project, name: str) -> str:
    return project.db.execute("SELECT text FROM sources WHERE name = ?", [name]).fetchone()[0]


def test_foreign_project_codebook(project, foreign):
    report = import_qdpx(project, foreign)
    codes = {c["path"]: c for c in project.codebook.codes()}
    assert list(codes) == ["Barriers", "Barriers/Time", "Barriers/Money", "Facilitators",
                           "Facilitators/Time", "Facilitators/Time (2)"]
    assert codes["Barriers"]["codable"] == 0 and codes["Barriers/Time"]["codable"] == 1
    assert codes["Barriers"]["guid"] == "c0de0000-0000-4000-8000-000000000001"
    assert codes["Barriers/Time"]["colour"] == "#FF0000"
    assert codes["Barriers"]["definition"] == "Things in the way."
    assert any("'Time (2)'" in note for note in report.notes)


def test_foreign_project_texts_and_offsets(project, foreign):
    import_qdpx(project, foreign)
    one = text_of(project, "Interview one")
    assert one == INTERVIEW_ONE.replace("\r\n", "\n")
    coded = {(c["source_name"], c["code_path"], c["coder"]): c for c in project.codings.list()}
    assert coded["Interview one", "Barriers/Time", "Anna"]["text"] == "never enough time"
    assert coded["Interview one", "Facilitators/Time", "Ben"]["text"] == "never enough time"
    last = coded["Interview one", "Barriers/Money", "Anna"]
    assert last["text"] == "Money is tight too." and last["end"] == len(one)
    assert text_of(project, "访谈 G2") == CHINESE
    assert coded["访谈 G2", "Barriers/Time", "Anna"]["text"] == "我们没有时间"
    assert coded["访谈 G2", "Barriers/Money", "Anna"]["text"] == "字也在这里。"
    assert text_of(project, "N1 interview.docx").endswith("N1: Plain text wins.")
    assert text_of(project, "N2 interview.docx").endswith("N2: Only the Word file.")
    assert len(coded) == 5


def test_foreign_project_people_and_memos(project, foreign):
    report = import_qdpx(project, foreign)
    sources = {s["name"]: s for s in project.sources()}
    assert sources["Interview one"]["participant"] == "G1"
    assert sources["Interview one"]["interview_date"] == "2024-02-03"
    assert sources["访谈 G2"]["participant"] == "G2"
    assert sources["N1 interview.docx"]["participant"] == "N1"
    people = {p["id"]: p["attributes"] for p in project.participants()}
    assert people["G1"] == {"age": 45, "site": "North"}
    assert people["P7"] == {"age": 38}
    assert "P" in project.role_prefixes() and report.roles == ["P"]
    assert {r[0] for r in project.db.execute("SELECT name FROM coders")} == {"Anna", "Ben"}
    memos = {(m["target_kind"], m["text"]) for m in project.codings.memos()}
    assert memos == {("code", "Barriers came up in every interview."),
                     ("coding", "Check with the team."), ("source", "Recorded in the car park."),
                     ("project", "A thought of no particular place.")}
    on_codings = project.codings.memos("coding")
    assert len(on_codings) == 2  # the selection carries two codings
    coded = {project.codings.get(int(m["target"]))["text"] for m in on_codings}
    assert coded == {"never enough time"}
    assert {c["memo"] for c in project.codings.list() if c["text"] == "never enough time"} == \
        {"The core complaint."}


def test_foreign_project_report_says_what_was_left_out(qde_of, project, foreign):
    report = import_qdpx(project, foreign)
    left_out = "\n".join(report.left_out)
    assert "selection 100–900 in 'Interview one': outside its text" in left_out
    assert "case 'Anna Li': its name is not a participant ID" in left_out
    assert "1 picture source" in left_out and "1 set" in left_out
    assert "in 'N2 interview.docx' with 1 coding: the archive has only its rich text" in left_out
    text = "\n".join(report.lines())
    assert "Left out (2 codings, 1 case, 1 picture source, 1 set):" in text
    assert "codings       5" in text
    qde_of(export_qdpx(project))  # what came in goes out valid


def test_preview_writes_nothing(dump, project, project_path, foreign):
    before = dump(project_path)
    report = import_qdpx(project, foreign, preview_only=True)
    assert report.preview and len(report.sources) == 4 and report.codings == 5
    assert dump(project_path) == before


def test_into_current_needs_the_flag_and_merges(dump, project, project_path, foreign, tmp_path):
    import_qdpx(project, foreign)
    with pytest.raises(WorkbenchError, match="--into-current"):
        import_qdpx(project, foreign)
    again = import_qdpx(project, foreign, into_current=True)
    assert again.sources == [] and len(again.matched_sources) == 4
    assert again.codings == 0 and again.codings_present == 5
    assert len(project.codings.list()) == 5 and len(project.codings.memos()) == 5
    members = foreign_members()
    members["Sources/n1.txt"] = "Interviewer: Hi.\nN1: A different text."
    changed = write_qdpx(tmp_path / "changed.qdpx", members)
    before = dump(project_path)
    report = import_qdpx(project, changed, into_current=True)
    assert any("'N1 interview.docx'" in item and "different text" in item
               for item in report.left_out)
    assert dump(project_path) == before  # nothing else was new


def test_import_is_undone_in_one_step(project, foreign):
    import_qdpx(project, foreign)
    assert [h["action"] for h in project.history()] == ["refi.import"]
    assert project.undo().action == "refi.import"
    assert project.codings.list() == [] and project.codings.memos() == []
    assert project.codebook.codes() == []
    assert project.sources() == [] and project.participants() == []  # all of the import
    assert project.redo().action == "refi.import"
    assert project.codebook.codes() and project.codings.list() and len(project.sources()) == 4


def test_a_failure_while_writing_leaves_the_project_as_it_was(dump, project, project_path, foreign,
                                                              monkeypatch):
    import workbench.project.exchange as exchange

    def broken(*args):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(exchange, "_write_memos", broken)
    before = dump(project_path)
    with pytest.raises(WorkbenchError, match="nothing was imported"):
        import_qdpx(project, foreign)
    assert dump(project_path) == before


def test_lowercase_sources_folder_and_crlf_free_text(project, tmp_path):
    members = foreign_members()
    members = {k.replace("Sources/", "sources/"): v for k, v in members.items()}
    report = import_qdpx(project, write_qdpx(tmp_path / "lower.qdpx", members))
    assert len(report.sources) == 4 and report.codings == 5


def test_offsets_follow_normalisation():
    written = "\ufeffIch: Cafe\u0301 au lait.\r\nDu: 😀 ok"
    text, offsets = normalised_with_offsets(written)
    assert text == "Ich: Café au lait.\nDu: 😀 ok"
    start = written.index("Cafe")
    assert text[slice(*offsets.span(start, start + 5))] == "Café"
    assert text[slice(*offsets.span(start, start + 4))] == "Café"  # never half a letter
    assert offsets.span(0, len(written)) == (0, len(text))
    emoji = written.index("😀")
    assert text[slice(*offsets.span(emoji, emoji + 1))] == "😀"


def test_files_outside_the_archive_are_not_read(project, tmp_path):
    qde = FOREIGN_QDE.replace('plainTextPath="internal://5ABC0000-0000-4000-8000-000000000001.txt"',
                              'plainTextPath="absolute:///etc/passwd"')
    report = import_qdpx(project, write_qdpx(tmp_path / "abs.qdpx",
                                             {**foreign_members(), "project.qde": qde}))
    assert any("'Interview one'" in item and "outside the archive" in item
               for item in report.left_out)
    assert "Interview one" not in {s["name"] for s in project.sources()}


# -- refused archives -----------------------------------------------------------------------

def bomb() -> dict[str, bytes]:
    return {"project.qde": FOREIGN_QDE.encode(), "sources/big.txt": b"0" * (20 << 20)}


@pytest.mark.parametrize("members, message", [
    ({"project.qde": FOREIGN_QDE, "../evil.txt": "x"}, "leads outside its folder"),
    ({"project.qde": FOREIGN_QDE, "/etc/evil.txt": "x"}, "leads outside its folder"),
    ({"project.qde": FOREIGN_QDE, "sources/..\\..\\evil.txt": "x"}, "leads outside its folder"),
    (bomb(), "zip bomb"),
    ({"Sources/a.txt": "no project file"}, "has no project.qde"),
    ({"project.qde": '<?xml version="1.0"?>\n<!DOCTYPE lol [<!ENTITY lol "lol">]>\n'
                     '<Project xmlns="urn:QDA-XML:project:1.0" name="x">&lol;</Project>'},
     "the XML declares a DTD or entities"),
    ({"project.qde": "<Project"}, "is not well-formed XML"),
    ({"project.qde": '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>'}, "is not a REFI-QDA project"),
])
def test_bad_archives_are_refused_whole(dump, project, project_path, tmp_path, members, message):
    path = write_qdpx(tmp_path / "bad.qdpx", members)
    before = dump(project_path)
    with pytest.raises(WorkbenchError, match=re.escape(message)):
        import_qdpx(project, path)
    assert dump(project_path) == before


def test_an_archive_that_expands_too_far_is_refused(dump, project, project_path, foreign, monkeypatch):
    monkeypatch.setattr(refi_archive, "MAX_TOTAL_BYTES", 4096)
    before = dump(project_path)
    with pytest.raises(WorkbenchError, match="would expand to more than"):
        import_qdpx(project, foreign)
    assert dump(project_path) == before


def test_not_a_zip_is_refused(dump, project, project_path, tmp_path):
    path = tmp_path / "fake.qdpx"
    path.write_text("plain text", encoding="utf-8")
    before = dump(project_path)
    with pytest.raises(WorkbenchError, match="not a readable .qdpx archive"):
        import_qdpx(project, path)
    assert dump(project_path) == before


def test_cli_import_of_a_qdpx(dump, cli, project_path, foreign):
    imported = cli("import", str(foreign))
    assert imported.exit_code == 0, imported.output
    assert "Imported" in imported.output
    again = cli("import", str(foreign))
    assert again.exit_code == 1 and "--into-current" in again.stderr
    before = dump(project_path)
    declined = cli.runner.invoke(__import__("workbench.cli").cli.main,
                                 ["import", str(foreign), "--into-current", "-p",
                                  str(project_path)], input="n\n")
    assert declined.exit_code == 1 and "Preview of the import" in declined.output
    assert dump(project_path) == before
