"""Generated input for the parsers (issue 20): whatever the text, the label, turn, speaker,
offset, subtitle, YAML and .qdc readers raise nothing but a WorkbenchError, and where the
input is valid nothing of it is lost.

Hypothesis runs derandomized (the same examples every run) and few enough of them that the
hostile folder stays well under a minute."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from workbench.errors import WorkbenchError
from workbench.ingest.codebook_yaml import read_codebook_yaml
from workbench.ingest.decode import decode_text
from workbench.ingest.interview import parse_source, settle
from workbench.ingest.plain import read_plain
from workbench.ingest.subtitles import read_subtitles
from workbench.refi.qdc import read_qdc
from workbench.text.labels import id_shaped, match_label, name_like, seconds
from workbench.text.normalize import normalise
from workbench.text.offsets import Counting, ForeignPositions, normalised_with_offsets
from workbench.text.turns import find_turns

FEW = settings(max_examples=40, derandomize=True, deadline=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
FEWER = settings(FEW, max_examples=15)  # each example writes and reads a file
PREFIXES = ["G", "M", "N"]

# Text that looks like transcripts: labels, times, IDs, Chinese, accents, odd line ends.
PIECES = st.sampled_from([
    "Interviewer: ", "G3: ", "M12: ", "Anna Smith: ", "Q: ", "A: ", "[G4] ", "**Ben** 00:01:02",
    "Speaker 1 (00:12): ", "访谈者：", "受访者：", "00:01:02 ", "(laughs) ", "...", "?", "!", ". ",
    "\n", "\n\n", "\r\n", "\r", "\t", " ", "-->", "Date: 2024-05-01\n", "Participant: G7\n",
    "café ", "e\u0301", "\ufeff", "𝄞", "Ü", "—", "\u00a0", ":", "：", "12/06/2024 ", "> ",
])
TRANSCRIPT = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=40).map("".join)


def imported(text: str, name: str = "G3.txt"):
    """The pipeline a .txt goes through, without the database: read, parse, settle."""
    path = Path(name)
    raw = read_plain(path, text.encode("utf-8"))
    source = parse_source(path, raw, sentences=True)
    settle(source, PREFIXES)
    return source


@FEW
@given(TRANSCRIPT)
@example("G3:")
@example("Interviewer:\n\nInterviewer:")
@example("\ufeff\r\n")
def test_a_txt_transcript_is_imported_whole_or_refused(text):
    try:
        source = imported(text)
    except WorkbenchError as exc:
        assert exc.path == "G3.txt" and exc.problem
        return
    stored = source.text
    assert stored == normalise(text)  # nothing dropped, nothing added
    for word in text.split():
        assert unicodedata.normalize("NFC", word.lstrip("\ufeff")) in stored
    previous = 0
    for turn in source.turns:
        assert previous <= turn.start <= turn.end <= len(stored)
        previous = turn.end
        for start, end in turn.sentences:
            assert turn.start <= start < end <= turn.end
    assert source.word_count >= 0


@FEW
@given(TRANSCRIPT, st.data())
def test_labels_at_any_line_start_never_raise(text, data):
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    pos = data.draw(st.sampled_from(starts))
    found = match_label(text, pos)
    if found is not None:
        assert found.line_start == pos
        assert pos <= found.body <= len(text)
        assert isinstance(found.label, str)
        assert isinstance(id_shaped(found.label), bool)
        assert isinstance(name_like(found.label), bool)
        if found.time is not None:
            assert seconds(found.time) is None or seconds(found.time) >= 0


@FEW
@given(TRANSCRIPT)
def test_turns_lie_in_the_text_in_order(text):
    text = normalise(text)
    layout = find_turns(text)
    previous = 0
    for turn in layout.turns:
        assert previous <= turn.start <= turn.end <= len(text)
        previous = turn.end


@FEW
@given(TRANSCRIPT, st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=8),
       st.booleans(), st.booleans())
def test_offsets_map_into_the_normalised_text(original, spans, utf16, crlf_as_one):
    text, mapping = normalised_with_offsets(original)
    assert text == normalise(original)
    foreign = ForeignPositions(original, Counting(utf16, crlf_as_one))
    for a, b in spans:
        a, b = min(a, b, foreign.length), min(max(a, b), foreign.length)
        start, end = foreign.start(a), foreign.end(b)
        assert 0 <= start <= end <= len(original)
        assert foreign.counted(start) <= a and foreign.counted(end) >= b
        if mapping is not None and start < end:
            new_start, new_end = mapping.span(start, end)
            assert 0 <= new_start <= new_end <= len(text)


CUE_LINES = st.sampled_from([
    "1", "2", "WEBVTT", "NOTE Participant: G5", "00:00:01,000 --> 00:00:02,000",
    "00:00:01.000 --> 00:00:02.000", "00:01.000 --> 00:02.000", "00:00:05,000 --> 00:00:99,000",
    "00:0x:07,000 --> 00:00:08,000", "-->", "<v Anna>hello</v>", "Ben: yes", "&amp; more", "",
    "00:00:03,000 --> 00:00:04,000 align:start", "99:59:59,999 --> 100:00:00,000",
])


@FEW
@given(st.lists(st.one_of(CUE_LINES, st.text(max_size=10)), max_size=25), st.booleans())
def test_every_subtitle_time_line_is_a_cue_or_reported(lines, vtt):
    content = ("WEBVTT\n\n" if vtt else "") + "\n".join(lines)
    path = Path("M6.vtt" if vtt else "M6.srt")
    try:
        document = read_subtitles(path, content.encode("utf-8"))
    except WorkbenchError as exc:
        assert exc.path == str(path)
        return
    reported = " ".join(document.warnings)
    arrows = sum("-->" in line for line in normalise(content).split("\n"))
    assert arrows <= len(document.cues) + reported.count("-->") + _empty_cues(content)


def _empty_cues(content: str) -> int:
    """Cues whose text is empty lose nothing and become no cue of the document."""
    lines = normalise(content).split("\n") + [""]
    return sum(1 for i, line in enumerate(lines) if "-->" in line
               and (i + 1 >= len(lines) or not lines[i + 1].strip() or "-->" in lines[i + 1]
                    or lines[i + 1].strip().isdigit()))


@FEW
@given(st.binary(max_size=200))
@example(b"\xef\xbb\xbf")
@example(b"M\xfcller f\xfcr \xc4rzte")
def test_decoding_any_bytes_gives_text_or_a_message(data):
    notes: list[str] = []
    try:
        text = decode_text(data, Path("x.txt"), notes)
    except WorkbenchError as exc:
        assert exc.path == "x.txt"
        return
    assert text.strip("\ufeff").strip()
    certain = [data.decode(encoding, "replace") for encoding in ("utf-8", "gb18030")]
    with_bom = data[:2] in (b"\xff\xfe", b"\xfe\xff") or data.startswith(b"\xef\xbb\xbf")
    assert text in certain or with_bom or notes  # any other reading is said


NAMES = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20) \
    .map(str.strip).filter(bool)
TREES = st.recursive(st.builds(lambda n: {"name": n}, NAMES),
                     lambda kids: st.builds(lambda n, c: {"name": n, "children": c}, NAMES,
                                            st.lists(kids, min_size=1, max_size=3)),
                     max_leaves=12)


def _names(nodes) -> list[str]:
    out = []
    for node in nodes:
        out.append(node["name"] if isinstance(node, dict) else node.name)
        out += _names(node.get("children", []) if isinstance(node, dict) else node.children)
    return out


@FEWER
@given(st.lists(TREES, min_size=1, max_size=4))
def test_a_yaml_codebook_comes_back_whole(tmp_path_factory, codes):
    path = tmp_path_factory.mktemp("yaml") / "codes.yaml"
    path.write_text(yaml.safe_dump({"codes": codes}, allow_unicode=True), encoding="utf-8")
    book = read_codebook_yaml(path)
    assert _names(book.codes) == [normalise(n) for n in _names(codes)]


YAML_PIECES = st.sampled_from([
    "codes:", "\n  - name: A", "\n    children:", "\n      - name: B", "\n  - ", "name: ",
    "2024-02-30", "!!python/object:os.system", "&a [*a]", "*a", "{", "}", "[", "]", ": ", "- ",
    "\n", "  ", "'", '"', "codable: maybe", "colour: '#zz'", "format: x", "~", "0x1F", "1e999",
    "!!binary AAA", "!!timestamp 2001-13-45", "? ", "|", ">", "\t", "%YAML 1.1\n", "---\n",
])


@FEW
@given(st.lists(st.one_of(YAML_PIECES, st.text(max_size=6)), max_size=30).map("".join))
@example("codes:\n  - name: 2024-02-30\n")
@example("codes: !!timestamp 2001-13-45\n")
def test_any_yaml_codebook_text_reads_or_is_refused(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("yaml") / "codes.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        read_codebook_yaml(path)
    except WorkbenchError as exc:
        assert exc.path == str(path)


def _qdc_code(node: dict, number: list[int]) -> str:
    number[0] += 1
    guid = f"00000000-0000-4000-8000-{number[0]:012d}"
    kids = "".join(_qdc_code(child, number) for child in node.get("children", []))
    return f'<Code guid="{guid}" name={quoteattr(node["name"])} isCodable="true">{kids}</Code>'


@FEWER
@given(st.lists(TREES, min_size=1, max_size=4))
def test_a_qdc_codebook_comes_back_whole(tmp_path_factory, codes):
    assume(all("\r" not in n for n in _names(codes)))  # XML reads a CR in an attribute as a space
    number = [0]
    body = "".join(_qdc_code(code, number) for code in codes)
    path = tmp_path_factory.mktemp("qdc") / "codes.qdc"
    path.write_text(f'<?xml version="1.0" encoding="utf-8"?><CodeBook '
                    f'xmlns="urn:QDA-XML:codebook:1.0"><Codes>{body}</Codes></CodeBook>',
                    encoding="utf-8")
    book = read_qdc(path)
    expected = [" ".join(n.split()) if any(c in n for c in "\t\n") else n for n in _names(codes)]
    got = _names(book.codes)
    assert len(got) == len(expected)
    assert [g.split() for g in got] == [e.split() for e in expected]


QDC_PIECES = st.sampled_from([
    '<?xml version="1.0"?>', '<CodeBook xmlns="urn:QDA-XML:codebook:1.0">', "<Codes>",
    '<Code guid="x" name="A" isCodable="true">', '<Code name="">', "</Code>", "</Codes>",
    "</CodeBook>", "<Description>d</Description>", '<!DOCTYPE x [<!ENTITY a "b">]>', "&a;",
    "<Sets>", "</Sets>", "<Project>", "\x00", "&#0;", "<![CDATA[x]]>", 'color="#GG0000"',
])


@FEW
@given(st.lists(st.one_of(QDC_PIECES, st.text(max_size=6)), max_size=25).map("".join))
def test_any_qdc_text_reads_or_is_refused(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("qdc") / "codes.qdc"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        read_qdc(path)
    except WorkbenchError as exc:
        assert exc.path == str(path)


@pytest.mark.parametrize("text", ["Interviewer: hi\n\nG3: hello", "访谈者：你好\n\n受访者：你好"])
def test_the_sample_shapes_import(text):
    assert imported(text).text == text
