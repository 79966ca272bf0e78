"""Hostile input to the readers (issue 20): every case asserts the exit code, a message that
names the file and the problem, no traceback and an unchanged project — or, where the input
is valid, that nothing of it was lost without a word.

The .docx fixtures are written here, part by part, so that each holds exactly the Word
construct under test."""

from __future__ import annotations

import os
import sqlite3
import struct
import zipfile
from pathlib import Path

import pytest



def project_dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def texts(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT text FROM sources ORDER BY id")]
    finally:
        conn.close()


def refused(cli, project_path: Path, args: list[str], shown: str, *problems: str):
    """Run a command that must be refused: exit 1, the file and each problem named on
    stderr, no traceback, the project unchanged."""
    before = project_dump(project_path)
    result = cli(*args)
    assert result.exit_code == 1, result.output
    assert shown in result.stderr
    for problem in problems:
        assert problem in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert project_dump(project_path) == before
    return result


def clean(result) -> None:
    assert "Traceback" not in result.output + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


# -- point 2: Windows-1252 is not Chinese ----------------------------------------------------


def test_cp1252_file_is_read_as_windows_1252_and_says_so(cli, project_path, tmp_path):
    path = tmp_path / "G7.txt"
    path.write_bytes("Interviewer: Wie war es?\n\nG7: Herr Müller sagt, für die Ärzte war es "
                     "schwer.".encode("cp1252"))
    result = cli("import", str(path))
    clean(result)
    assert result.exit_code == 0
    assert f"{path}: is not UTF-8: it was read as Windows-1252" in result.stderr
    [text] = texts(project_path)
    assert "Herr Müller sagt, für die Ärzte war es schwer." in text


def test_gb18030_chinese_is_still_read_as_chinese(cli, project_path, tmp_path):
    path = tmp_path / "Z1.txt"
    said = "访谈者：您好，请介绍一下您自己。\n\n受访者：我在医院工作了十年，照顾病人。"
    path.write_bytes(said.encode("gb18030"))
    result = cli("import", str(path))
    clean(result)
    assert result.exit_code == 0
    assert "Windows-1252" not in result.stderr
    assert texts(project_path) == [said]


@pytest.mark.parametrize("said", ["Интервьюер: Как дела?\nR1: Хорошо.",
                                  "Интервьюер: Привет\n\nG2: Пока"],  # reads as GB18030
                         ids=["odd-length words", "even-length words"])
def test_text_in_no_known_encoding_is_refused(cli, project_path, tmp_path, said):
    path = tmp_path / "R1.txt"
    path.write_bytes(said.encode("koi8_r"))
    refused(cli, project_path, ["import", str(path)], str(path), "cannot be decoded")


# -- point 18 (readers): empty after the BOM, NUL bytes late in the file ---------------------


@pytest.mark.parametrize("content", [b"\xef\xbb\xbf", b"\xef\xbb\xbf \n\n", b"\xff\xfe \x00\n\x00"],
                         ids=["utf-8 BOM", "utf-8 BOM and spaces", "utf-16 BOM and spaces"])
def test_bom_only_file_is_refused_as_empty(cli, project_path, tmp_path, content):
    path = tmp_path / "G1.txt"
    path.write_bytes(content)
    refused(cli, project_path, ["import", str(path)], str(path), "the file is empty")


def test_nul_bytes_after_the_first_4_kib_are_refused_as_binary(cli, project_path, tmp_path):
    path = tmp_path / "G2.txt"
    path.write_bytes(b"Interviewer: hello there.\n" * 400 + b"\x00\x00\x00binary tail")
    refused(cli, project_path, ["import", str(path)], str(path), "looks like a binary file")


# -- point 3: Word text in every place Word keeps it ---------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>
<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>
</Types>"""
PACKAGE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>
</Relationships>"""
NAMESPACES = (f'xmlns:w="{W}" '
              'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
              'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
              'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
              'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
              'xmlns:v="urn:schemas-microsoft-com:vml"')


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def para(*parts: str) -> str:
    return f"<w:p>{''.join(parts)}</w:p>"


def cell(*blocks: str) -> str:
    return f"<w:tc>{''.join(blocks)}</w:tc>"


def write_docx(path: Path, body: str, footnotes: str = "", comments: str = "",
               body_bytes: bytes | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", PACKAGE_RELS)
        package.writestr("word/_rels/document.xml.rels", DOCUMENT_RELS)
        document = body_bytes or (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                  f"<w:document {NAMESPACES}><w:body>{body}</w:body>"
                                  "</w:document>").encode()
        package.writestr("word/document.xml", document)
        package.writestr("word/footnotes.xml", f'<w:footnotes {NAMESPACES}>'
                         '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/>'
                         f'</w:r></w:p></w:footnote>{footnotes}</w:footnotes>')
        package.writestr("word/comments.xml", f"<w:comments {NAMESPACES}>{comments}</w:comments>")
    return path


TEXT_BOX = ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
            '<a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>'
            + para(run("BOXED words stay.")) +
            '</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor>'
            '</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>'
            + para(run("BOXED words stay.")) +
            '</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>'
            '</mc:AlternateContent></w:r>')


def hidden_places_body() -> str:
    return "".join([
        para(run("Interviewer: First question, please.")),
        para(run("G4: I said "), '<w:ins w:id="1" w:author="A">' + run("INSERTED words")
             + "</w:ins>", '<w:del w:id="2" w:author="A"><w:r><w:delText>DELETED words'
             "</w:delText></w:r></w:del>", run(" and more.")),
        para(run("Interviewer: "), '<w:moveTo w:id="3">' + run("MOVED words") + "</w:moveTo>",
             '<w:moveFrom w:id="4"><w:r><w:t>MOVEDAWAY words</w:t></w:r></w:moveFrom>'),
        para(run("G4: A box follows."), TEXT_BOX),
        para(run("Interviewer: "), "<w:sdt><w:sdtPr/><w:sdtContent>" + run("CONTROLLED words")
             + "</w:sdtContent></w:sdt>"),
        "<w:sdt><w:sdtPr/><w:sdtContent>" + para(run("G4: BLOCKCONTROL words.")) +
        "</w:sdtContent></w:sdt>",
        para(run("Interviewer: Page "), '<w:fldSimple w:instr=" PAGE ">' + run("SIMPLEFIELD")
             + "</w:fldSimple>", run(" and "),
             '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
             '<w:r><w:instrText xml:space="preserve"> DATE \\@ "yyyy" </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + run("FIELDRESULT") +
             '<w:r><w:fldChar w:fldCharType="end"/></w:r>'),
        para(run("G4: "), '<w:smartTag w:uri="urn:x" w:element="place">' + run("SMARTTAG words")
             + "</w:smartTag>", '<w:r><w:footnoteReference w:id="1"/></w:r>',
             '<w:commentRangeStart w:id="0"/>', run(" end."), '<w:commentRangeEnd w:id="0"/>',
             '<w:r><w:commentReference w:id="0"/></w:r>'),
        "<w:tbl><w:tblPr/><w:tblGrid/><w:tr>" + cell(para(run("Interviewer"))) +
        cell(para(run("Outer cell.")), "<w:tbl><w:tr>" + cell(para(run("NESTED one")))
             + cell(para(run("NESTED two"))) + "</w:tr></w:tbl>") + "</w:tr></w:tbl>",
        para(run("G4: Last words.")),
    ])


FOOTNOTE = '<w:footnote w:id="1">' + para(run("FOOTNOTE words")) + "</w:footnote>"
COMMENT = ('<w:comment w:id="0" w:author="A" w:initials="A">' + para(run("COMMENT words"))
           + "</w:comment>")


def test_word_text_in_every_place_is_imported_or_listed(cli, project_path, tmp_path):
    path = write_docx(tmp_path / "G4.docx", hidden_places_body(), FOOTNOTE, COMMENT)
    result = cli("import", str(path))
    clean(result)
    assert result.exit_code == 0, result.output
    [text] = texts(project_path)
    for words in ("INSERTED words", "MOVED words", "BOXED words stay.", "CONTROLLED words",
                  "BLOCKCONTROL words", "SIMPLEFIELD", "FIELDRESULT", "SMARTTAG words",
                  "NESTED one", "NESTED two", "Outer cell.", "Last words."):
        assert words in text
    assert text.count("BOXED words stay.") == 1  # the fallback copy of the text box is not
    for words in ("DELETED", "MOVEDAWAY", "DATE", "FOOTNOTE", "COMMENT"):
        assert words not in text
    # reading order: the inserted words in their sentence, the box after its paragraph
    assert "I said INSERTED words and more." in text
    assert text.index("A box follows.") < text.index("BOXED") < text.index("CONTROLLED")
    assert f"{path}: 1 footnote, 1 comment left out" in result.stderr
    assert "'FOOTNOTE words'" in result.stderr and "'COMMENT words'" in result.stderr
    assert "tracked deletions left out" in result.stderr


def test_word_document_of_millions_of_empty_paragraphs_is_refused(cli, project_path, tmp_path):
    count = 250_001  # one more than the reader takes: the limit, not the memory, stops it
    document = (f'<w:document xmlns:w="{W}"><w:body>'.encode() + b"<w:p/>" * count
                + b"<w:p><w:r><w:t>G5: words at the end</w:t></w:r></w:p></w:body></w:document>")
    path = write_docx(tmp_path / "G5.docx", "", body_bytes=document)
    refused(cli, project_path, ["import", str(path)], str(path),
            "is refused: it holds more than 250,000 paragraphs", "nothing was imported")


# -- point 4: every --> line is a cue or is listed ------------------------------------------

SRT = """1
00:00:01,000 --> 00:00:02,000
Anna: first cue.

00:00:03,000 --> 00:00:04,000
Ben: a cue without its number.

3
00:00:05,000 --> 00:00:99,000
Anna: seconds ninety-nine.

4
00:0x:07,000 --> 00:00:08,000
Ben: a malformed time.
5
00:00:09,000 --> 00:00:10,000
Ben: no blank line before this one.
"""


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
def test_every_subtitle_time_line_becomes_a_cue_or_is_reported(cli, project_path, tmp_path, fmt):
    path = tmp_path / f"M6.{fmt}"
    content = SRT if fmt == "srt" else "WEBVTT\n\n" + SRT.replace(",", ".")
    path.write_text(content, encoding="utf-8")
    result = cli("import", str(path))
    clean(result)
    assert result.exit_code == 0, result.output
    [text] = texts(project_path)
    for words in ("first cue.", "a cue without its number.", "no blank line before this one."):
        assert words in text
    assert "ninety-nine" not in text and "malformed" not in text
    assert f"{path}: left out 2 cues whose time cannot be read" in result.stderr
    assert "00:00:99" in result.stderr and "(Anna: seconds ninety-nine.)" in result.stderr
    assert "00:0x:07" in result.stderr and "(Ben: a malformed time.)" in result.stderr
    # every --> line: 3 cues in the text, 2 listed
    assert sum("-->" in line for line in content.splitlines()) == 3 + result.stderr.count("-->")


def test_subtitles_whose_every_cue_is_unreadable_are_refused(cli, project_path, tmp_path):
    path = tmp_path / "M7.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:61,000\nAnna: hello\n", encoding="utf-8")
    refused(cli, project_path, ["import", str(path)], str(path), "has no cues with text",
            "00:00:61,000")


