"""Who said each turn: the source's participant, the interviewer, and every other label.

The source's participant is found in this order: given by the researcher
(``--participant``), a header line (``Participant: G3``), the file name
(``G3_interview.txt``), and last the speaker labels when they name exactly one participant.

The interviewer is whoever the researcher names (``--interviewer``, ``--speaker NAME=
Interviewer``); else the labels that are interviewer words (``Interviewer``, ``Q``,
``访谈者``) or the name a header gives (``Interviewer: Hui Zhang (HZ)``); else a guess, which
is always reported: the one speaker found in every file of the folder, or the speaker who
asks clearly the most questions. Labels that are IDs never become the interviewer by a
guess.

Every other label is an ID (that participant), a generic word (``Respondent``: the source's
participant), a name mapped with ``--speaker``, or the one remaining name of a one-to-one
interview (the source's participant). Names left over (a focus group with names) and turns
without a label are not attributed, and a warning says how to map them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from workbench.text.normalize import space_words, word_count
from workbench.text.participants import id_in_text, parse_participant_id
from workbench.text.turns import INTERVIEWER_LABELS, RESPONDENT_LABELS

INTERVIEWER = "Interviewer"
UNKNOWN_LABELS = frozenset({"unknown speaker", "unknown", "speaker", "unidentified speaker",
                            "未知说话人", "说话人"})
_PARTICIPANT_KEYS = ("participant", "participant id", "interviewee", "respondent id", "id",
                     "受访者", "受访人", "编号")
_INTERVIEWER_KEYS = ("interviewer", "interviewers", "访谈者", "访谈员")
KINDS = ("interview", "focus group", "unassigned")


class SpokenTurn(Protocol):
    speaker: str | None
    start: int
    end: int


@dataclass(frozen=True)
class SpeakerChoices:
    """What the researcher said about a file's speakers."""

    participant: str | None = None
    speakers: tuple[tuple[str, str], ...] = ()  # label → participant ID or INTERVIEWER
    interviewers: tuple[str, ...] = ()

    def over(self, base: "SpeakerChoices") -> "SpeakerChoices":
        """These choices, with ``base`` for whatever these leave open."""
        mapped = dict(base.speakers)
        mapped.update(self.speakers)
        return SpeakerChoices(self.participant or base.participant, tuple(mapped.items()),
                              tuple(dict.fromkeys(base.interviewers + self.interviewers)))

    def as_dict(self) -> dict:
        return {"participant": self.participant, "speakers": dict(self.speakers),
                "interviewers": list(self.interviewers)}

    @classmethod
    def from_dict(cls, data: dict | None) -> "SpeakerChoices":
        data = data or {}
        return cls(data.get("participant"), tuple((data.get("speakers") or {}).items()),
                   tuple(data.get("interviewers") or ()))


@dataclass
class SpeakerRow:
    """One label of a file as the preview shows it."""

    label: str | None
    turns: int = 0
    words: int = 0
    questions: int = 0
    first_words: str = ""
    taken_as: str = ""  # "interviewer", a participant ID, "not attributed"


