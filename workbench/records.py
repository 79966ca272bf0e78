"""The in-memory records every importer produces and the store writes in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ImportedTurn:
    start: int
    end: int
    speaker: str | None
    participant: str | None
    is_interviewer: bool
    sentences: list[tuple[int, int]]
    time_start: float | None = None
    time_end: float | None = None


@dataclass
class ImportedSource:
    name: str
    path: str
    text: str
    sha256: str
    format: str
    language: str
    participant: str | None  # None for a focus group or an unknown participant
    interview_date: str | None
    word_count: int
    turns: list[ImportedTurn]
    speakers: set[str] = field(default_factory=set)  # every participant ID in the turns
    warnings: list[str] = field(default_factory=list)
    read_warnings: list[str] = field(default_factory=list)  # the reader's, kept on re-settling
    header: dict[str, str] = field(default_factory=dict)  # the file's header fields
    style: str = ""  # how its speakers are marked, e.g. "vtt · voice tags"
    labelled: bool = True  # whether it has speaker labels at all
    # How speakers were attributed (choices, what was found where), kept with the source so
    # that a correction later re-attributes it the same way (store: sources.attribution).
    attribution: dict = field(default_factory=dict)


@dataclass
class CodeSpec:
    """A codebook node as read from a YAML or REFI-QDA codebook, with its children."""

    name: str
    short_definition: str | None = None
    definition: str | None = None
    inclusion: str | None = None
    exclusion: str | None = None
    example: str | None = None
    colour: str | None = None
    codable: bool = True
    origin: str | None = None
    guid: str | None = None
    children: list["CodeSpec"] = field(default_factory=list)
    review_status: str | None = None  # draft, proposed, approved, disputed (None: not given)
    # Review comments: guid (may be None), author, created_at, text, resolved, resolved_by,
    # resolved_at.
    comments: list[dict] = field(default_factory=list)


@dataclass
class CodedSpan:
    """A coding as the transcript view draws it."""

    id: int
    start: int
    end: int
    code: int
    colour: str
    name: str = ""  # the code's name, for the stripe's label


@dataclass
class SourceText:
    """Everything the coding screen shows of one source."""

    id: int
    name: str
    participant: str | None
    text: str
    turns: list[dict]
    sentences: list[tuple[int, int]]
    codings: list[CodedSpan]