# -- point 11: file names that are not UTF-8 -----------------------------------------------


def test_file_name_not_utf8_alone_is_imported_with_a_printable_name(cli, project_path,
                                                                     tmp_path):
    path = tmp_path / os.fsdecode(b"G8\xff.txt")
    path.write_text("Interviewer: Hello?\n\nG8: Hello back.", encoding="utf-8")
    result = cli("import", str(path))
    clean(result)
    assert result.exit_code == 0, result.output
    assert "G8\\xff.txt" in result.output + result.stderr
    conn = sqlite3.connect(project_path)
    names = [row[0] for row in conn.execute("SELECT name FROM sources")]
    conn.close()
    assert names == ["G8\\xff.txt"]


def test_file_name_not_utf8_in_a_folder_does_not_abort_it(cli, project_path, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / os.fsdecode(b"G8\xff.txt")).write_text("Interviewer: Hi?\n\nG8: Hi.",
                                                     encoding="utf-8")
    (folder / "G9.txt").write_text("Interviewer: Yes?\n\nG9: Yes.", encoding="utf-8")
    result = cli("import", str(folder))
    clean(result)
    assert result.exit_code == 0, result.output
    assert "2 imported" in result.output
    assert sorted(texts(project_path)) == ["Interviewer: Hi?\n\nG8: Hi.",
                                           "Interviewer: Yes?\n\nG9: Yes."]