@dataclass
class Attribution:
    participant: str | None
    participant_from: str | None
    interviewers: list[str]
    interviewer_from: str | None
    by_label: dict[str | None, tuple[str | None, bool]]  # casefolded label → (who, interviewer)
    rows: list[SpeakerRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        if self.participant:
            return "interview"
        people = {who for who, _ in self.by_label.values() if who}
        return "focus group" if len(people) > 1 else "unassigned"


def attribute(turns: list[SpokenTurn], text: str, header: dict[str, str], stem: str,
              prefixes: list[str], choices: SpeakerChoices = SpeakerChoices(),
              shared: frozenset[str] = frozenset(), labelled: bool = True) -> Attribution:
    """Decide who said each turn of one file (see the module's docstring)."""
    rows = _rows(turns, text)
    labels = [r.label for r in rows if r.label is not None]
    mapped = {k.casefold(): v for k, v in choices.speakers}

    def is_id(label: str) -> bool:
        target = mapped.get(label.casefold())
        if target is not None:
            return target != INTERVIEWER
        return parse_participant_id(label, prefixes) is not None

    interviewers, interviewer_from = _interviewers(rows, labels, header, choices, mapped,
                                                   shared, is_id)
    participant, participant_from = _participant(labels, header, stem, prefixes, choices,
                                                 interviewers, mapped)
    others = [r for r in rows if r.label and r.label.casefold() not in interviewers
              and not is_id(r.label)
              and r.label.casefold() not in RESPONDENT_LABELS | UNKNOWN_LABELS]
    # A participant who already has a label (an ID, "Respondent") is not also a name.
    labelled_participant = any(
        is_id(label) or label.casefold() in RESPONDENT_LABELS
        for label in labels if label.casefold() not in interviewers)
    own_name, warnings = _own_name(others, labelled_participant, participant)
    by_label: dict[str | None, tuple[str | None, bool]] = {}
    for row in rows:
        who, asks = _who(row.label, prefixes, participant, mapped, interviewers, own_name,
                         labelled)
        by_label[row.label.casefold() if row.label else None] = (who, asks)
        row.taken_as = "interviewer" if asks else who or "not attributed"
        if who is None and not asks:
            warnings.append(_unattributed(row, participant))
    if interviewer_from and interviewer_from.startswith("guess"):
        names = ", ".join(f"'{r.label}'" for r in rows
                          if r.label and r.label.casefold() in interviewers)
        warnings.insert(0, f"{names} taken for the interviewer ({interviewer_from[7:]}); "
                           "use --interviewer NAME to say who it is")
    if not labelled:
        target = participant or "no participant"
        warnings.insert(0, f"no speaker labels found; the text is imported as {target}'s words")
    named = [r.label for r in rows if r.label and r.label.casefold() in interviewers]
    return Attribution(participant, participant_from, named, interviewer_from, by_label, rows,
                       warnings)


def _rows(turns: list[SpokenTurn], text: str) -> list[SpeakerRow]:
    rows: dict[str | None, SpeakerRow] = {}
    for turn in turns:
        key = turn.speaker.casefold() if turn.speaker else None
        row = rows.setdefault(key, SpeakerRow(turn.speaker))
        said = text[turn.start:turn.end]
        row.turns += 1
        row.words += space_words(said) if said.isascii() else word_count(said)
        row.questions += "?" in said or "？" in said
        if not row.first_words:
            row.first_words = " ".join(said[:240].split()[:8])[:60]
    return list(rows.values())


def _interviewers(rows, labels, header, choices, mapped, shared, is_id
                  ) -> tuple[set[str], str | None]:
    named = {n.casefold() for n in choices.interviewers}
    named |= {k for k, v in mapped.items() if v == INTERVIEWER}
    named -= {k for k, v in mapped.items() if v != INTERVIEWER}  # a label mapped to an ID
    found = {label.casefold() for label in labels if label.casefold() in named}
    if found:
        return found, "--interviewer"
    header_names = _header_interviewers(header)
    found = {label.casefold() for label in labels
             if (label.casefold() in INTERVIEWER_LABELS or label.casefold() in header_names)
             and mapped.get(label.casefold(), INTERVIEWER) == INTERVIEWER}
    if found:
        return found, "header" if found & header_names else "interviewer word"
    candidates = [r for r in rows if r.label and not is_id(r.label)
                  and r.label.casefold() not in RESPONDENT_LABELS | UNKNOWN_LABELS]
    if len(candidates) < 2:
        return set(), None
    in_every_file = [r for r in candidates if r.label.casefold() in shared]
    if len(in_every_file) == 1:
        return {in_every_file[0].label.casefold()}, "guess: the one speaker in every file of the folder"
    by_questions = sorted(candidates, key=lambda r: r.questions, reverse=True)
    best, runner_up = by_questions[0], by_questions[1]
    total = sum(r.questions for r in rows)
    if best.questions >= 2 and best.questions >= 2 * runner_up.questions:
        return {best.label.casefold()}, (f"guess: asks {best.questions} of the {total} "
                                         "questions")
    return set(), None


def _header_interviewers(header: dict[str, str]) -> set[str]:
    """``Interviewer: Hui Zhang (HZ)`` → {"hui zhang (hz)", "hui zhang", "hz"}."""
    names: set[str] = set()
    for key in _INTERVIEWER_KEYS:
        for value in re.split(r"[;,/、]| and ", header.get(key, "")):
            value = value.strip()
            if not value:
                continue
            names.add(value.casefold())
            plain = re.sub(r"\s*[(（][^)）]*[)）]", "", value).strip()
            names.add(plain.casefold())
            names |= {m.strip().casefold() for m in re.findall(r"[(（]([^)）]+)[)）]", value)}
    return names - {""}


def _participant(labels, header, stem, prefixes, choices, interviewers, mapped
                 ) -> tuple[str | None, str | None]:
    if choices.participant:
        return choices.participant, "--participant"
    for key in _PARTICIPANT_KEYS:
        if key in header and (pid := id_in_text(header[key], prefixes)):
            return pid, "header"
    if pid := id_in_text(stem, prefixes):
        return pid, "file name"
    ids = {mapped.get(label.casefold()) or parse_participant_id(label, prefixes)
           for label in labels if label.casefold() not in interviewers}
    ids.discard(None)
    ids.discard(INTERVIEWER)
    if len(ids) == 1:
        return ids.pop(), "speaker labels"
    return None, None


def _own_name(others: list[SpeakerRow], labelled_participant: bool, participant: str | None
              ) -> tuple[str | None, list[str]]:
    """The name label that is the source's participant: the one name of a one-to-one
    interview; or, when the participant is known and others chime in (a technician, a
    colleague), the name that says at least three quarters of their words (reported)."""
    if labelled_participant:
        return None, []
    if len(others) == 1:
        return others[0].label.casefold(), []
    if participant and len(others) > 1:
        top = max(others, key=lambda r: r.words)
        total = sum(r.words for r in others)
        if total and top.words >= 0.75 * total:
            share = round(100 * top.words / total)
            return top.label.casefold(), [
                f"'{top.label}' taken for {participant} (says {share}% of the words of the "
                f"speakers other than the interviewer); use --speaker to say otherwise"]
    return None, []


def _who(label, prefixes, participant, mapped, interviewers, own_name, labelled
         ) -> tuple[str | None, bool]:
    if label is None:
        return (None if labelled else participant), False
    key = label.casefold()
    if key in mapped:
        target = mapped[key]
        return (None, True) if target == INTERVIEWER else (target, False)
    if key in interviewers:
        return None, True
    if pid := parse_participant_id(label, prefixes):
        return pid, False
    if key in UNKNOWN_LABELS:
        return None, False
    if key in RESPONDENT_LABELS or key == own_name:
        return participant, False
    return None, False


def _unattributed(row: SpeakerRow, participant: str | None) -> str:
    turns = (f"{row.turns} turn{'s' if row.turns != 1 else ''}, "
             f"{row.words} word{'s' if row.words != 1 else ''}")
    if row.label is None:
        return (f"{turns} without a speaker label are not attributed to anyone "
                f"(they start '{row.first_words}')")
    if participant is None and row.label.casefold() not in UNKNOWN_LABELS:
        return (f"speaker '{row.label}' is not matched to a participant ({turns}); use "
                f"--participant ID or --speaker '{row.label}=ID' to say who it is")
    return (f"speaker '{row.label}' is not matched to a participant ({turns}); "
            f"use --speaker '{row.label}=ID' to say who it is")
