"""Finding speaker turns in a transcript's text.

A turn starts at a line with a speaker label (see :mod:`workbench.text.labels` for the
shapes a label takes) and runs until the next one; unlabelled paragraphs in between
continue the turn. Whether a candidate label names a speaker is decided over the whole
document: a known speaker word (``Interviewer``, ``Q``, ``受访者``), an ID (``G3``,
``admin-1``, ``Speaker 2``), a label written with a time or as a name-and-time line, a
name as people write one (``Dr. Li``, ``Smith, John``) or any label that starts two or
more lines counts; ``Second: …`` seen once does not.

``Key: value`` lines, Markdown titles and short title lines before the first turn are the
header. Speech before the first label becomes a turn without a speaker, so that nothing is
left out of the turns silently. A time alone on a line (Otter's unknown speaker) starts a
turn without a speaker. Text without any label is split into paragraphs, each a turn, with
a leading time (``12:05 …``) taken as the turn's time rather than its text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from workbench.text.labels import (LabelMatch, id_shaped, is_name, leading_time, match_label,
                                   name_like, seconds, time_only_line)

INTERVIEWER_LABELS = frozenset(
    {"interviewer", "int", "i", "q", "question", "moderator", "mod", "facilitator",
     "researcher", "interviewer 1", "interviewer 2", "host", "访谈者", "访问者", "采访者",
     "主持人", "研究者", "访谈员", "问"}
)
RESPONDENT_LABELS = frozenset(
    {"participant", "interviewee", "respondent", "r", "a", "p", "answer", "受访者", "被访者",
     "受访人", "答"}
)
HEADER_KEYS = frozenset(
    {"participant", "participant id", "interviewee", "respondent id", "id", "date",
     "interview date", "date of interview", "site", "location", "place", "time", "duration",
     "length", "title", "study", "project", "language", "setting", "mode", "interviewer",
     "interviewers", "transcriber", "transcribed by", "recorded", "recording", "file",
     "audio", "meeting", "topic", "subject", "role", "受访者", "受访人", "编号", "日期",
     "访谈日期", "地点", "时间", "时长", "访谈者", "访谈员", "主题"}
)
_TRAILER = re.compile(r"^[ \t]*transcribed by[ \t]+https?://otter\.ai/?[ \t]*$",
                      re.IGNORECASE | re.MULTILINE)
_HEADING = re.compile(r"^[ \t]*(?:#{1,6}[ \t]|(?:\*\*|__)[^*_\n]+(?:\*\*|__)[ \t]*$|-{3,}[ \t]*$"
                      r"|={3,}[ \t]*$)")
_VALUE_END = ("?", "!", "？", "！", "。", "…")


@dataclass
class Turn:
    """What one speaker said without interruption: ``[start, end)`` excludes the label."""

    start: int
    end: int
    speaker: str | None
    time: float | None = None


@dataclass
class Layout:
    """The header fields and the turns found in a transcript, and the shapes of its labels."""

    header: dict[str, str] = field(default_factory=dict)
    turns: list[Turn] = field(default_factory=list)
    labelled: bool = True
    forms: Counter[str] = field(default_factory=Counter)  # label shape → turns


def known_word(label: str) -> bool:
    key = label.casefold()
    return key in INTERVIEWER_LABELS or key in RESPONDENT_LABELS


def find_turns(text: str) -> Layout:
    """Split ``text`` into header fields and speaker turns."""
    candidates: list[LabelMatch] = []
    time_lines: list[tuple[int, str, int]] = []  # (line start, time, line end)
    for start in _line_starts(text):
        if (found := match_label(text, start)) is not None:
            candidates.append(found)
        elif (alone := time_only_line(text, start)) is not None:
            time_lines.append((start, *alone))
    counts = Counter(c.label.casefold() for c in candidates)
    speakers = [c for c in candidates if _is_speaker(c, counts)]
    layout = Layout()
    if not speakers:
        layout.labelled = False
        layout.turns = _paragraphs(text, layout.header)
        return layout

    # Speaker words used as header keys (``Participant: G3``, ``Interviewer: Hui Zhang``)
    # before the first turn are header fields.
    while speakers and speakers[0].label.casefold() in HEADER_KEYS \
            and _is_header_line(speakers[0], text):
        speakers.pop(0)
    if not speakers:
        layout.labelled = False
        layout.turns = _paragraphs(text, layout.header)
        return layout
    first = speakers[0].line_start
    starts: list[tuple[int, LabelMatch | tuple[str, int]]] = sorted(
        [(c.line_start, c) for c in speakers]
        + [(pos, (stamp, end)) for pos, stamp, end in time_lines if pos > first],
        key=lambda item: item[0])
    turns = []
    if (preamble := _span(text, _read_header(text, first, candidates, layout.header),
                          first)) is not None:
        turns.append(Turn(*preamble, speaker=None))
    pending: str | None = None  # a time alone on a line just before a label
    for index, (pos, found) in enumerate(starts):
        stop = starts[index + 1][0] if index + 1 < len(starts) else _trailer_start(text)
        if isinstance(found, LabelMatch):
            body, speaker, stamp = found.body, found.label, found.time or pending
            layout.forms[found.form] += 1
        else:
            (stamp, body), speaker = found, None
        span = _span(text, body, stop)
        pending = stamp if span is None and speaker is None else None
        if span is not None:
            turns.append(Turn(*span, speaker=speaker, time=seconds(stamp)))
    layout.turns = turns
    return layout


def _is_speaker(found: LabelMatch, counts: Counter) -> bool:
    label = found.label
    if known_word(label) or id_shaped(label) or counts[label.casefold()] >= 2:
        return True
    if found.form == "bracketed id":
        return False
    if found.strong:  # a script without capitals cannot tell a name from a clause here
        return label[:1].isupper()
    return name_like(label)


def _read_header(text: str, first: int, candidates: list[LabelMatch],
                 header: dict[str, str]) -> int:
    """Collect ``Key: value`` lines before the first turn; return where the header ends
    (the start of the first line that is neither header nor blank nor a title)."""
    by_start = {c.line_start: c for c in candidates}
    end = 0
    for start in _line_starts(text):
        if start >= first:
            break
        line = text[start:_line_end(text, start)]
        found = by_start.get(start)
        if found is not None and _is_header_line(found, text):
            header.setdefault(found.label.casefold(), _value(found, text))
        elif not (_HEADING.match(line) or _title(line)):
            return start
        end = _line_end(text, start)
    return end


def _is_header_line(found: LabelMatch, text: str) -> bool:
    """``Date: 3 June 2024``, ``Duration: 42 minutes``, ``Interviewer: Hui Zhang (HZ)``: a key
    and a short value that does not read as speech."""
    if found.form != "name and colon" or len(found.label.split()) > 4:
        return False
    value = _value(found, text)
    if not value or len(value) > 60 or value.endswith(_VALUE_END):
        return False
    key = found.label.casefold()
    if key in HEADER_KEYS:
        return not known_word(found.label) or _reads_as_value(value)
    return not known_word(found.label) and not id_shaped(found.label)


def _reads_as_value(value: str) -> bool:
    """A speaker word used as a header key has an ID, a date or a name as its value."""
    return bool(re.match(r"^[\w\-]+$", value)) or is_name(value) and (
        name_like(value) or any(ch.isdigit() for ch in value)
        or not any(ch.islower() for ch in value))


def _value(found: LabelMatch, text: str) -> str:
    return text[found.body:_line_end(text, found.body)].strip()


def _title(line: str) -> bool:
    """A short line without sentence punctuation before the first turn, such as
    ``Interview transcript`` or ``Focus group 2``."""
    stripped = line.strip()
    return 0 < len(stripped) <= 60 and not stripped.endswith((".", *_VALUE_END)) \
        and ":" not in stripped and "：" not in stripped


def _paragraphs(text: str, header: dict[str, str]) -> list[Turn]:
    """Unlabelled text: every paragraph after the header is a turn with no speaker; a time
    at its start (alone on a line, or before the text) is the turn's time."""
    turns: list[Turn] = []
    pending_time: str | None = None
    stop = _trailer_start(text)
    for match in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text[:stop]):
        start = _skip_space(text, match.start())
        end = _trim_end(text, start, match.end())
        if end <= start:
            continue
        lines = text[start:end].split("\n")
        if not turns and all(_header_field(line, header) for line in lines):
            continue
        stamp = None
        if (alone := time_only_line(text, start)) is not None:
            stamp, start = alone[0], _skip_space(text, alone[1])
        elif (lead := leading_time(text, start)) is not None:
            stamp, start = lead
        if start >= end:
            pending_time = stamp or pending_time
            continue
        turns.append(Turn(start=start, end=end, speaker=None,
                          time=seconds(stamp or pending_time)))
        pending_time = None
    return turns


def _header_field(line: str, header: dict[str, str]) -> bool:
    """A ``Key: value`` header line (recorded in ``header``) or a Markdown title."""
    if _HEADING.match(line):
        return True
    key, sep, value = line.replace("：", ":").partition(":")
    if sep and key.strip().casefold() in HEADER_KEYS:
        header.setdefault(key.strip().casefold(), value.strip())
        return True
    return False


def _span(text: str, start: int, end: int) -> tuple[int, int] | None:
    start = _skip_space(text, start)
    end = _trim_end(text, start, end)
    return (start, end) if end > start else None


def _trailer_start(text: str) -> int:
    """Where Otter's ``Transcribed by https://otter.ai`` line starts (else the end)."""
    tail = max(0, len(text) - 200)
    found = _TRAILER.search(text, tail) if "otter.ai" in text[tail:] else None
    return found.start() if found else len(text)


def _line_starts(text: str):
    yield 0
    pos = text.find("\n")
    while pos >= 0:
        if pos + 1 < len(text) and text[pos + 1] != "\n":
            yield pos + 1
        pos = text.find("\n", pos + 1)


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