# -- point 14: damaged archives, unreadable codebooks -----------------------------------------


def qdpx_with_bad_directory_offset(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", '<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>')
        archive.writestr("sources/a.txt", "hello")
    data = bytearray(path.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<I", data, end + 16, 0xFFFFFF0)  # the central directory's offset
    path.write_bytes(bytes(data))
    return path


def test_qdpx_with_a_corrupt_directory_offset_is_refused(cli, project_path, tmp_path):
    path = qdpx_with_bad_directory_offset(tmp_path / "study.qdpx")
    refused(cli, project_path, ["import", str(path)], str(path), "the archive is damaged")


def test_qdpx_with_a_member_name_not_utf8_is_refused(cli, project_path, tmp_path):
    path = tmp_path / "names.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", "<Project/>")
    data = bytearray(path.read_bytes())
    for header in (b"PK\x03\x04", b"PK\x01\x02"):  # flag the names UTF-8 and spoil them
        at = data.find(header)
        flags = at + (6 if header == b"PK\x03\x04" else 8)
        struct.pack_into("<H", data, flags, 0x800)
        data[data.find(b"project.qde", at)] = 0xFF
    path.write_bytes(bytes(data))
    refused(cli, project_path, ["import", str(path)], str(path),
            "is not a readable .qdpx archive")


@pytest.mark.parametrize("name", ["codes.yaml", "codes.qdc"])
def test_unreadable_codebook_file_is_a_message(cli, project_path, tmp_path, monkeypatch, name):
    path = tmp_path / name
    path.write_text("codes:\n  - name: A\n", encoding="utf-8")
    real = Path.read_bytes

    def denied(self):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    refused(cli, project_path, ["codebook", "import", str(path)], str(path),
            "cannot be read (Permission denied)")


# -- point 16: folders that cannot be read, links that loop ----------------------------------


@pytest.mark.parametrize("preview", [False, True], ids=["import", "preview"])
def test_folder_without_read_permission_is_a_failure(cli, project_path, tmp_path, monkeypatch,
                                                     preview):
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "G1.txt").write_text("Interviewer: Hi?\n\nG1: Hi.", encoding="utf-8")
    real = os.scandir

    def denied(target="."):  # what chmod 000 does (the tests may run as root)
        if Path(os.fsdecode(target)) == folder:
            raise PermissionError(13, "Permission denied", str(target))
        return real(target)

    monkeypatch.setattr(os, "scandir", denied)
    args = ["import", "--preview", str(folder)] if preview else ["import", str(folder)]
    result = refused(cli, project_path, args, str(folder),
                     "the folder cannot be read (Permission denied)")
    assert "Preview of 0 files" in result.output if preview else "1 failed" in result.output


