"""A de-identification word list from a CSV file: ``term,replacement[,kind]`` per row, with
or without that header line."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.ingest.decode import decode_text
from workbench.ingest.files import read_input
from workbench.text.normalize import normalise


@dataclass(frozen=True)
class TermRow:
    term: str
    replacement: str
    kind: str


def read_term_list(path: Path, kinds: tuple[str, ...]) -> list[TermRow]:
    """Every row, checked; a WorkbenchError naming the file and line of the first problem."""
    path = Path(path)
    if path.suffix.lower() != ".csv":
        raise WorkbenchError("a word list is read from a .csv file (term,replacement,kind)",
                             path)
    text = normalise(decode_text(read_input(path), path))
    rows: list[TermRow] = []
    seen: dict[str, int] = {}
    for line, cells in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        if line == 1 and cells[0].casefold() == "term":
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            raise WorkbenchError(f"line {line}: a row is a term and its replacement "
                                 "(term,replacement[,kind])", path)
        kind = (cells[2] if len(cells) > 2 and cells[2] else "other").casefold()
        if kind not in kinds:
            raise WorkbenchError(f"line {line}: the kind '{kind}' is not one of "
                                 f"{', '.join(kinds)}", path)
        if cells[0] in seen:
            raise WorkbenchError(f"line {line}: '{cells[0]}' is on line {seen[cells[0]]} "
                                 "already", path)
        seen[cells[0]] = line
        rows.append(TermRow(cells[0], cells[1], kind))
    if not rows:
        raise WorkbenchError("has no terms (rows of term,replacement[,kind])", path)
    return rows
