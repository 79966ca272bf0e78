"""Small pieces for building SQL: conditions joined with AND, and sets as one parameter.

Sets of ids go in as one JSON array each (``IN (SELECT value FROM json_each(?))``), so a
role with a thousand participants is one parameter, not a thousand.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field


def in_set(column: str) -> str:
    return f"{column} IN (SELECT value FROM json_each(?))"


def as_json(values: Iterable[object]) -> str:
    return json.dumps(sorted(values))


@dataclass
class Where:
    """Conditions joined with AND, with their parameters in order."""

    conditions: list[str] = field(default_factory=list)
    params: list[object] = field(default_factory=list)

    def add(self, condition: str, *params: object) -> None:
        self.conditions.append(condition)
        self.params.extend(params)

    def extend(self, other: "Where") -> None:
        self.conditions += other.conditions
        self.params += other.params

    @property
    def sql(self) -> str:
        return " AND ".join(self.conditions) or "1"