def test_looping_symlinks_are_listed(cli, project_path, tmp_path):
    folder = tmp_path / "study"
    (folder / "sub").mkdir(parents=True)
    (folder / "G1.txt").write_text("Interviewer: Hi?\n\nG1: Hi.", encoding="utf-8")
    os.symlink("loop.txt", folder / "loop.txt")  # a link to itself
    os.symlink("notes", folder / "notes")
    os.symlink("..", folder / "sub" / "back")  # a folder link back up
    result = cli("import", "-r", str(folder))
    clean(result)
    assert result.exit_code == 1  # loop.txt names a transcript and cannot be read
    assert f"{folder / 'loop.txt'}: is a symbolic link that loops" in result.stderr
    assert f"{folder / 'notes'} (is a symbolic link that loops" in result.output
    assert f"{folder / 'sub' / 'back'} (a link to a folder already read" in result.output
    assert "1 imported" in result.output
    assert texts(project_path) == ["Interviewer: Hi?\n\nG1: Hi."]


def test_codebook_file_name_not_utf8_is_imported(cli, project_path, tmp_path):
    path = tmp_path / os.fsdecode(b"codes\xff.yaml")
    path.write_text("codes:\n  - name: Access\n", encoding="utf-8")
    result = cli("codebook", "import", str(path))
    clean(result)
    assert result.exit_code == 0, result.output
    assert "codes\\xff.yaml: 1 codes added" in result.output
    conn = sqlite3.connect(project_path)
    names = [row[0] for row in conn.execute("SELECT name FROM codes")]
    conn.close()
    assert names == ["Access"]


