"""Normalisation, speaker turns, participant IDs and dates found in text."""

from workbench.text.normalize import detect_language, normalise, word_count
from workbench.text.dates import date_in_text
from workbench.text.participants import id_in_text, parse_participant_id
from workbench.text.turns import find_turns

PREFIXES = ["G", "N", "M"]


def spoken(text, layout):
    return [(t.speaker, text[t.start:t.end]) for t in layout.turns]


def test_normalise_strips_bom_line_endings_and_composes():
    assert normalise("\ufeffa\r\nb\rc\u0065\u0301") == "a\nb\nc\u00e9"


def test_language_and_word_count():
    assert detect_language("We need more nurses.") == "en"
    assert detect_language("我们需要更多的护士。GP") == "zh"
    assert word_count("We need 2 more nurses, don’t we?") == 7
    assert word_count("我们需要") == 4


def test_turns_with_labels_continuations_and_header():
    text = ("Participant: G3\nDate: 2024-03-12\n\nInterviewer: How long?\n\n"
            "G3: Ten years.\n\nSecond paragraph of the answer.\n\nInterviewer: Thanks.")
    layout = find_turns(text)
    assert layout.header == {"participant": "G3", "date": "2024-03-12"}
    assert spoken(text, layout) == [
        ("Interviewer", "How long?"),
        ("G3", "Ten years.\n\nSecond paragraph of the answer."),
        ("Interviewer", "Thanks."),
    ]


def test_turns_with_timestamps_markdown_and_names():
    text = ("[00:01:23] Interviewer: Hello.\n(00:01:30) Max Bigman: Hi there.\n"
            "**Q:** Next?\n**Max Bigman:** Yes.\nI (01:02): And?\n")
    layout = find_turns(text)
    assert [(t.speaker, t.time) for t in layout.turns] == [
        ("Interviewer", 83.0), ("Max Bigman", 90.0), ("Q", None), ("Max Bigman", None),
        ("I", 62.0)]
    assert text[layout.turns[2].start:layout.turns[2].end] == "Next?"


def test_a_label_seen_once_is_not_a_speaker():
    text = "Interviewer: Why?\n\nG2: Two reasons.\n\nSecond: the money is short.\n"
    layout = find_turns(text)
    assert [t.speaker for t in layout.turns] == ["Interviewer", "G2"]
    assert text[layout.turns[1].start:layout.turns[1].end].endswith("the money is short.")


def test_chinese_labels_with_full_width_colon():
    text = "受访者：G1\n日期：2024-06-03\n\n访谈者：您好。\n\nG1：您好！我们很忙。"
    layout = find_turns(text)
    assert layout.header["受访者"] == "G1"
    assert spoken(text, layout) == [("访谈者", "您好。"), ("G1", "您好！我们很忙。")]


def test_text_without_labels_becomes_paragraph_turns():
    text = "# Notes\nParticipant: G4\n\nFirst thought.\n\nSecond thought."
    layout = find_turns(text)
    assert not layout.labelled
    assert spoken(text, layout) == [(None, "First thought."), (None, "Second thought.")]


def test_participant_ids_and_dates():
    assert parse_participant_id("g-03", PREFIXES) == "G3"
    assert parse_participant_id("X3", PREFIXES) is None
    assert id_in_text("Interview G3 2024-01-05", PREFIXES) == "G3"
    assert id_in_text("G11_2024-05-20", PREFIXES) == "G11"
    assert id_in_text("interview_06", PREFIXES) is None
    assert id_in_text("N3_transcript", PREFIXES) == "N3"
    assert date_in_text("Interview G3 2024-01-05") == "2024-01-05"
    assert date_in_text("2024年3月5日") == "2024-03-05"
    assert date_in_text("2024-02-30") is None


def test_sentence_rule_matches_spacys_sentencizer_on_the_samples(samples):
    """The fast sentence splitter gives exactly the sentences of spaCy's own component."""
    import spacy

    from workbench.ingest.transcripts import read_transcript
    from workbench.text.language import sentence_spans

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    compared = 0
    for path in sorted(samples.glob("*.txt")) + sorted(samples.glob("*.md")):
        text = read_transcript(path).text
        regions = [(t.start, t.end) for t in find_turns(text).turns]
        ours = sentence_spans(text, regions, "en")
        for (start, end), spans in zip(regions, ours):
            doc = nlp(text[start:end])
            expected = []
            for sent in doc.sents:
                piece = sent.text.strip()
                if piece:
                    offset = start + sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
                    expected.append((offset, offset + len(piece)))
            assert spans == expected
            compared += len(spans)
    assert compared > 500


def test_foreign_positions_in_utf16_units_and_with_crlf_as_one():
    from workbench.text.offsets import Counting, ForeignPositions

    text = "a😀b\r\nc"  # code points: a 0, 😀 1, b 2, \r 3, \n 4, c 5
    utf16 = ForeignPositions(text, Counting(utf16=True))
    assert utf16.length == 7
    assert (utf16.start(3), utf16.end(4)) == (2, 3)  # "b"
    assert (utf16.start(2), utf16.end(2)) == (1, 2)  # inside the emoji: outward
    assert not utf16.exact(2) and utf16.exact(3)
    assert [utf16.counted(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 5, 6, 7]
    crlf = ForeignPositions(text, Counting(crlf_as_one=True))
    assert crlf.length == 5
    assert text[crlf.start(4):crlf.end(5)] == "c"
    assert text[crlf.start(2):crlf.end(4)] == "b\r\n"  # the line end whole
    both = ForeignPositions(text, Counting(utf16=True, crlf_as_one=True))
    assert text[both.start(5):both.end(6)] == "c"
    plain = ForeignPositions("no change", Counting(utf16=True, crlf_as_one=True))
    assert (plain.start(3), plain.end(5), plain.length) == (3, 5, 9)


def test_a_time_date_or_number_is_never_a_speaker():
    text = ("00:00:12 We started late.\n\n10:30 The clinic was full.\n\n"
            "2021-12-13T19:20:05 Then the power went.\n\n12: not a name either\n")
    layout = find_turns(text)
    assert not layout.labelled
    assert [(t.speaker, t.time, text[t.start:t.end][:8]) for t in layout.turns] == [
        (None, 12.0, "We start"), (None, 630.0, "The clin"), (None, 69605.0, "Then the"),
        (None, None, "12: not ")]


def test_labels_people_write():
    text = ("admin-1: One.\n\nDr. Li: Two.\n\nSmith, John: Three.\n\nAnna (Guest): Four.\n\n"
            "受访者A：五。\n\nadmin-1: Six.\n\n受访者A：七。\n")
    assert [t.speaker for t in find_turns(text).turns] == [
        "admin-1", "Dr. Li", "Smith, John", "Anna (Guest)", "受访者A", "admin-1", "受访者A"]


def test_dates_as_people_write_them():
    from workbench.text.dates import find_date

    assert find_date("3 June 2024").iso == "2024-06-03"
    assert find_date("3rd of June, 2024").iso == "2024-06-03"
    assert find_date("June 3, 2024").iso == "2024-06-03"
    assert find_date("GMT20240612-153012_Recording").iso == "2024-06-12"
    assert find_date("25/06/2024").iso == "2024-06-25"
    assert find_date("10/06/2024").ambiguous == "10/06/2024"
    assert find_date("10/06/2024", "dmy").iso == "2024-06-10"
    assert find_date("10/06/2024", "mdy").iso == "2024-10-06"
    assert find_date("31 February 2024").iso is None
