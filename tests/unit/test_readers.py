"""File readers: encodings, Word paragraphs and speaker tables, WebVTT and SubRip cues."""

from pathlib import Path

import docx
import pytest

from workbench.errors import WorkbenchError
from workbench.ingest.decode import decode_text
from workbench.ingest.transcripts import read_transcript


def write_docx(path: Path, paragraphs=(), table=None) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=0, cols=2)
        for speaker, said in table:
            cells = grid.add_row().cells
            cells[0].text, cells[1].text = speaker, said
    document.save(path)
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030"])
def test_decodes_supported_encodings(tmp_path, encoding):
    text = "访谈者：您好。\nG1：工作量很大。"
    assert decode_text(text.encode(encoding), tmp_path / "x.txt") == text


def test_refuses_latin1_and_binary(tmp_path):
    with pytest.raises(WorkbenchError, match="cannot be decoded: byte 3"):
        decode_text("Café au lait, très bien".encode("latin-1"), tmp_path / "x.txt")
    with pytest.raises(WorkbenchError, match="binary"):
        decode_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", tmp_path / "x.txt")


def test_docx_paragraphs_in_order(tmp_path):
    path = write_docx(tmp_path / "G2.docx", ["Participant: G2", "Interviewer: Hi.", "G2: Hello."])
    raw = read_transcript(path)
    assert raw.text == "Participant: G2\n\nInterviewer: Hi.\n\nG2: Hello."
    assert raw.format == "docx"


def test_docx_speaker_table(tmp_path):
    path = write_docx(tmp_path / "N3.docx", ["Date: 2024-03-21"],
                      table=[("Speaker", "Text"), ("Interviewer", "How are you?"),
                             ("N3", "Busy, as always.")])
    assert read_transcript(path).text == (
        "Date: 2024-03-21\n\nInterviewer: How are you?\n\nN3: Busy, as always.")


def test_vtt_voices_merge_and_keep_times(tmp_path):
    path = tmp_path / "G5.vtt"
    path.write_text(
        "WEBVTT\n\nNOTE\nDate: 2024-03-27\n\n"
        "00:00:01.000 --> 00:00:04.500\n<v Interviewer>How long have you worked here?\n\n"
        "00:00:05.000 --> 00:00:08.000\n<v G5>Six years.\n\n"
        "00:00:08.000 --> 00:00:11.250\n<v G5>Before that, <i>a township</i> hospital.\n",
        encoding="utf-8")
    raw = read_transcript(path)
    assert raw.text == ("Date: 2024-03-27\n\nInterviewer: How long have you worked here?\n\n"
                        "G5: Six years. Before that, a township hospital.")
    assert [(raw.text[c.start:c.end], c.time_start, c.time_end) for c in raw.cues] == [
        ("How long have you worked here?", 1.0, 4.5),
        ("Six years.", 5.0, 8.0),
        ("Before that, a township hospital.", 8.0, 11.25),
    ]


def test_srt_speaker_prefixes(tmp_path):
    path = tmp_path / "M9.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:03,000\nInterviewer: Budget?\n\n"
                    "2\n00:00:03,500 --> 00:00:06,000\nM9: There is none.\n", encoding="utf-8")
    raw = read_transcript(path)
    assert raw.text == "Interviewer: Budget?\n\nM9: There is none."
    assert raw.cues[1].time_start == 3.5


@pytest.mark.parametrize("name, content, message", [
    ("empty.txt", b"", "the file is empty"),
    ("blank.md", b"  \n\n ", "the file is empty"),
    ("broken.docx", b"PK\x03\x04 this is not a zip", "not a readable Word document"),
    ("bad.vtt", b"this is not webvtt\n", "not a valid VTT file"),
    ("notes.pdf", b"%PDF-1.4", "unknown kind of file '.pdf'"),
    ("broken.odt", b"PK\x03\x04 this is not a zip", "not a readable OpenDocument text"),
    ("voices.vtt", b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann></v>\n",
     "has no cues with text"),
])
def test_bad_files_raise_clear_errors(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(WorkbenchError, match=message) as caught:
        read_transcript(path)
    assert str(path) in str(caught.value)


def test_odt_that_is_a_word_document_or_empty(tmp_path):
    """A .docx renamed .odt, and an OpenDocument text with no words, are refused clearly."""
    import docx
    from odfdo import Document

    renamed = tmp_path / "renamed.odt"
    word = docx.Document()
    word.add_paragraph("Interviewer: hello")
    word.save(renamed)
    with pytest.raises(WorkbenchError, match="not a readable OpenDocument text"):
        read_transcript(renamed)
    empty = tmp_path / "empty.odt"
    Document("text").save(empty)
    with pytest.raises(WorkbenchError, match="the OpenDocument file has no text"):
        read_transcript(empty)
