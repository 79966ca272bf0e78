"""WebVTT and SubRip transcripts; the turns come from the cues.

Every line with ``-->`` starts a cue, with or without a blank line or a number before it;
a cue whose time cannot be read (``00:00:99,000``, ``00:0x:07``), and text outside any cue,
is left out and listed in a warning, never dropped without a word.

Each cue says who speaks in it, with a voice tag (``<v Carlos Farías>``, as Microsoft Teams
writes; any name a tag can hold, ``<v Smith, John>``, ``<v Li, Anna (Guest)>``) or a
``Name:`` prefix (as Zoom writes it in every cue). A change of speaker starts a turn, so a
speaker who speaks once is a turn of their own. A cue without a speaker continues the
previous speaker only in files that name the speaker at changes only; in files that repeat
the name in every cue (Zoom, Teams), it is speech by someone the program could not tell,
and a turn without a speaker. Cues before the first named one are such a turn too.
HTML character references (``&#237;``, ``&apos;``, ``&amp;``) are decoded, tags removed.

The text is written as ``Speaker: text`` paragraphs, one per turn, so that the transcript
reads like any other; each turn keeps the times of its first and last cue.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.ingest.decode import decode_text
from workbench.ingest.document import Cue, RawDocument
from workbench.text.labels import id_shaped, match_label, name_like
from workbench.text.normalize import normalise
from workbench.text.turns import Layout, Turn, known_word

_VOICE = re.compile(r"<v(?:\.[^\s>]*)?[ \t]+([^>]*)>")
_TAG = re.compile(r"</?[^>\s][^>]*>")
_NOTE = re.compile(r"^NOTE[ \t]*\n?((?:[^\n]+\n?)+)", re.MULTILINE)
_HEADER_LINE = re.compile(r"^([^:：\n]{1,30})[:：]\s*([^\n]+)$")
_TIME = r"(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?"
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(?:[ \t].*)?$")
_BLOCKS = ("NOTE", "STYLE", "REGION")  # WebVTT blocks that are not cues
_LISTED = 5  # left-out lines quoted in the warning


@dataclass
class _Caption:
    """One cue as written: its times in seconds and its text lines."""

    start: float
    end: float
    raw_text: str


@dataclass
class _Said:
    """One voice's words in one cue."""

    speaker: str | None
    text: str
    time_start: float
    time_end: float
    prefixed: bool = False  # the speaker came from a ``Name:`` prefix, not a voice tag


def read_subtitles(path: Path, data: bytes) -> RawDocument:
    fmt = path.suffix.lower().lstrip(".")
    notes_found: list[str] = []
    text = normalise(decode_text(data, path, notes_found))
    if fmt == "vtt" and not re.match(r"WEBVTT(?:$|[ \t\n])", text):
        raise WorkbenchError("is not a valid VTT file (its first line is not 'WEBVTT')", path)
    captions, left_out = _captions(text, fmt)
    if left_out:
        notes_found.append(_left_out_warning(left_out))
    said = _named(_pieces(captions))
    if not said:
        raise WorkbenchError(f"the {fmt.upper()} file has no cues with text"
                             + (f" ({notes_found[-1]})" if left_out else ""), path)
    notes = _note_lines(text)
    layout = Layout(header=_note_header(notes))
    parts = ["\n".join(notes)] if notes else []
    offset = sum(map(len, parts))
    cues: list[Cue] = []
    repeats = _repeats_names(said)
    labelled = any(s.speaker for s in said)
    turn: Turn | None = None
    for piece in said:
        speaker = piece.speaker
        if speaker is None and turn is not None and turn.speaker is not None and not repeats:
            speaker = turn.speaker  # the file names speakers only when they change
        goes_on = turn is not None and speaker == turn.speaker and (speaker or labelled)
        if goes_on:
            chunk = " " + piece.text
        else:
            chunk = ("\n\n" if parts else "") + (f"{speaker}: " if speaker else "") + piece.text
        start = offset + len(chunk) - len(piece.text)
        parts.append(chunk)
        offset += len(chunk)
        cues.append(Cue(start, offset, piece.time_start, piece.time_end))
        if goes_on:
            turn.end = offset
        else:
            turn = Turn(start, offset, speaker, piece.time_start)
            layout.turns.append(turn)
            if speaker:
                layout.forms["name in cue" if piece.prefixed else "voice tag"] += 1
    layout.labelled = labelled
    return RawDocument(text="".join(parts), format=fmt, cues=cues, layout=layout,
                       warnings=notes_found)


def _captions(text: str, fmt: str) -> tuple[list[_Caption], list[tuple[int, str, str]]]:
    """The cues in file order, and what was left out: (line number, line, why)."""
    captions: list[_Caption] = []
    left_out: list[tuple[int, str, str]] = []
    lines = text.split("\n")
    block: list[tuple[int, str]] = []
    for number, line in enumerate(lines + [""], start=1):
        if line.strip():
            block.append((number, line))
            continue
        if block:
            _read_block(block, fmt, captions, left_out, first=block[0][0] == 1)
            block = []
    return captions, left_out


