"""Manuscripts (.docx, .md, .txt) as normalised text, for checking the quotations in them.

The transcript readers do the work: a Word manuscript becomes its paragraphs (and table
rows) separated by blank lines, a text or Markdown one its decoded, normalised text.
"""

from __future__ import annotations

from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.ingest.files import read_input
from workbench.ingest.plain import read_plain
from workbench.ingest.word import read_docx

MANUSCRIPT_SUFFIXES = (".docx", ".md", ".markdown", ".txt")


def read_manuscript(path: Path) -> str:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in MANUSCRIPT_SUFFIXES:
        raise WorkbenchError(f"a manuscript is a {', '.join(MANUSCRIPT_SUFFIXES)} file", path)
    data = read_input(path)
    reader = read_docx if suffix == ".docx" else read_plain
    return reader(path, data).text
