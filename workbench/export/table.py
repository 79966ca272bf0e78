"""The table model that every table export fills and every writer (Word, Excel, HTML,
Markdown, CSV) reads."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.export.rows import to_csv, to_markdown

Cell = str | int | float


@dataclass
class Table:
    """A table as every writer reads it.

    A cell holds text (``\\n`` separates paragraphs) or a number. The first ``nested``
    columns hold a hierarchy (theme, sub-theme): a blank cell there, left of a filled one,
    continues the cell above, and Word and HTML merge the two.
    """

    title: str
    columns: list[str]
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)
    nested: int = 0
    headings: set[int] = field(default_factory=set)  # rows shaded, their labels bold: themes
    widths: list[float] | None = None  # relative column widths for Word and Excel

    @property
    def labels(self) -> int:
        """The leading columns that name a row (set in bold in a heading row)."""
        return max(self.nested, 1)

    def merged_runs(self) -> list[tuple[int, int, int]]:
        """``(column, first row, last row)`` of each nested cell that spans several rows."""
        runs = []
        for column in range(self.nested):
            first = None
            for index, row in enumerate(self.rows):
                continues = row[column] == "" and any(row[column + 1:self.nested])
                if continues and first is not None:
                    continue
                if first is not None and index - 1 > first:
                    runs.append((column, first, index - 1))
                first = None if continues else index
            if first is not None and len(self.rows) - 1 > first:
                runs.append((column, first, len(self.rows) - 1))
        return runs

    def _records(self) -> list[dict]:
        return [dict(zip(self.columns, row)) for row in self.rows]

    def csv(self) -> str:
        """The header and the rows only, so that the file reads back cell for cell."""
        return to_csv(self._records(), self.columns)

    def markdown(self, label: str = "Table 1") -> str:
        notes = "".join(f"\n{note}\n" for note in self.notes)
        return f"**{label}.** {self.title}\n\n{to_markdown(self._records(), self.columns)}{notes}"
