"""Finding speaker turns in a transcript's text.

A turn starts at a line that begins with a speaker label and a colon (``Interviewer:``,
``G3:``, ``Max Bigman:``, ``**Q:**``, ``[00:01:23] I:``, ``访谈者：``) and runs until the
next such line; unlabelled paragraphs in between continue the turn. ``Key: value`` lines
before the first turn whose key is a known header field (``Participant``, ``Date`` …)
are the header, not speech. A label that is neither a known speaker word nor shaped like
a participant ID must occur at least twice to count, so that a paragraph starting with
``Second: …`` is not taken for a speaker.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_MARK = r"(?:\*\*|__|\*|_)"
_LABEL_LINE = re.compile(
    rf"""^[ \t]*(?:>[ \t]*)?
    (?:[\[(]?(?P<t1>{_TIME})[\])]?[ \t]*[-–]?[ \t]*)?
    {_MARK}?
    (?P<label>[^\s:：*_\[\]()<>#][^:：\n*\[\]<>]{{0,39}}?)
    [ \t]*(?:[\[(](?P<t2>{_TIME})[\])])?[ \t]*
    {_MARK}?[ \t]*[:：]{_MARK}?[ \t]*""",
    re.VERBOSE | re.MULTILINE,
)
_ID_SHAPE = re.compile(r"^[A-Za-z]{1,4}[-_ ]?\d{1,4}$")
_SENTENCE_PUNCT = re.compile(r"[,;!?，。；！？\"“”]")

INTERVIEWER_LABELS = frozenset(
    {"interviewer", "int", "i", "q", "moderator", "mod", "facilitator", "researcher",
     "interviewer 1", "interviewer 2", "访谈者", "访问者", "采访者", "主持人", "研究者", "问"}
)
RESPONDENT_LABELS = frozenset(
    {"participant", "interviewee", "respondent", "r", "a", "p", "answer", "受访者", "被访者", "答"}
)
HEADER_KEYS = frozenset(
    {"participant", "participant id", "interviewee", "respondent id", "id", "date",
     "interview date", "site", "location", "place", "time", "duration", "title", "study",
     "language", "setting", "受访者", "受访人", "编号", "日期", "访谈日期", "地点", "时间", "时长"}
)


@dataclass
class Turn:
    """What one speaker said without interruption: ``[start, end)`` excludes the label."""

    start: int
    end: int
    speaker: str | None
    time: float | None = None


@dataclass
class Layout:
    """The header fields and the turns found in a transcript."""

    header: dict[str, str] = field(default_factory=dict)
    turns: list[Turn] = field(default_factory=list)
    labelled: bool = True


def seconds(stamp: str | None) -> float | None:
    """``01:23`` → 83.0, ``1:02:03.5`` → 3723.5."""
    if not stamp:
        return None
    total = 0.0
    for part in stamp.replace(",", ".").split(":"):
        total = total * 60 + float(part)
    return total


def _plausible_label(label: str) -> bool:
    if not label or len(label.split()) > 4 or _SENTENCE_PUNCT.search(label):
        return False
    return not label[0].islower() or label.casefold() in INTERVIEWER_LABELS | RESPONDENT_LABELS


def find_turns(text: str) -> Layout:
    """Split ``text`` into header fields and speaker turns."""
    candidates = []  # (line start, match, label)
    for match in _LABEL_LINE.finditer(text):
        label = match.group("label").strip()
        if _plausible_label(label):
            candidates.append((match, label))
    counts = Counter(label.casefold() for _, label in candidates)

    def is_speaker(label: str) -> bool:
        key = label.casefold()
        return (
            key in INTERVIEWER_LABELS
            or key in RESPONDENT_LABELS
            or bool(_ID_SHAPE.match(label))
            or counts[key] >= 2
        )

    layout = Layout()
    open_turn: Turn | None = None
    for match, label in candidates:
        body = _skip_space(text, match.end())
        value = text[match.end():_line_end(text, match.end())].strip()
        if not layout.turns and label.casefold() in HEADER_KEYS and len(value) <= 60 \
                and not (is_speaker(label) and len(value) > 20):
            layout.header.setdefault(label.casefold(), value)
            continue
        if not is_speaker(label):
            continue
        if open_turn is not None:
            open_turn.end = _trim_end(text, open_turn.start, match.start())
        open_turn = Turn(start=body, end=len(text), speaker=label,
                         time=seconds(match.group("t1") or match.group("t2")))
        layout.turns.append(open_turn)
    if open_turn is not None:
        open_turn.end = _trim_end(text, open_turn.start, len(text))
    layout.turns = [t for t in layout.turns if t.end > t.start]
    if not layout.turns:
        layout.labelled = False
        layout.turns = _paragraphs(text)
    return layout


def _paragraphs(text: str) -> list[Turn]:
    """Unlabelled text: every paragraph after the header is a turn with no speaker."""
    turns = []
    for match in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text):
        start = _skip_space(text, match.start())
        end = _trim_end(text, start, match.end())
        if end <= start:
            continue
        if not turns and all(_is_header_line(line) for line in text[start:end].split("\n")):
            continue
        turns.append(Turn(start=start, end=end, speaker=None))
    return turns


def _is_header_line(line: str) -> bool:
    """A ``Key: value`` header line or a Markdown title."""
    key, sep, _ = line.replace("：", ":").partition(":")
    return line.lstrip().startswith("#") or bool(sep) and key.strip().casefold() in HEADER_KEYS


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
