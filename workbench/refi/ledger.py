"""What an import of another program's project left out, counted by kind, and what it noted.

Every part of a file that is not imported is said so, with why, and adds to a count by
kind (sources, codings, cases, …), so that the report can say in one line how much was
lost: a source missing from the archive costs its codings too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

# The order kinds are listed in; a kind not named here follows in alphabetical order.
_ORDER = ("source", "coding", "selection", "case", "variable value", "note")


@dataclass
class Ledger:
    left_out: list[str] = field(default_factory=list)
    lost: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def leave(self, text: str, **lost: int) -> None:
        """``text`` says what was left out and why; ``lost`` counts it by kind (``variable
        value`` as ``variable_value``)."""
        self.left_out.append(text)
        self.lost.update({kind.replace("_", " "): n for kind, n in lost.items() if n})

    def note(self, text: str) -> None:
        self.notes.append(text)


def lost_summary(lost: Counter[str]) -> str:
    """``6 sources, 7 codings, 1 set``."""
    kinds = sorted(lost, key=lambda k: (_ORDER.index(k) if k in _ORDER else len(_ORDER), k))
    return ", ".join(plural(lost[k], k) for k in kinds if lost[k])


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")
