"""From a read document to an ImportedSource: turns, sentences, metadata, who said what.

Parsing (:func:`parse_source`: turns, sentences, word counts) is the costly part and runs
in worker processes; settling (:func:`settle`: participants, the interviewer, the date) is
cheap and runs where the whole import is known, so that a guess can use the other files of
the folder.
"""

from __future__ import annotations

import bisect
import hashlib
from pathlib import Path

from workbench.errors import printable_path
from workbench.ingest.document import RawDocument
from workbench.ingest.speakers import Attribution, SpeakerChoices, attribute
from workbench.records import ImportedSource, ImportedTurn
from workbench.text.dates import find_date
from workbench.text.language import sentence_spans
from workbench.text.normalize import detect_language, word_count
from workbench.text.turns import Layout, find_turns

_DATE_KEYS = ("date", "interview date", "date of interview", "日期", "访谈日期")
_FORMS = {"name and colon": "Name: labels", "name and time line": "name and time lines",
          "bold name": "bold names with times", "bracketed id": "[id] labels",
          "zoom chat": "Zoom chat", "voice tag": "voice tags", "name in cue": "Name: in cues"}


def parse_source(path: Path, raw: RawDocument, language: str | None = None,
                 sentences: bool = True) -> ImportedSource:
    """Turns, sentences and counts of one read transcript; nobody attributed yet."""
    text = raw.text
    layout = raw.layout or find_turns(text)
    turns = [ImportedTurn(t.start, t.end, t.speaker, None, False, [], t.time)
             for t in layout.turns]
    lang = language or detect_language(text)
    if sentences:
        spans = sentence_spans(text, [(t.start, t.end) for t in turns], lang)
        for turn, found in zip(turns, spans):
            turn.sentences = found
    _apply_cue_times(turns, raw)
    name = printable_path(path.name)
    warnings = list(raw.warnings)
    if name != path.name:
        warnings.append(f"the file name is not valid UTF-8; the source is named '{name}'")
    return ImportedSource(
        name=name, path=printable_path(path), text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), format=raw.format,
        language=lang, participant=None, interview_date=None, word_count=word_count(text),
        turns=turns, header=layout.header, style=describe(raw.format, layout),
        labelled=layout.labelled, warnings=list(warnings), read_warnings=warnings)


def settle(source: ImportedSource, prefixes: list[str],
           choices: SpeakerChoices = SpeakerChoices(), shared: frozenset[str] = frozenset(),
           date_order: str | None = None) -> Attribution:
    """Attribute the turns and find the date; fills ``source`` in and returns the decision."""
    stem = Path(source.name).stem
    found = attribute(source.turns, source.text, source.header, stem, prefixes, choices,
                      shared, source.labelled)
    apply_attribution(source, found)
    source.warnings = list(source.read_warnings) + list(found.warnings)
    date, date_from = _date(source.header, stem, date_order, source.warnings)
    source.interview_date = date
    source.attribution = {
        "choices": choices.as_dict(), "header": source.header, "shared": sorted(shared),
        "participant_from": found.participant_from, "interviewer_from": found.interviewer_from,
        "date_from": date_from, "style": source.style}
    return found


def apply_attribution(source: ImportedSource, found: Attribution) -> None:
    source.participant = found.participant
    for turn in source.turns:
        turn.participant, turn.is_interviewer = found.by_label[
            turn.speaker.casefold() if turn.speaker else None]
    source.speakers = {t.participant for t in source.turns if t.participant}


def build_source(path: Path, raw: RawDocument, prefixes: list[str],
                 participant: str | None = None, language: str | None = None
                 ) -> ImportedSource:
    """Parse and settle one transcript on its own (for a REFI-QDA source)."""
    source = parse_source(path, raw, language)
    settle(source, prefixes, SpeakerChoices(participant=participant))
    return source


def describe(fmt: str, layout: Layout) -> str:
    """``txt · Name: labels``, ``vtt · voice tags``, ``md · no speaker labels``."""
    if not layout.labelled or not layout.forms:
        return f"{fmt} · no speaker labels"
    form = layout.forms.most_common(1)[0][0]
    return f"{fmt} · {_FORMS.get(form, form)}"


def _date(header: dict[str, str], stem: str, order: str | None,
          warnings: list[str]) -> tuple[str | None, str | None]:
    for key in _DATE_KEYS:
        if key in header:
            found = find_date(header[key], order)
            if found.iso:
                return found.iso, "header"
            if found.ambiguous:
                warnings.append(f"the date '{found.ambiguous}' could be day/month or "
                                "month/day; import with --date-order dmy or mdy")
                return None, None
    found = find_date(stem, order)
    if found.ambiguous:
        warnings.append(f"the date '{found.ambiguous}' in the file name could be day/month "
                        "or month/day; import with --date-order dmy or mdy")
    return (found.iso, "file name") if found.iso else (None, None)


def _apply_cue_times(turns: list[ImportedTurn], raw: RawDocument) -> None:
    """Give each turn the time of its first and last subtitle cue."""
    if not raw.cues:
        return
    starts = [c.start for c in raw.cues]
    for turn in turns:
        first = max(bisect.bisect_right(starts, turn.start) - 1, 0)
        last = max(bisect.bisect_left(starts, turn.end) - 1, first)
        turn.time_start = raw.cues[first].time_start
        turn.time_end = raw.cues[last].time_end