def test_word_page_headers_and_footers_are_listed_as_left_out(cli, project_path, tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Interviewer: How do you share records?")
    document.add_paragraph("G3: Mostly on paper, still.")
    section = document.sections[0]
    section.header.paragraphs[0].text = "HEADER Study of teams, interview G3, confidential"
    section.footer.paragraphs[0].text = "FOOTER words on every page"
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "HEADER Study of teams, interview G3, confidential"
    path = tmp_path / "G3.docx"
    document.save(path)
    result = cli("import", str(path))
    clean(result)
    assert result.exit_code == 0, result.output
    [text] = texts(project_path)
    assert "Mostly on paper, still." in text
    assert "HEADER" not in text and "FOOTER" not in text
    # the first-page header repeats the other: listed once
    assert f"{path}: 1 page header, 1 page footer left out" in result.stderr
    assert "'HEADER Study of teams, interview G3, confidential'" in result.stderr
    assert "'FOOTER words on every page'" in result.stderr


def test_odt_notes_comments_headers_and_footers_are_listed_not_spoken(cli, project_path,
                                                                      tmp_path):
    from odfdo import Annotation, Document, Note, Paragraph

    document = Document("text")
    answer = Paragraph("G3: Mostly on paper")
    answer.append(Note(note_class="footnote", note_id="ftn1", citation="1",
                       body="FOOTNOTE words"))
    answer.append(", still.")
    question = Paragraph("Interviewer: And then?")
    question.append(Annotation("COMMENT words", creator="Supervisor"))
    document.body.append(question)
    document.body.append(answer)
    page = document.get_style("master-page", "Standard")
    page.set_page_header(Paragraph("HEADER interview G3"))
    page.set_page_footer(Paragraph("FOOTER page"))
    path = tmp_path / "G3.odt"
    document.save(path)
    result = cli("import", str(path))
    clean(result)
    assert result.exit_code == 0, result.output
    [text] = texts(project_path)
    assert "Interviewer: And then?" in text and "G3: Mostly on paper, still." in text
    for words in ("FOOTNOTE", "COMMENT", "Supervisor", "HEADER", "FOOTER"):
        assert words not in text
    assert (f"{path}: 1 comment, 1 footnote, 1 page header, 1 page footer left out"
            in result.stderr)
    assert "footnote 'FOOTNOTE words'" in result.stderr
    assert "comment 'COMMENT words'" in result.stderr


def zip_members_spoiled(data: bytes, how: str) -> bytes:
    """Every member of a zip flagged encrypted, or given Deflate64 (method 9), which
    Windows writes for large files and Python's zipfile cannot read."""
    spoiled = bytearray(data)
    for header, flags, method in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
        at = 0
        while (at := spoiled.find(header, at)) != -1:
            if how == "encrypted":
                spoiled[at + flags] |= 1
            else:
                struct.pack_into("<H", spoiled, at + method, 9)
            at += 4
    return bytes(spoiled)


@pytest.mark.parametrize("how", ["encrypted", "deflate64"])
def test_a_docx_zip_that_cannot_be_unpacked_is_refused(cli, project_path, tmp_path, how):
    import docx

    document = docx.Document()
    document.add_paragraph("G3: Mostly on paper.")
    plain = tmp_path / "plain.docx"
    document.save(plain)
    path = tmp_path / "G3.docx"
    path.write_bytes(zip_members_spoiled(plain.read_bytes(), how))
    refused(cli, project_path, ["import", str(path)], str(path),
            "is not a readable Word document")


@pytest.mark.parametrize("how", ["encrypted", "deflate64"])
def test_a_qdpx_zip_that_cannot_be_unpacked_is_refused(cli, project_path, tmp_path, how):
    plain = tmp_path / "plain.qdpx"
    with zipfile.ZipFile(plain, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", "<Project/>")
    path = tmp_path / "study.qdpx"
    path.write_bytes(zip_members_spoiled(plain.read_bytes(), how))
    refused(cli, project_path, ["import", str(path)], str(path), "the archive is damaged")
