"""Candidates for de-identification, found offline in a project's texts and data.

Where they come from, strongest first: the project's word list; attribute values that name
an institution or a place; the speaker labels of every transcript (participant IDs and
words such as "Interviewer" aside); patterns (e-mail, phone, ID numbers, exact dates,
addresses); Chinese names before a title and places before a suffix; the entities of a
trained spaCy pipeline when one is installed; and capitalised words that are not in the
English dictionary, or follow a title ("Nurse Tang"), and occur at least twice.

The first four are accepted unless the researcher rejects them; the guesses (Chinese,
spaCy, capitalised) wait for a decision. Every candidate is counted with the same
:class:`~workbench.deid.terms.TermMatcher` that applying the replacements uses.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from workbench.deid import patterns, terms, words
from workbench.deid.terms import HAN, WORD, TermMatcher
from workbench.text.participants import parse_participant_id
from workbench.text.turns import INTERVIEWER_LABELS, RESPONDENT_LABELS

FOUND_BY = ("word list", "attribute", "speaker", "pattern", "chinese", "spacy", "capitalised")
ACCEPTED_BY_DEFAULT = frozenset({"word list", "attribute", "speaker", "pattern"})
KINDS = ("person", "place", "institution", "name", "email", "phone", "id", "date", "address",
         "other")
LABELS = {"person": "Person", "place": "Place", "institution": "Institution", "name": "Name",
          "other": "Redacted", "email": "Email", "phone": "Phone", "id": "ID number",
          "date": "Date", "address": "Address"}
NUMBERED = frozenset({"person", "place", "institution", "name", "other"})
IDENTIFYING_KEYS = ("institution", "site", "clinic", "practice", "hospital", "centre", "center",
                    "organisation", "organization", "employer", "workplace", "district",
                    "city", "town", "village", "address", "school", "ward", "name", "street")
PLACE_KEYS = ("district", "city", "town", "village", "address", "street")
MIN_RECURRENCE = 2
CONTEXTS = 3
CONTEXT_CHARS = 30
_TITLE_DOT = "|".join(t.capitalize() for t in ("dr", "mr", "mrs", "ms", "prof", "st"))
_CAPITALISED = re.compile(rf"\b(?:(?:{_TITLE_DOT})\.[ \t]+)?[A-Z][\w'’]*(?:[ \t]+[A-Z][\w'’]*)*")


@dataclass
class Candidate:
    term: str
    kind: str
    found_by: str
    replacement: str = ""  # the default; set by numbering unless the word list gives one
    occurrences: list[tuple[int, int, int]] = field(default_factory=list)  # source, start, end
    elsewhere: int = 0  # occurrences outside the texts (attribute values)

    @property
    def accepted_by_default(self) -> bool:
        return self.found_by in ACCEPTED_BY_DEFAULT

    @property
    def count(self) -> int:
        return len(self.occurrences)

    @property
    def sources(self) -> int:
        return len({source for source, _, _ in self.occurrences})


def discover(texts: list[tuple[int, str]], speakers: Iterable[str],
             attributes: Iterable[tuple[str, str]], word_list: Iterable[dict],
             prefixes: Iterable[str], entities: Iterable[tuple[str, str]] = (),
             min_recurrence: int = MIN_RECURRENCE, others: Iterable[str] = (),
             tokens: list[set[str]] | None = None) -> dict[str, Candidate]:
    """Every candidate by its term, counted in ``texts`` ((source id, text) in interview
    order) and numbered ("[Person 1]" is the first person met). ``others`` (source names,
    memos) are searched for patterns too; ``tokens`` are the words of each text, if the
    caller has them."""
    prefixes = list(prefixes)
    found: dict[str, Candidate] = {}

    def offer(term: str, kind: str, found_by: str, replacement: str = "") -> None:
        term = term.strip()
        if len(term) < 2 or term in found:
            return
        found[term] = Candidate(term, kind, found_by, replacement)

    for row in word_list:
        offer(row["term"], row["kind"], "word list", row["replacement"])
    values = Counter()
    for key, value in attributes:
        if isinstance(value, str) and _identifying_key(key) and not _is_number(value):
            kind = "place" if any(k in key.casefold() for k in PLACE_KEYS) else "institution"
            offer(value, kind, "attribute")
            values[value.strip()] += 1
    for label in speakers:
        if _is_name_label(label, prefixes):
            offer(label, "person", "speaker")
    runs: Counter[str] = Counter()
    if tokens is None:
        tokens = [terms.words(text) for _, text in texts]
    lower = {w.casefold().replace("’", "'") for seen in tokens for w in seen if w[:1].islower()}
    written: Counter[str] = Counter()
    for _, text in texts:
        for match in patterns.find_patterns(text):
            offer(match.text, match.kind, "pattern")
        for match in patterns.find_chinese(text):
            offer(match.text, match.kind, "chinese")
        written.update(_CAPITALISED.findall(text))
    for run, seen in written.items():
        term = _name_in_run(run, lower)
        if term:
            runs[term] += seen
    for other in others:
        for match in patterns.find_patterns(other):
            offer(match.text, match.kind, "pattern")
    for term, kind in entities:
        offer(term, kind, "spacy")
    for term, seen in sorted(runs.items()):
        if seen >= min_recurrence:
            offer(term, "person" if _starts_with_title(term) else "name", "capitalised")
    count(found, texts, tokens)
    for term, seen in values.items():
        if term in found:
            found[term].elsewhere = seen
    _number(found)
    return found


def count(found: dict[str, Candidate], texts: list[tuple[int, str]],
          tokens: list[set[str]] | None = None) -> None:
    matcher = TermMatcher(found)
    for n, (source, text) in enumerate(texts):
        for hit in matcher.find(text, tokens[n] if tokens else None):
            found[hit.term].occurrences.append((source, hit.start, hit.end))


def _number(found: dict[str, Candidate]) -> None:
    """Default replacements: "[Person 1]", "[Place 2]", … numbered by first occurrence;
    "[Phone]", "[Date]", … for patterns."""
    first: dict[str, int] = {}
    for candidate in found.values():
        if candidate.occurrences:
            first[candidate.term] = min(candidate.occurrences)[0] * 10**9 + min(
                candidate.occurrences)[1]
    numbers: Counter[str] = Counter()
    for candidate in sorted(found.values(), key=lambda c: (first.get(c.term, 10**18), c.term)):
        if candidate.replacement:
            continue
        label = LABELS.get(candidate.kind, "Redacted")
        if candidate.kind in NUMBERED:
            numbers[label] += 1
            candidate.replacement = f"[{label} {numbers[label]}]"
        else:
            candidate.replacement = f"[{label}]"


def _identifying_key(key: str) -> bool:
    key = key.casefold()
    return any(part in key for part in IDENTIFYING_KEYS)


def _is_number(value: str) -> bool:
    return bool(re.fullmatch(r"[\d\s.,%+-]*", value))


def _is_name_label(label: str | None, prefixes: list[str]) -> bool:
    """A speaker label that names someone: not an ID, not "Interviewer" or "Speaker 2"."""
    if not label or not label.strip():
        return False
    key = label.strip().casefold()
    if key in INTERVIEWER_LABELS or key in RESPONDENT_LABELS:
        return False
    if parse_participant_id(label.strip(), prefixes) is not None:
        return False
    if HAN.search(label):
        return True
    tokens = [m.group() for m in WORD.finditer(label)]
    return any(not words.is_word(t) and not any(ch.isdigit() for ch in t) for t in tokens) \
        or (len(tokens) > 1 and tokens[0].casefold() in words.TITLES)


def _starts_with_title(term: str) -> bool:
    first = WORD.match(term)
    return bool(first) and first.group().casefold() in words.TITLES


def _name_in_run(run: str, lower: set[str]) -> str | None:
    """The name in a run of capitalised words, or None: leading words of the dictionary and
    trailing stop words dropped; a title keeps the words after it ("Nurse Tang")."""
    tokens = list(WORD.finditer(run))
    while tokens and words.is_word(tokens[0].group(), lower) and \
            tokens[0].group().casefold() not in words.TITLES:
        tokens.pop(0)
    while tokens and tokens[-1].group().casefold() in _stop_words():
        tokens.pop()
    if not tokens:
        return None
    titled = tokens[0].group().casefold() in words.TITLES
    if titled and len(tokens) == 1:
        return None
    names = [t.group() for t in tokens[1:]] if titled else [t.group() for t in tokens]
    if not titled and all(words.is_word(t, lower) for t in names):
        return None
    if len(tokens) == 1:
        only = re.sub(r"['’]?s$", "", names[0])
        if any(ch.isdigit() for ch in only) or len(only) < 2 or (only.isupper() and len(only) <= 5):
            return None
    if titled and all(any(ch.isdigit() for ch in t) for t in names):
        return None
    return run[tokens[0].start():tokens[-1].end()]


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return STOP_WORDS


def context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """The occurrence with some text either side, on one line."""
    before = text[max(0, start - width):start]
    after = text[end:end + width]
    shown = f"{'…' if start > width else ''}{before}⟦{text[start:end]}⟧{after}" \
            f"{'…' if end + width < len(text) else ''}"
    return re.sub(r"\s+", " ", shown)


def trained_entities(texts: list[tuple[int, str]], limit_chars: int = 2_000_000
                     ) -> list[tuple[str, str]]:
    """PERSON, GPE, LOC, ORG and FAC entities of an installed trained English pipeline
    (``en_core_web_sm`` or larger); none when no such pipeline is installed (nothing is
    downloaded). Reads at most ``limit_chars`` of text."""
    import spacy

    name = next((n for n in ("en_core_web_sm", "en_core_web_md", "en_core_web_lg")
                 if spacy.util.is_package(n)), None)
    if name is None:
        return []
    nlp = spacy.load(name, exclude=["lemmatizer"])
    if "ner" not in nlp.pipe_names:
        return []
    kinds = {"PERSON": "person", "GPE": "place", "LOC": "place", "ORG": "institution",
             "FAC": "place"}
    found: dict[str, str] = {}
    budget = limit_chars
    chunks = []
    for _, text in texts:
        if budget <= 0 or HAN.search(text[:200]):
            continue
        chunks.append(text[:budget])
        budget -= len(chunks[-1])
    for doc in nlp.pipe(chunks, batch_size=8):
        for ent in doc.ents:
            if ent.label_ in kinds and len(ent.text.strip()) > 1:
                found.setdefault(ent.text.strip(), kinds[ent.label_])
    return list(found.items())
