"""What QDA-XML 1.0 has no element for, kept beside project.qde in our own exports.

Speaker turns (who spoke, which participant, whether it was the interviewer, cue times,
sentences), each source's original format, language and left-out flag, role labels and
exemplar flags travel in ``interview-workbench.json`` at the root of the archive. The file
is ours: project.qde stays valid against Project.xsd, other programs ignore a file they do
not know, and a colleague's copy made through .qdpx still knows who said what. A source's
turns are used only while its text is the one they were written for (same SHA-256);
anything else in the file that does not fit is ignored with a note, and the turns are then
found in the text as for any transcript.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from workbench.records import ImportedTurn

MEMBER = "interview-workbench.json"
FORMAT = "interview-workbench-qdpx/1"


@dataclass
class KeptSource:
    sha256: str
    format: str
    language: str
    participant: str | None
    left_out: bool
    turns: list[ImportedTurn]


@dataclass
class Extras:
    roles: list[tuple[str, str]] = field(default_factory=list)  # (prefix, label)
    sources: dict[str, KeptSource] = field(default_factory=dict)  # by source GUID
    exemplars: set[str] = field(default_factory=set)  # coding GUIDs


def extras_json(extras: Extras) -> bytes:
    """The file's content, the same for the same project (sorted, no timestamps)."""
    data = {
        "format": FORMAT,
        "roles": [list(r) for r in extras.roles],
        "sources": {guid: {
            "sha256": s.sha256, "format": s.format, "language": s.language,
            "participant": s.participant, "left_out": s.left_out,
            "turns": [[t.start, t.end, t.speaker, t.participant, t.is_interviewer,
                       t.time_start, t.time_end, [list(x) for x in t.sentences]]
                      for t in s.turns]}
            for guid, s in sorted(extras.sources.items())},
        "exemplars": sorted(extras.exemplars),
    }
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode()


def read_extras(data: bytes) -> Extras:
    """Parse the file; raises ValueError (with a short reason) when it is not ours or broken."""
    try:
        found = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"it is not JSON ({exc})") from None
    if not isinstance(found, dict) or found.get("format") != FORMAT:
        raise ValueError(f"its format is not {FORMAT}")
    try:
        return Extras(
            roles=[(str(p), str(label)) for p, label in found.get("roles", [])],
            sources={str(guid).lower(): _source(s) for guid, s in found.get("sources", {}).items()},
            exemplars={str(g).lower() for g in found.get("exemplars", [])},
        )
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise ValueError(f"it does not have the expected shape ({exc})") from None


def _source(data: dict) -> KeptSource:
    turns = []
    for start, end, speaker, participant, interviewer, t0, t1, sentences in data["turns"]:
        turns.append(ImportedTurn(
            int(start), int(end), None if speaker is None else str(speaker),
            None if participant is None else str(participant), bool(interviewer),
            [(int(a), int(b)) for a, b in sentences],
            None if t0 is None else float(t0), None if t1 is None else float(t1)))
    return KeptSource(str(data["sha256"]), str(data["format"]), str(data["language"]),
                      None if data["participant"] is None else str(data["participant"]),
                      bool(data["left_out"]), turns)


def fits(kept: KeptSource, text: str) -> bool:
    """Whether the kept turns and sentences are ordered spans inside ``text``."""
    last = 0
    for turn in kept.turns:
        if not (last <= turn.start < turn.end <= len(text)):
            return False
        last = turn.end
        inner = turn.start
        for start, end in turn.sentences:
            if not (inner <= start < end <= turn.end):
                return False
            inner = end
    return True
