"""A list of codings written by hand, each located by quoting the passage it codes.

Quoting the passage instead of giving offsets keeps the file readable and right even
when someone reads it against the transcript. Each quote must occur exactly once in its
source. Used for the demo's sample codings and for `workbench code --from-file`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from workbench.errors import WorkbenchError
from workbench.ingest.codebook_yaml import load_yaml
from workbench.ingest.decode import decode_text
from workbench.ingest.files import read_input
from workbench.text.normalize import normalise


@dataclass
class ListedCoding:
    source: str
    code: str
    quote: str
    exemplar: bool = False
    memo: str | None = None


def read_coding_list(path: Path) -> list[ListedCoding]:
    try:
        data = load_yaml(normalise(decode_text(read_input(path), path)))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise WorkbenchError(f"is not valid YAML{where}", path) from None
    if not isinstance(data, list):
        raise WorkbenchError("should be a YAML list of codings (source, code, quote)", path)
    entries = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict) or not all(item.get(k) for k in ("source", "code", "quote")):
            raise WorkbenchError(f"entry {number} needs source, code and quote", path)
        entries.append(ListedCoding(str(item["source"]), str(item["code"]),
                                    normalise(str(item["quote"])), bool(item.get("exemplar")),
                                    item.get("memo")))
    return entries


def locate(text: str, quote: str) -> tuple[int, int] | None:
    """The span of ``quote`` in ``text`` if it occurs exactly once."""
    start = text.find(quote)
    if start < 0 or text.find(quote, start + 1) >= 0:
        return None
    return start, start + len(quote)
