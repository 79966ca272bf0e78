"""From a read document to an ImportedSource: turns, who said what, sentences, metadata.

Participant IDs are found in this order: given by the caller, a header line
(``Participant: G3``), the file name (``G3_interview.txt``), and last the speaker labels
when they name exactly one participant. Turns labelled with an ID belong to that
participant (a focus group has several); generic labels (``Respondent``, ``A``) and a
single unknown name belong to the source's participant.
"""

from __future__ import annotations

import bisect
import hashlib
from pathlib import Path

from workbench.ingest.document import RawDocument
from workbench.records import ImportedSource, ImportedTurn
from workbench.text.language import sentence_spans
from workbench.text.normalize import detect_language, word_count
from workbench.text.participants import date_in_text, id_in_text, parse_participant_id
from workbench.text.turns import INTERVIEWER_LABELS, RESPONDENT_LABELS, Turn, find_turns

_PARTICIPANT_KEYS = ("participant", "participant id", "interviewee", "respondent id", "id",
                     "受访者", "受访人", "编号")
_DATE_KEYS = ("date", "interview date", "日期", "访谈日期")


def build_source(
    path: Path,
    raw: RawDocument,
    prefixes: list[str],
    participant: str | None = None,
    speaker_map: dict[str, str] | None = None,
    language: str | None = None,
) -> ImportedSource:
    """Find turns, participants, sentences and metadata in one read transcript."""
    text = raw.text
    layout = find_turns(text)
    warnings: list[str] = []
    speaker_map = {k.casefold(): v for k, v in (speaker_map or {}).items()}

    source_participant = participant or _header_participant(layout.header, prefixes) \
        or id_in_text(path.stem, prefixes)
    ids_in_labels = {
        pid for t in layout.turns if t.speaker
        if (pid := parse_participant_id(t.speaker, prefixes))
    }
    if source_participant is None and len(ids_in_labels) == 1:
        source_participant = next(iter(ids_in_labels))

    other_names = {
        t.speaker for t in layout.turns
        if t.speaker and t.speaker.casefold() not in INTERVIEWER_LABELS | RESPONDENT_LABELS
        and not parse_participant_id(t.speaker, prefixes)
        and t.speaker.casefold() not in speaker_map
    }
    turns: list[ImportedTurn] = []
    unmatched: set[str] = set()
    for turn in layout.turns:
        who, interviewer = _attribute(turn, prefixes, source_participant, speaker_map,
                                      single_name=len(other_names) == 1 and not ids_in_labels)
        if who is None and not interviewer and turn.speaker:
            unmatched.add(turn.speaker)
        turns.append(ImportedTurn(turn.start, turn.end, turn.speaker, who, interviewer, [],
                                  turn.time))
    if not layout.labelled:
        target = source_participant or "no participant"
        warnings.append(f"no speaker labels found; the text is imported as {target}'s words")
    for name in sorted(unmatched):
        warnings.append(
            f"speaker '{name}' is not matched to a participant; "
            f"use --speaker '{name}=ID' to say who it is"
        )

    lang = language or detect_language(text)
    spans = sentence_spans(text, [(t.start, t.end) for t in turns], lang)
    for turn, sentences in zip(turns, spans):
        turn.sentences = sentences
    _apply_cue_times(turns, raw)

    return ImportedSource(
        name=path.name,
        path=str(path),
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        format=raw.format,
        language=lang,
        participant=source_participant,
        interview_date=_header_date(layout.header) or date_in_text(path.stem),
        word_count=word_count(text),
        turns=turns,
        speakers={t.participant for t in turns if t.participant},
        warnings=warnings,
    )


def _attribute(
    turn: Turn,
    prefixes: list[str],
    source_participant: str | None,
    speaker_map: dict[str, str],
    single_name: bool,
) -> tuple[str | None, bool]:
    """Who said this turn, and whether it was the interviewer."""
    if turn.speaker is None:
        return source_participant, False
    key = turn.speaker.casefold()
    if key in speaker_map:
        mapped = speaker_map[key]
        return (None, True) if mapped.casefold() in INTERVIEWER_LABELS else (mapped, False)
    if key in INTERVIEWER_LABELS:
        return None, True
    if pid := parse_participant_id(turn.speaker, prefixes):
        return pid, False
    if key in RESPONDENT_LABELS or single_name:
        return source_participant, False
    return None, False


def _header_participant(header: dict[str, str], prefixes: list[str]) -> str | None:
    for key in _PARTICIPANT_KEYS:
        if key in header and (pid := id_in_text(header[key], prefixes)):
            return pid
    return None


def _header_date(header: dict[str, str]) -> str | None:
    for key in _DATE_KEYS:
        if key in header and (found := date_in_text(header[key])):
            return found
    return None


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
