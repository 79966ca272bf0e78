"""Settling two coders' disagreements in one source, sentence by sentence, as codings of a
consensus coder.

A disagreement is a code and a sentence that one coder marked and the other did not. Taking
A's, B's, both or neither writes the consensus coder's coding of that sentence (or none) and
records the choice (a project setting), together one history step.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from workbench.analysis.agreement import units_touched
from workbench.coding import undo as undo_steps
from workbench.errors import WorkbenchError
from workbench.project import agreement as agreement_case
from workbench.project.parts import Parts
from workbench.store import agreement as agreement_store
from workbench.store import coders as coder_store
from workbench.store import settings
from workbench.store import sources as source_store

CONSENSUS_CODER = "consensus"
CHOICES = ("a", "b", "both", "neither")
SETTING = "consensus_choices"


@dataclass
class Disagreement:
    code: int
    code_path: str
    sentence: int  # index in the source's sentences
    start: int
    end: int
    by_a: bool
    by_b: bool
    choice: str | None = None  # a, b, both, neither once settled

    @property
    def key(self) -> str:
        return f"{self.code}:{self.start}:{self.end}"


@dataclass
class ConsensusView:
    source: int
    source_name: str
    text: str
    coders: tuple[str, str]
    sentences: list[tuple[int, int]]
    marks: dict[str, dict[int, set[int]]]  # coder → sentence index → codes present
    disagreements: list[Disagreement]
    table: list[dict] = field(default_factory=list)  # agreement rows for this source
    versus: dict[str, str] = field(default_factory=dict)  # coder → κ with the consensus

    @property
    def settled(self) -> int:
        return sum(d.choice is not None for d in self.disagreements)


def _choices(parts: Parts) -> dict:
    return json.loads(settings.get(parts.db, SETTING) or "{}")


def view(parts: Parts, source_id: int, a: str, b: str) -> ConsensusView:
    for name in (a, b):
        if coder_store.find(parts.db, name) is None:
            known = ", ".join(c["name"] for c in coder_store.all_coders(parts.db)) or "none"
            raise WorkbenchError(f"no coder '{name}' in this project (coders: {known})")
    row = source_store.get(parts.db, source_id)
    sentences = source_store.sentence_spans(parts.db, source_id)
    ids = {coder_store.find(parts.db, name): name for name in (a, b)}
    consensus = coder_store.find(parts.db, CONSENSUS_CODER)
    if consensus is not None:
        ids[consensus] = CONSENSUS_CODER
    marks: dict[str, dict[int, set[int]]] = {name: {} for name in ids.values()}
    for coder, _, code, start, end in agreement_store.coder_spans(parts.db, list(ids),
                                                                   [source_id]):
        for index in units_touched(sentences, [(start, end)]):
            marks[ids[coder]].setdefault(index, set()).add(code)
    paths = {c["id"]: c["path"] for c in parts.codebook.codes()}
    chosen = _choices(parts).get(f"{source_id}|{a}|{b}", {})
    found = []
    for index, (start, end) in enumerate(sentences):
        in_a, in_b = marks[a].get(index, set()), marks[b].get(index, set())
        for code in sorted(in_a ^ in_b, key=lambda c: paths.get(c, "")):
            item = Disagreement(code, paths.get(code, str(code)), index, start, end,
                                code in in_a, code in in_b)
            item.choice = chosen.get(item.key)
            found.append(item)
    result = agreement_case.agreement(parts, [a, b], source_ids=[source_id])
    table = result.rows(["code", "overall"])
    versus = {}
    if consensus is not None and marks.get(CONSENSUS_CODER):
        for name in (a, b):
            against = agreement_case.agreement(parts, [name, CONSENSUS_CODER],
                                               source_ids=[source_id])
            versus[name] = against.rows(["overall"])[0]["kappa"]
    return ConsensusView(source_id, row["name"], row["text"], (a, b), sentences, marks, found,
                         table, versus)


def settle(parts: Parts, source_id: int, a: str, b: str, item: Disagreement,
           choice: str) -> None:
    """One step: the consensus coder's coding of the sentence (or none), and the choice."""
    if choice not in CHOICES:
        raise WorkbenchError(f"a choice is one of {', '.join(CHOICES)}")
    code = (item.by_a and choice in ("a", "both")) or (item.by_b and choice in ("b", "both"))
    words = {"a": f"{a}'s", "b": f"{b}'s", "both": "both", "neither": "neither"}[choice]
    with undo_steps.recorded(parts.db, parts.default_coder(), "consensus.settle",
                             f"consensus: took {words} on '{item.code_path}' in sentence "
                             f"{item.sentence + 1}"):
        if code:
            parts.codings.apply(source_id, item.start, item.end, item.code,
                                coder=CONSENSUS_CODER)
        else:  # a consensus coding made by an earlier choice goes
            existing = parts.codings._find(source_id, item.start, item.end, item.code,
                                           CONSENSUS_CODER)
            if existing:
                parts.codings.remove(existing["id"])
        choices = _choices(parts)
        choices.setdefault(f"{source_id}|{a}|{b}", {})[item.key] = choice
        settings.put(parts.db, SETTING, json.dumps(choices, sort_keys=True))
