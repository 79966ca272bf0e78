"""Participant attributes from a CSV file: one row per participant, an ``id`` column first."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.ingest.decode import decode_text
from workbench.ingest.files import read_input
from workbench.text.normalize import normalise
from workbench.text.participants import parse_participant_id
from workbench.text.values import typed_value

_ID_COLUMNS = ("id", "participant", "participant_id", "participant id", "code")


@dataclass
class ParticipantRow:
    id: str
    attributes: dict[str, object]


def read_participant_table(path: Path, prefixes: list[str]) -> list[ParticipantRow]:
    """Read and check the whole file; raise a WorkbenchError naming the line of any problem."""
    if path.suffix.lower() != ".csv":
        raise WorkbenchError("participant attributes are read from a .csv file", path)
    text = normalise(decode_text(read_input(path), path))
    reader = csv.DictReader(io.StringIO(text))
    fields = [f.strip() for f in (reader.fieldnames or [])]
    id_column = next((f for f in reader.fieldnames or [] if f.strip().casefold() in _ID_COLUMNS),
                     None)
    if id_column is None:
        raise WorkbenchError(f"needs an 'id' column; the header has {', '.join(fields) or 'nothing'}",
                             path)
    rows: list[ParticipantRow] = []
    seen: dict[str, int] = {}
    for line_number, record in enumerate(reader, start=2):
        raw_id = (record.get(id_column) or "").strip()
        if not raw_id and not any((v or "").strip() for v in record.values() if isinstance(v, str)):
            continue  # a blank line
        participant = parse_participant_id(raw_id, prefixes)
        if participant is None:
            raise WorkbenchError(
                f"line {line_number}: '{raw_id}' is not a participant ID with a known role "
                f"prefix ({', '.join(prefixes)})",
                path,
            )
        if participant in seen:
            raise WorkbenchError(
                f"line {line_number}: participant {participant} appears twice "
                f"(first on line {seen[participant]})",
                path,
            )
        seen[participant] = line_number
        attributes = {
            key.strip(): typed_value(value)
            for key, value in record.items()
            if key and key != id_column and isinstance(value, str) and value.strip()
        }
        rows.append(ParticipantRow(participant, attributes))
    if not rows:
        raise WorkbenchError("has no participant rows", path)
    return rows
