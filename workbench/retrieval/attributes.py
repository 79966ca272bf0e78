"""Conditions on participant attributes, such as ``years>=10`` or ``sex=F``.

An attribute is named exactly (in any case), or by the start of its name when exactly one
attribute starts that way (``years`` for ``years_in_primary_care``). Numbers compare as
numbers; text compares without regard to (ASCII) case; a number and a text are only ever
unequal; a participant without the attribute never matches. Conditions are evaluated in
SQL on the JSON attributes, so a large study needs no Python pass over its participants.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlite_utils import Database

from workbench.errors import WorkbenchError
from workbench.text.values import typed_value

_CONDITION = re.compile(r"^\s*([^<>=!]+?)\s*(>=|<=|!=|==|=|>|<)\s*(.*?)\s*$")
_NUMBER_TYPES = "('integer', 'real')"


@dataclass(frozen=True)
class Condition:
    name: str
    op: str
    value: object

    def sql(self, column: str) -> tuple[str, list[object]]:
        """A condition on the JSON object in ``column``, with its parameters."""
        path = '$."' + self.name.replace('"', '\\"') + '"'
        op = "=" if self.op == "==" else self.op
        value = f"json_extract({column}, ?)"
        if isinstance(self.value, (int, float)):
            same, other = f"typeof({value}) IN {_NUMBER_TYPES}", "('text')"
            compare = f"{value} {op} ?"
        else:
            same, other = f"typeof({value}) = 'text'", _NUMBER_TYPES
            compare = f"lower({value}) {op} lower(?)"
        sql = f"({same} AND {compare})"
        params: list[object] = [path, path, self.value]
        if op == "!=":
            sql = f"({sql} OR typeof({value}) IN {other})"
            params.append(path)
        return sql, params


def parse_condition(text: str, names: list[str]) -> Condition:
    """Read ``name OP value`` and resolve the name against the project's attribute names."""
    match = _CONDITION.match(text)
    if not match or not match.group(3):
        raise WorkbenchError(
            f"'{text}' is not an attribute condition; write it like years>=10 or sex=F "
            "(operators: = != < <= > >=)")
    given, op, value = match.groups()
    return Condition(resolve_name(given, names), op, typed_value(value))


def resolve_name(given: str, names: list[str]) -> str:
    if given in names:
        return given
    exact = [n for n in names if n.casefold() == given.casefold()]
    if len(exact) == 1:
        return exact[0]
    starting = [n for n in names if n.casefold().startswith(given.casefold())]
    if len(starting) == 1:
        return starting[0]
    if starting:
        raise WorkbenchError(f"attribute '{given}' could be {', '.join(sorted(starting))}; "
                             "give more of the name")
    known = ", ".join(sorted(names)) or "none yet"
    raise WorkbenchError(f"no participant attribute '{given}' (attributes: {known})")


def attribute_names(db: Database) -> list[str]:
    return [row[0] for row in db.execute(
        "SELECT DISTINCT j.key FROM participants p, json_each(p.attributes) j ORDER BY j.key")]
