"""Checking a manuscript's quotations against the transcripts.

A quotation is text in quotation marks (“…”, "…" or ‘…’) of at least ``MIN_WORDS`` words,
perhaps followed by a participant tag such as ``(G3)``, ``(G3, GP)`` or
``(Participant 3, GP)``. An ellipsis (… or ...) inside it marks left-out text: each piece
must then be found, in order, within one turn.

Words are compared, not characters: letter case, whitespace and line breaks, and
punctuation (so curly or straight quotes and apostrophes, dashes, commas) are folded away
before comparing; "exact" means the same words in the same order. The verdicts:
``exact``, ``exact (shortened)``, ``altered`` (with a word diff, ``[-said-] {+wrote+}``),
``not found``. The tag is ``correct``, ``wrong``, missing (``untagged``) or cannot be
judged (``unknown``, when the quotation is not found).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from rapidfuzz import fuzz

from workbench.analysis.citations import role_abbreviation
from workbench.text.normalize import cjk_count, detect_language, word_count
from workbench.text.participants import id_in_text

MIN_WORDS = 5
ALTERED_MIN = 80.0  # similarity (out of 100) below which a quotation is "not found"
SLACK_WORDS = 2  # words either side of rapidfuzz's stretch that the word diff may take in

_QUOTATIONS = [
    re.compile(r"“((?:(?!\n\s*\n)[^”])+)”"),
    re.compile(r'(?<!\w)"((?:(?!\n\s*\n)[^"])+)"'),
    re.compile(r"(?<!\w)‘((?:(?!\n\s*\n).)+?)’(?!\w)", re.DOTALL),
]
_TAG = re.compile(r"\s*[(（]([^()（）\n]{1,80})[)）]")  # ASCII or full-width brackets
_ELLIPSIS = re.compile(r"\[\s*(?:…|\.\s?\.\s?\.)\s*\]|…|\.\s?\.\s?\.")
_EDGE = " \t\n.,;:!?'\"‘’“”—–-"
_SPACE = re.compile(r"\s+")


@dataclass
class Quotation:
    number: int
    line: int  # in the manuscript's text as read (a Word paragraph is followed by a blank line)
    text: str  # as written, whitespace collapsed
    tag: str | None = None  # the bracketed text after it, when it names a participant
    tagged: str | None = None  # the participant the tag names

    @property
    def pieces(self) -> list[str]:
        """The quoted stretches between ellipses, without edge punctuation."""
        return [p.strip(_EDGE) for p in _ELLIPSIS.split(self.text) if p.strip(_EDGE)]

    @property
    def shortened(self) -> bool:
        return len(self.pieces) > 1


@dataclass
class Passage:
    """A turn that may hold a quotation."""

    source: str
    participant: str | None
    turn_number: int | None
    start: int  # offset of ``text`` in the source
    text: str


@dataclass
class QuoteCheck:
    quotation: Quotation
    verdict: str
    similarity: float = 0.0
    attribution: str = "unknown"
    source: str | None = None
    participant: str | None = None  # who said it
    turn_number: int | None = None
    start: int | None = None
    end: int | None = None
    passage: str | None = None  # the source's words for the quotation
    diff: list[tuple[str, str]] = field(default_factory=list)  # (equal|delete|insert, words)

    @property
    def diff_text(self) -> str:
        marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
        joiner = "" if detect_language(self.quotation.text) == "zh" else " "
        return joiner.join(marks[op].format(words) for op, words in self.diff)

    def as_dict(self) -> dict:
        quotation = dataclasses.asdict(self.quotation)
        return {"number": quotation.pop("number"), "line": quotation.pop("line"),
                "quote": quotation.pop("text"), **quotation, "verdict": self.verdict,
                "similarity": self.similarity, "attribution": self.attribution,
                "source": self.source, "participant": self.participant,
                "turn_number": self.turn_number, "start": self.start, "end": self.end,
                "passage": self.passage, "diff": self.diff_text if self.diff else None}


VERDICTS = ("exact", "exact (shortened)", "altered", "not found")


def summary(checks: list[QuoteCheck]) -> str:
    """``10 quotations: 5 exact, 2 altered, …; 1 tagged with the wrong participant.``"""
    counts = [f"{sum(c.verdict == v for c in checks)} {v}" for v in VERDICTS
              if any(c.verdict == v for c in checks)]
    wrong = sum(c.attribution == "wrong" for c in checks)
    text = f"{len(checks)} quotation{'s' if len(checks) != 1 else ''}"
    text += f": {', '.join(counts)}" if counts else ""
    return text + (f"; {wrong} tagged with the wrong participant." if wrong else ".")


# -- finding quotations ------------------------------------------------------------------

def find_quotations(text: str, roles: list[dict]) -> list[Quotation]:
    """Quotations of ``MIN_WORDS`` words or more, in manuscript order. ``roles`` (prefix,
    label) let tags such as ``(Participant 3, GP)`` be read."""
    matches = sorted((m for pattern in _QUOTATIONS for m in pattern.finditer(text)),
                     key=lambda m: (m.start(), -m.end()))
    found: list[Quotation] = []
    taken_until = 0
    for match in matches:
        if match.start() < taken_until:
            continue  # inside a quotation already taken: a quote within a quote
        body = _SPACE.sub(" ", match.group(1)).strip()
        if word_count(body) < MIN_WORDS:
            continue
        taken_until = match.end()
        tag = _TAG.match(text, match.end())
        tagged = _tagged_participant(tag.group(1), roles) if tag else None
        found.append(Quotation(len(found) + 1, text.count("\n", 0, match.start()) + 1, body,
                               tag.group(1).strip() if tagged else None, tagged))
    return found


def _tagged_participant(tag: str, roles: list[dict]) -> str | None:
    """``G3``, ``G3, GP`` → G3; ``Participant 3, GP`` → G3 (by prefix, label or initials)."""
    prefixes = [r["prefix"] for r in roles]
    direct = id_in_text(tag, prefixes)
    if direct:
        return direct
    number = re.search(r"\d{1,4}", tag)
    if not number:
        return None
    parts = {part.strip().casefold() for part in tag.split(",")}
    for role in roles:
        names = {role["prefix"], role["label"], role_abbreviation(role["label"])}
        if parts & {name.casefold() for name in names}:
            return f"{role['prefix']}{int(number.group())}"
    return None


# -- matching ----------------------------------------------------------------------------

def check_quotation(quotation: Quotation, passages: list[Passage]) -> QuoteCheck:
    """Find the quotation in the best of ``passages``: exactly, or else approximately."""
    pieces = [folded for folded, _ in map(_folded, quotation.pieces) if folded]
    if not pieces:
        return QuoteCheck(quotation, "not found")
    exact = [(p, spans) for p in passages if (spans := _in_order(pieces, p.text))]
    if exact:
        passage, (start, end) = next(((p, s) for p, s in exact
                                      if p.participant == quotation.tagged), exact[0])
        verdict = "exact (shortened)" if quotation.shortened else "exact"
        return _located(quotation, verdict, 100.0, passage, start, end, [])
    best: tuple[float, Passage, int, int, list] | None = None
    for passage in passages:
        score, start, end, diff = _closest(quotation, passage)
        if best is None or score > best[0]:
            best = (score, passage, start, end, diff)
    if best is None or best[0] < ALTERED_MIN:
        return QuoteCheck(quotation, "not found", round(best[0], 1) if best else 0.0)
    score, passage, start, end, diff = best
    return _located(quotation, "altered", round(score, 1), passage, start, end, diff)


def _located(quotation: Quotation, verdict: str, similarity: float, passage: Passage,
             start: int, end: int, diff: list[tuple[str, str]]) -> QuoteCheck:
    if quotation.tagged is None:
        attribution = "untagged"
    else:
        attribution = "correct" if quotation.tagged == passage.participant else "wrong"
    return QuoteCheck(quotation, verdict, similarity, attribution, passage.source,
                      passage.participant, passage.turn_number, passage.start + start,
                      passage.start + end, passage.text[start:end], diff)


def _in_order(pieces: list[str], text: str) -> tuple[int, int] | None:
    """The span of ``text`` from the first to the last piece, if all occur in order."""
    folded, origin = _folded(text)
    position, first, last = 0, None, None
    for piece in pieces:
        at = _find_whole(folded, piece, position)
        if at < 0:
            return None
        first = at if first is None else first
        position = last = at + len(piece)
    return origin[first], origin[last - 1] + 1


def _find_whole(text: str, piece: str, position: int) -> int:
    """Where ``piece`` occurs from ``position`` without starting or ending inside a word."""
    at = text.find(piece, position)
    while at >= 0:
        end = at + len(piece)
        if not (_joins(text, at - 1, piece[0]) or _joins(text, end, piece[-1])):
            return at
        at = text.find(piece, at + 1)
    return -1


def _joins(text: str, index: int, edge: str) -> bool:
    """Whether the character at ``index`` would continue the word that ``edge`` ends."""
    return 0 <= index < len(text) and _is_letter(text[index]) and _is_letter(edge)


def _is_letter(character: str) -> bool:
    return character.isalnum() and not cjk_count(character)


def _closest(quotation: Quotation, passage: Passage) -> tuple[float, int, int, list]:
    """The best approximate place of each piece in the passage, as one similarity (pieces
    weighted by length), the span from the first to the last, and the word diff."""
    total = weighted = 0.0
    spans: list[tuple[int, int]] = []
    diff: list[tuple[str, str]] = []
    for piece in quotation.pieces:
        score, start, end, piece_diff = _align(piece, passage.text)
        weighted += score * len(piece)
        total += len(piece)
        spans.append((start, end))
        if diff:
            diff.append(("equal", "…"))
        diff += piece_diff
    return weighted / total, spans[0][0], max(e for _, e in spans), diff


def _align(piece: str, text: str) -> tuple[float, int, int, list[tuple[str, str]]]:
    """Align a piece with the passage: rapidfuzz finds the stretch, then a word diff against
    that stretch and a few words either side settles where the quotation starts and ends."""
    folded, origin = _folded(text)
    if not folded:
        return 0.0, 0, 0, []
    found = fuzz.partial_ratio_alignment(_folded(piece)[0], folded)
    low, high = origin[found.dest_start], origin[max(found.dest_end - 1, found.dest_start)] + 1
    words = _tokens(text, 0, len(text))
    inside = [i for i, (_, start, end) in enumerate(words) if start < high and end > low]
    if not inside:
        return found.score, low, high, []
    said = words[max(inside[0] - SLACK_WORDS, 0):inside[-1] + SLACK_WORDS + 1]
    wrote = _tokens(piece, 0, len(piece))
    diff, kept = _word_diff([w for w, _, _ in said], [w for w, _, _ in wrote])
    if not kept:
        return found.score, low, high, diff
    return found.score, said[kept[0]][1], said[kept[-1]][2], diff


def _tokens(text: str, low: int, high: int) -> list[tuple[str, int, int]]:
    """Words of ``text[low:high]`` with their offsets; each Chinese character is a word.
    Pure punctuation is left out: it is not compared."""
    tokens = []
    for match in re.finditer(r"\S+", text[low:high]):
        word, start = match.group(), low + match.start()
        parts = [(m.group(), m.start()) for m in re.finditer(r"\S", word)] \
            if cjk_count(word) else [(word, 0)]
        tokens += [(part, start + at, start + at + len(part)) for part, at in parts
                   if _key(part)]
    return tokens


def _word_diff(said: list[str], wrote: list[str]) -> tuple[list[tuple[str, str]], list[int]]:
    """The diff from the source's words to the manuscript's, and the indexes of the source
    words it covers. The source words are a little wider than the quotation; those beyond
    either end are left out."""
    matcher = SequenceMatcher(None, [_key(w) for w in said], [_key(w) for w in wrote],
                              autojunk=False)
    codes = [list(code) for code in matcher.get_opcodes()]
    while codes and codes[0][0] == "delete":
        codes.pop(0)
    while codes and codes[-1][0] == "delete":
        codes.pop()
    if codes and codes[0][0] == "replace":  # the source words just before a changed first word
        codes[0][1] = max(codes[0][1], codes[0][2] - (codes[0][4] - codes[0][3]))
    if codes and codes[-1][0] == "replace":
        codes[-1][2] = min(codes[-1][2], codes[-1][1] + (codes[-1][4] - codes[-1][3]))
    diff: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in codes:
        if op in ("delete", "replace"):
            diff.append(("delete", _joined(said[i1:i2])))
        if op in ("insert", "replace"):
            diff.append(("insert", _joined(wrote[j1:j2])))
        if op == "equal":
            diff.append(("equal", _joined(wrote[j1:j2])))
    kept = [i for _, i1, i2, _, _ in codes for i in range(i1, i2)]
    return diff, kept


def _joined(words: list[str]) -> str:
    """Words with spaces between them, except between Chinese characters."""
    text = ""
    for word in words:
        if text and not (cjk_count(text[-1]) and cjk_count(word[0])):
            text += " "
        text += word
    return text


def _key(word: str) -> str:
    return _folded(word)[0]


def _folded(text: str) -> tuple[str, list[int]]:
    """``text`` as compared (lower case, punctuation and runs of space as one space), and
    for each of its characters the index of the original one."""
    out: list[str] = []
    origin: list[int] = []
    for index, character in enumerate(text):
        if character.isspace() or unicodedata.category(character).startswith("P"):
            if out and out[-1] != " ":
                out.append(" ")
                origin.append(index)
            continue
        for folded in character.casefold():
            out.append(folded)
            origin.append(index)
    if out and out[-1] == " ":
        out.pop()
        origin.pop()
    return "".join(out), origin
