"""REFI-QDA cases → workbench participants with their attributes.

A case named by a participant ID (``G3``), or with a ``participant`` variable that holds
one, is that participant. A case whose name is not an ID, or that has no name at all
(MAXQDA and Quirkos keep a document's variables in such a case, with one ``SourceRef``),
is matched to a participant by its sources once they are read: when every source it
refers to has the same participant, its values become that participant's attributes;
otherwise it is left out, and the report says why.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from workbench.refi.ledger import Ledger, plural
from workbench.refi.qde_parse import QdeProject, RefiCase
from workbench.text.participants import parse_participant_id, split_participant_id
from workbench.text.values import typed_value

PARTICIPANT_VARIABLES = {"participant", "participant id", "participant_id"}


@dataclass
class People:
    participants: dict[str, dict[str, object]] = field(default_factory=dict)  # ID → attributes
    case_guids: dict[str, str] = field(default_factory=dict)  # ID → case GUID
    by_source: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    new_roles: list[str] = field(default_factory=list)  # prefixes added for case IDs
    unplaced: list[tuple[RefiCase, dict[str, object]]] = field(default_factory=list)


def read_cases(qde: QdeProject, prefixes: list[str], ledger: Ledger) -> People:
    """The cases that are participants; the others wait in ``unplaced`` for their sources.
    ``prefixes`` grows by the roles that had to be added."""
    people = People()
    for case in qde.cases:
        values = _case_values(qde, case, ledger)
        pid = _case_id(case, values, prefixes, people.new_roles, ledger)
        if pid is None:
            people.unplaced.append((case, values))
            continue
        _add(people, pid, values, case.guid)
        for source in case.sources:
            people.by_source[source].add(pid)
    return people


def place_by_sources(people: People, source_participants: dict[str, str | None],
                     source_names: dict[str, str], prefixes: list[str], ledger: Ledger) -> None:
    """Match each unplaced case to the participant of its sources, or leave it out."""
    for case, values in people.unplaced:
        label = f"case '{case.name}'" if case.name else "a case without a name"
        imported = [g for g in case.sources if g in source_participants]
        found = {source_participants[g] for g in imported}
        if len(found) == 1 and None not in found:
            pid = found.pop()
            _add(people, pid, values, None)
            names = ", ".join(f"'{source_names[g]}'" for g in imported)
            ledger.note(f"{label} is taken as participant {pid}, the participant of its "
                        f"source{'s' if len(imported) > 1 else ''} {names}")
            continue
        if not case.sources:
            why = (f"its name is not a participant ID ({', '.join(prefixes)} and a number, "
                   f"such as {prefixes[0] if prefixes else 'G'}3) and it refers to no source")
        elif not imported:
            why = "its sources were not imported"
        elif None in found and len(found) == 1:
            why = "its sources have no participant"
        else:
            why = "its sources belong to different participants"
        ledger.leave(f"{label}: {why}" + (f"; its {plural(len(values), 'variable value')} "
                                         "with it" if values else ""),
                     case=1, variable_value=len(values))


def _add(people: People, pid: str, values: dict[str, object], guid: str | None) -> None:
    people.participants.setdefault(pid, {}).update(
        {k: v for k, v in values.items() if k.casefold() not in PARTICIPANT_VARIABLES})
    if guid:
        people.case_guids.setdefault(pid, guid)


def _case_id(case: RefiCase, values: dict[str, object], prefixes: list[str],
             new_roles: list[str], ledger: Ledger) -> str | None:
    named = [case.name] + [str(v) for k, v in values.items()
                           if k.casefold() in PARTICIPANT_VARIABLES]
    for candidate in named:
        if candidate and (pid := parse_participant_id(candidate, prefixes)):
            return pid
    try:
        prefix, number = split_participant_id(case.name.strip())
    except ValueError:
        return None
    prefix = prefix.upper()
    prefixes.append(prefix)
    new_roles.append(prefix)
    ledger.note(f"case '{case.name}': the project has no role '{prefix}'; role "
                f"'{prefix}' is added (rename its label later)")
    return f"{prefix}{number}"


def _case_values(qde: QdeProject, case: RefiCase, ledger: Ledger) -> dict[str, object]:
    values: dict[str, object] = {}
    for variable, kind, text in case.values:
        name = qde.variables.get(variable, ("", ""))[0]
        if not name:
            ledger.leave(f"case '{case.name}': a value of an undeclared variable",
                         variable_value=1)
            continue
        values[name] = typed(kind, text)
    return values


def typed(kind: str | None, text: str) -> object:
    """A REFI-QDA variable value as the participant attribute it becomes."""
    try:
        if kind == "Integer":
            return int(text)
        if kind == "Float":
            number = float(text)
            return number if math.isfinite(number) else text.strip()
    except ValueError:
        return text
    if kind == "Boolean":
        return text.strip().lower() in ("true", "1")
    return typed_value(text) if kind == "Text" else text