def _read_block(block: list[tuple[int, str]], fmt: str, captions: list[_Caption],
                left_out: list[tuple[int, str, str]], first: bool) -> None:
    """One blank-line-separated block: a cue, several cues without blank lines between
    them, or (in WebVTT) the header, a NOTE, STYLE or REGION block."""
    head = block[0][1].strip()
    if fmt == "vtt" and (first or head.split(" ")[0].split("\t")[0] in _BLOCKS) \
            and "-->" not in head:
        return
    timings = [i for i, (_, line) in enumerate(block) if "-->" in line]
    if not timings:
        if not (len(block) == 1 and head.isdigit()):  # a cue number alone loses nothing
            left_out.append((block[0][0], " ".join(line.strip() for _, line in block),
                             "text outside any cue"))
        return
    if timings[0] > 0 and not all(line.strip().isdigit() or fmt == "vtt"
                                  for _, line in block[:timings[0]]):
        left_out.append((block[0][0], " ".join(line.strip() for _, line in block[:timings[0]]),
                         "text before a cue's time line"))
    for k, index in enumerate(timings):
        stop = timings[k + 1] if k + 1 < len(timings) else len(block)
        text_lines = [line for _, line in block[index + 1:stop]]
        if k + 1 < len(timings) and text_lines and text_lines[-1].strip().isdigit():
            text_lines.pop()  # the next cue's number
        number, line = block[index]
        times = _timing(line)
        if times is None:
            said = " ".join(t.strip() for t in text_lines)
            left_out.append((number, line.strip() + (f" ({said})" if said else ""),
                             "time cannot be read"))
            continue
        captions.append(_Caption(times[0], times[1], "\n".join(text_lines)))


def _timing(line: str) -> tuple[float, float] | None:
    """Start and end in seconds of a ``start --> end`` line; None when either is no time."""
    match = _TIMING.match(line)
    if match is None:
        return None
    values = match.groups()
    times = []
    for hours, minutes, seconds, fraction in (values[:4], values[4:]):
        if int(minutes) > 59 or int(seconds) > 59:
            return None
        times.append(int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
                     + int((fraction or "0").ljust(3, "0")) / 1000)
    return times[0], times[1]


def _left_out_warning(left_out: list[tuple[int, str, str]]) -> str:
    cues = sum(1 for *_, why in left_out if why == "time cannot be read")
    parts = []
    if cues:
        parts.append(f"{cues} cue{'s' if cues != 1 else ''} whose time cannot be read")
    if len(left_out) > cues:
        parts.append(f"{len(left_out) - cues} piece{'s' if len(left_out) - cues != 1 else ''} "
                     "of text outside any cue")
    quoted = "; ".join(f"line {n} '{_short(line)}'" for n, line, _ in left_out[:_LISTED])
    more = f"; and {len(left_out) - _LISTED} more" if len(left_out) > _LISTED else ""
    return f"left out {' and '.join(parts)}: {quoted}{more}"


def _short(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _pieces(captions) -> list[_Said]:
    """Every cue's text, split where a voice tag changes the speaker inside it."""
    said = []
    for caption in captions:
        start, end = caption.start, caption.end
        raw = caption.raw_text
        tags = list(_VOICE.finditer(raw))
        spans = [(None, 0, tags[0].start() if tags else len(raw))]
        spans += [(tag.group(1).strip() or None, tag.end(),
                   tags[i + 1].start() if i + 1 < len(tags) else len(raw))
                  for i, tag in enumerate(tags)]
        for voice, begin, stop in spans:
            words = _clean(raw[begin:stop])
            if words:
                said.append(_Said(voice and html.unescape(voice), words, start, end))
    return said


def _clean(raw: str) -> str:
    """Cue text without tags or line breaks, with character references decoded."""
    lines = (html.unescape(_TAG.sub("", line)).strip() for line in raw.split("\n"))
    return " ".join(line for line in lines if line).replace("\u00a0", " ")


def _named(said: list[_Said]) -> list[_Said]:
    """Take ``Name:`` prefixes of unvoiced cues for speakers where they name one: a known
    word, an ID, a name as people write one, a prefix that starts two or more cues, or in a
    file whose cues mostly start with one, a capitalised name of up to three words."""
    found = {}
    for index, piece in enumerate(said):
        if piece.speaker is None and (match := match_label(piece.text, 0)) is not None \
                and match.form == "name and colon" and match.body < len(piece.text):
            found[index] = match
    counts = Counter(m.label.casefold() for m in found.values())
    mostly_named = 2 * len(found) >= len(said)
    for index, match in found.items():
        label = match.label
        if known_word(label) or id_shaped(label) or name_like(label) \
                or counts[label.casefold()] >= 2 \
                or mostly_named and label[:1].isupper() and len(label.split()) <= 3:
            said[index].speaker = label
            said[index].text = said[index].text[match.body:].strip()
            said[index].prefixed = True
    return said


def _repeats_names(said: list[_Said]) -> bool:
    """Whether the file names the speaker in consecutive cues of one speaker (Zoom, Teams)."""
    previous = None
    for piece in said:
        if piece.speaker is not None and piece.speaker == previous:
            return True
        previous = piece.speaker
    return False


def _note_lines(text: str) -> list[str]:
    """``Key: value`` lines of NOTE blocks (``NOTE Participant: G5``)."""
    lines = []
    for block in _NOTE.finditer(text):
        for line in block.group(1).split("\n"):
            if _HEADER_LINE.match(line.strip()):
                lines.append(line.strip())
    return lines


def _note_header(lines: list[str]) -> dict[str, str]:
    header: dict[str, str] = {}
    for line in lines:
        key, value = _HEADER_LINE.match(line).groups()
        header.setdefault(key.strip().casefold(), value.strip())
    return header
