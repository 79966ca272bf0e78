"""The grammar of speaker labels: what a line that starts a turn looks like.

Transcripts written by people and by programs mark a new speaker in a handful of ways:

- ``Name: text`` (any case, hyphens, digits, commas, dots, parentheses, any script:
  ``admin-1:``, ``Dr. Li:``, ``Smith, John:``, ``Anna (Guest):``, ``受访者A：``), with a
  time before or after the name (``[00:01:02] Name:``, ``Name [00:01:02]:``,
  ``Name (00:01):``) or right after the colon (``Respondent: [00:04:12] And …``), and in
  Markdown bold (``**Name:**``, ``**Name**:``);
- a name and a time alone on a line, the text below (Otter's ``Emma  0:03``, Rev's
  ``Speaker 1 (00:00):``, ``Name 00:01:02``, Zoom's saved captions ``[Name] 00:01:02``);
- ``**Name** [00:01:02] text`` (bold name and a time, no colon);
- ``[id1] text`` (a bracketed ID, a focus-group convention);
- a Zoom chat line, ``00:01:02 From Name to Everyone: text``.

A time, a date or a number is never a name. Whether a candidate label really names a
speaker is decided by :mod:`workbench.text.turns`, which sees the whole document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TIME = r"\d{1,3}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_ISO = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)"
_STAMP = rf"(?:{_ISO}|{TIME})"
_MARK = r"(?:\*\*|__)"
_NAME = r"[^\s:：*_\[\]<>#|>][^:：\n*\[\]<>|]{0,47}?"
_LEAD = r"^[ \t]*(?:>[ \t]*)?(?:[-–—•][ \t]+)?"  # a quote mark, a list bullet or a dialogue dash

# A name and a time alone on a line: the text follows on the next lines.
_HEADER_LINE = re.compile(
    rf"""{_LEAD}(?:
        \[(?P<bracketed>[^\]\n]{{1,48}})\][ \t]+[\[(]?(?P<tb>{_STAMP})[\])]?
      | {_MARK}?(?P<spaced>{_NAME}){_MARK}?(?:[ \t]{{2,}}|\t)[\[(]?(?P<ts>{TIME})[\])]?
      | {_MARK}?(?P<plain>{_NAME}){_MARK}?[ \t]+[\[(]?(?P<tp>{TIME})[\])]?
      | {_MARK}?(?P<paren>{_NAME})[ \t]*[\[(](?P<tr>{TIME})[\])][ \t]*{_MARK}?[:：]?{_MARK}?
    )[ \t]*$""",
    re.VERBOSE | re.MULTILINE,
)
# A time alone on a line (Otter writes one for a speaker it could not tell).
_TIME_LINE = re.compile(rf"{_LEAD}[\[(]?(?P<t>{_STAMP})[\])]?[ \t]*$", re.MULTILINE)
# Name and colon, with the times that may stand around them.
_COLON = re.compile(
    rf"""{_LEAD}
    (?:[\[(]?(?P<t1>{_STAMP})[\])]?[ \t]*[-–]?[ \t]*)?
    {_MARK}?(?P<label>{_NAME})[ \t]*(?:[\[(](?P<t2>{TIME})[\])])?[ \t]*{_MARK}?
    [ \t]*[:：](?!//|\d{{2}}(?!\d)){_MARK}?[ \t]*
    (?:[\[(](?P<t3>{TIME})[\])][ \t]*)?""",
    re.VERBOSE | re.MULTILINE,
)
_BOLD_TIMED = re.compile(
    rf"{_LEAD}{_MARK}(?P<label>{_NAME}){_MARK}[ \t]*[\[(]?(?P<t>{TIME})[\])]?[ \t]*[-–]?[ \t]*",
    re.MULTILINE,
)
_BRACKET_ID = re.compile(rf"{_LEAD}\[(?P<label>[^\]\s:：]{{1,24}})\][ \t]+(?=\S)", re.MULTILINE)
_ZOOM_CHAT = re.compile(
    rf"{_LEAD}(?P<t>{TIME})[ \t]+From[ \t]+(?P<label>[^\n]+?)"
    r"(?:[ \t]+to[ \t]+(?P<to>[^\n:]+?))?[ \t]*:[ \t]*",
    re.MULTILINE,
)
_LEADING_TIME = re.compile(rf"{_LEAD}[\[(]?(?P<t>{_STAMP})[\])]?[ \t]*[-–]?[ \t]+(?=\S)",
                           re.MULTILINE)

_NOT_A_NAME = re.compile(rf"^(?:[\d\s.,:/\-–T年月日号]+|{_ISO}.*)$")
_SENTENCE_PUNCT = re.compile(r"[;!?\"“”，。；！？、=+]|\.\.|https?")
_ID_SHAPE = re.compile(r"^[^\W\d_]{1,12}[-_ ]?(?:\d{1,4}|[A-Z])$")
_NUMBERED_PARTS = frozenset(
    {"question", "q", "section", "chapter", "figure", "fig", "table", "appendix", "page", "part",
     "step", "item", "theme", "topic", "day", "week", "month", "year", "phase", "round",
     "session", "wave", "stage", "point", "note", "case", "example", "option", "level",
     "grade", "room", "ward", "floor", "team", "group", "line", "version", "tape", "side"})
_TITLES = frozenset({"dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "prof", "prof."})
# Words that end in a colon in ordinary prose, or in a transcript's notes, and never name one.
_NOT_SPEAKERS = frozenset(
    {"note", "notes", "nb", "n.b.", "ps", "p.s.", "e.g", "i.e", "see", "source", "tip", "warning",
     "update", "edit", "step", "example", "examples", "transcript", "comment", "comments",
     "translation", "summary", "answer key", "keywords", "topic", "agenda", "action items",
     "reacted to", "replying to", "laughs", "laughter", "laughing", "inaudible", "crosstalk",
     "pause", "silence", "music", "noise", "unclear", "overlapping", "applause", "coughs",
     "sighs", "background noise", "interruption", "break"}
)


_SHORT_LINE = 90  # a name and a time alone on a line are never longer


@dataclass(frozen=True)
class LabelMatch:
    """A candidate label at a line start: the name, a time if one was written, and where the
    turn's text begins. ``strong`` labels (with a time, in a header line, a chat line or bold
    with a time) count even when a speaker appears only once."""

    line_start: int
    label: str
    body: int
    time: str | None
    strong: bool
    form: str


def match_label(text: str, pos: int) -> LabelMatch | None:
    """The label at the line that starts at ``pos``, if the line has the shape of one."""
    end = text.find("\n", pos)
    short = (end if end >= 0 else len(text)) - pos <= _SHORT_LINE
    first = text[pos:pos + 8].lstrip(" \t>-–—•")[:1]  # each shape tried only where it can be
    if first.isdigit() and (match := _ZOOM_CHAT.match(text, pos)):
        return _made(pos, match.group("label"), match.end(), match.group("t"), True, "zoom chat")
    if short and (match := _HEADER_LINE.match(text, pos)):
        form = next(g for g in ("bracketed", "spaced", "plain", "paren") if match.group(g))
        stamp = match.group({"bracketed": "tb", "spaced": "ts", "plain": "tp", "paren": "tr"}[form])
        # "Recording started 00:05" has the shape of "Name 00:01:02": one space is weak.
        return _made(pos, match.group(form), match.end(), stamp, form != "plain",
                     "name and time line")
    if first in "*_" and (match := _BOLD_TIMED.match(text, pos)):
        return _made(pos, match.group("label"), match.end(), match.group("t"), True, "bold name")
    if match := _COLON.match(text, pos):
        stamp = match.group("t1") or match.group("t2") or match.group("t3")
        return _made(pos, match.group("label"), match.end(), stamp, bool(stamp), "name and colon")
    if first == "[" and (match := _BRACKET_ID.match(text, pos)):
        return _made(pos, match.group("label"), match.end(), None, False, "bracketed id")
    return None


def time_only_line(text: str, pos: int) -> tuple[str, int] | None:
    """``0:15`` alone on a line: the time and where the line ends."""
    if not text[pos:pos + 8].lstrip(" \t>-–—•[(")[:1].isdigit():
        return None
    match = _TIME_LINE.match(text, pos)
    return (match.group("t"), match.end()) if match else None


def leading_time(text: str, pos: int) -> tuple[str, int] | None:
    """A time at the start of an unlabelled line (``00:00:12 text``, ``12:05 段落``)."""
    match = _LEADING_TIME.match(text, pos)
    return (match.group("t"), match.end()) if match else None


def _made(pos: int, label: str, body: int, stamp: str | None, strong: bool,
          form: str) -> LabelMatch | None:
    label = label.strip().strip("*_").strip()
    if not is_name(label):
        return None
    return LabelMatch(pos, label, body, stamp, strong, form)


def is_name(label: str) -> bool:
    """Could ``label`` be a speaker's name or ID at all? Never a time, date or number, never
    a clause (sentence punctuation, more than five words)."""
    if not label or len(label) > 48 or len(label.split()) > 5:
        return False
    if _NOT_A_NAME.match(label) or not any(ch.isalpha() for ch in label):
        return False
    if _SENTENCE_PUNCT.search(label) or label.count(",") > 1 or label.casefold() in _NOT_SPEAKERS:
        return False
    if "," in label:  # "Smith, John": a surname and given names, each capitalised
        return all(part.strip()[:1].isupper() for part in label.split(","))
    return True


def id_shaped(label: str) -> bool:
    """``G3``, ``R1``, ``admin-1``, ``Speaker 2``, ``Person B``, ``受访者A``; not the numbered
    parts of a document (``Question 3``, ``Section 2``, ``Day 1``)."""
    return bool(_ID_SHAPE.match(label)) and \
        re.split(r"[-_ \d]", label, maxsplit=1)[0].casefold() not in _NUMBERED_PARTS


def name_like(label: str) -> bool:
    """A person's name as people write one: every word capitalised (or an initial, a title,
    a parenthesised note such as ``(Guest)``), at least two words, in a script with
    capitals. Such a label counts even when it occurs once."""
    if any(ch.isalpha() and not ch.isupper() and not ch.islower() for ch in label):
        return False  # no capitals to tell a name from a clause: it must occur twice
    words = label.replace(",", " ").split()
    return len(words) >= 2 and all(
        w[0].isupper() or w.startswith("(") or w.casefold() in _TITLES for w in words)


def seconds(stamp: str | None) -> float | None:
    """``01:23`` → 83.0, ``1:02:03.5`` → 3723.5; an ISO date-time → its time of day."""
    if not stamp:
        return None
    if re.match(r"\d{4}-", stamp):
        clock = re.search(r"[T ](\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?)", stamp)
        return seconds(clock.group(1)) if clock else None
    total = 0.0
    for part in stamp.replace(",", ".").split(":"):
        total = total * 60 + float(part)
    return total
