"""The pure de-identification functions: positions moved by replacements, terms matched the
same way everywhere, the patterns, Chinese names and places, names among capitalised words."""

import pytest

from workbench.deid import candidates, patterns
from workbench.deid.plan import make_plan
from workbench.deid.replace import OffsetMap, Replacement, apply
from workbench.deid.terms import TermMatcher

TEXT = "I saw Dr Wang at Maple Grove today."


def test_offsets_move_by_what_the_replacements_before_them_changed():
    wang = TEXT.index("Dr Wang")
    maple = TEXT.index("Maple Grove")
    spans = [Replacement(wang, wang + 7, "[GP]"), Replacement(maple, maple + 11, "[Clinic X]")]
    new = apply(TEXT, spans)
    assert new == "I saw [GP] at [Clinic X] today."
    offsets = OffsetMap(spans)
    assert offsets.start(0) == 0 and offsets.end(5) == 5
    assert offsets.start(wang) == new.index("[GP]")  # at a span's start: its start
    assert offsets.end(wang) == new.index("[GP]")  # ending where it starts: before it
    assert offsets.end(wang + 7) == new.index("[GP]") + 4
    assert offsets.start(wang + 3) == new.index("[GP]")  # inside: the whole replacement
    assert offsets.end(wang + 3) == new.index("[GP]") + 4
    today = TEXT.index("today")
    assert new[offsets.start(today):offsets.end(today + 5)] == "today"
    assert offsets.widened(wang + 3, today) == (wang, today)
    assert offsets.widened(0, maple + 2) == (0, maple + 11)


@pytest.mark.parametrize("text, found", [
    ("Dr Wang said", ["Dr Wang"]),
    ("DR WANG said", ["DR WANG"]),
    ("Dr. Wang said", ["Dr. Wang"]),
    ("dr wang said", []),  # small letters are words, not the name
    ("Dr Wangler said", []),
    ("Dr\nWang said", ["Dr\nWang"]),
    ("O'Wang and Dr Wang", ["Dr Wang"]),
    ("打给Dr Wang吧", ["Dr Wang"]),
])
def test_terms_are_matched_word_by_word(text, found):
    matcher = TermMatcher(["Dr Wang"])
    assert [text[f.start:f.end] for f in matcher.find(text)] == found


def test_the_longest_term_wins_and_chinese_is_found_anywhere():
    matcher = TermMatcher(["Maple", "Maple Grove Clinic", "王医生", "13812345678"])
    text = "At Maple Grove Clinic, Maple; 我和王医生说，电话13812345678。"
    assert [f.term for f in matcher.find(text)] == ["Maple Grove Clinic", "Maple", "王医生",
                                                     "13812345678"]


@pytest.mark.parametrize("text, kind, found", [
    ("write to li.na@example.org today", "email", "li.na@example.org"),
    ("call 020 7946 0958 now", "phone", "020 7946 0958"),
    ("call +44 20 7946 0958 now", "phone", "+44 20 7946 0958"),
    ("电话13812345678找我", "phone", "13812345678"),
    ("record 12345678 in the file", "id", "12345678"),
    ("MRN AB123456 on file", "id", "AB123456"),
    ("seen on 2024-03-05.", "date", "2024-03-05"),
    ("seen on 5 March 2024.", "date", "5 March 2024"),
    ("seen on March 5, 2024.", "date", "March 5, 2024"),
    ("2024年3月5日来的", "date", "2024年3月5日"),
    ("lives at 12 Oak Street with", "address", "12 Oak Street"),
    ("住在解放路12号", "address", "解放路12号"),
])
def test_patterns(text, kind, found):
    assert [(m.kind, m.text) for m in patterns.find_patterns(text)] == [(kind, found)]


@pytest.mark.parametrize("text", ["about 1,450 residents", "in 2020 and 2021", "G12: yes",
                                  "score 3 of 10", "12 to 15 patients", "guid 3fa85f64-5717-4562",
                                  "e9b3e246-9498-5a08-ad59-a17593363387",
                                  "guid 0000-b110101199003071234c"])
def test_numbers_that_identify_nobody_are_not_patterns(text):
    assert patterns.find_patterns(text) == []


def test_chinese_names_and_places():
    found = patterns.find_chinese("我和王医生一起在渝中区工作，全科医生和社区医生都去了解放碑街道。")
    assert [(m.kind, m.text) for m in found] == [("person", "王医生"), ("place", "渝中区"),
                                                 ("place", "解放碑街道")]


@pytest.mark.parametrize("run, name", [
    ("Nurse Tang", "Nurse Tang"), ("Xicheng Riverside", "Xicheng Riverside"),
    ("The Hongqiao", "Hongqiao"), ("Honestly", None), ("I'm", None), ("COPD", None),
    ("GPs", None), ("Team", None), ("Dr", None), ("March", None),
])
def test_names_among_capitalised_words(run, name):
    assert candidates._name_in_run(run, set()) == name


def test_candidates_are_numbered_and_decided():
    texts = [(1, "G1: Nurse Tang came. Nurse Tang left. Call 020 7946 0958.\n"
                 "Sarah Okafor: fine.\nSarah Okafor: yes.")]
    found = candidates.discover(texts, ["G1", "Sarah Okafor", "Interviewer"], [], [], ["G"])
    assert found["Nurse Tang"].replacement == "[Person 1]" and found["Nurse Tang"].count == 2
    assert found["Sarah Okafor"].replacement == "[Person 2]"
    assert found["020 7946 0958"].replacement == "[Phone]"
    assert "G1" not in found and "Interviewer" not in found
    plan = make_plan(found, [{"term": "Nurse Tang", "source": 1, "start": 21,
                              "decision": "reject", "replacement": None},
                             {"term": "Nurse Tang", "source": None, "start": None,
                              "decision": "edit", "replacement": "[Nurse]"}])
    assert apply(texts[0][1], plan.spans(1, texts[0][1])).splitlines()[0] == \
        "G1: [Nurse] came. Nurse Tang left. Call [Phone]."
    assert plan.text("ask Sarah Okafor") == "ask [Person 2]"
    assert [found_ for *_, found_, _ in plan.leftovers("Nurse Tang, 020 7946 0958")] == \
        ["Nurse Tang", "020 7946 0958"]
