"""Any ``Table`` as HTML: a self-contained page, or a fragment for the report. Styled as a
journal table (rules above, under the header and below); nested theme cells span their rows."""

from __future__ import annotations

from html import escape

from workbench.export.table import Cell, Table

STYLE = """
body { font-family: Georgia, "Times New Roman", serif; font-size: 11pt; margin: 2em auto;
       max-width: 72em; line-height: 1.35; color: #111; }
table { border-collapse: collapse; border-top: 2px solid #000; border-bottom: 2px solid #000;
        margin: 0.5em 0; font-size: 10pt; }
caption { caption-side: top; text-align: left; padding-bottom: 0.4em; }
th { border-bottom: 1px solid #000; text-align: left; vertical-align: bottom; }
th, td { padding: 0.3em 0.6em; }
td { border-top: 1px solid #ddd; vertical-align: top; }
td.number { text-align: right; }
tr.heading td { background: #f2f2f2; }
td.label { font-weight: bold; }
td p { margin: 0 0 0.4em 0; }
p.note { font-size: 9pt; font-style: italic; margin: 0.2em 0; }
figure img { max-width: 100%; }
"""


def page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            f"{body}</body>\n</html>\n")


def table_html(table: Table) -> str:
    return page(table.title, table_fragment(table))


def table_fragment(table: Table, label: str = "Table 1") -> str:
    spans = {(first, column): last - first + 1 for column, first, last in table.merged_runs()}
    covered = {(row, column) for column, first, last in table.merged_runs()
               for row in range(first + 1, last + 1)}
    lines = [f"<table>\n<caption><strong>{escape(label)}.</strong> {escape(table.title)}"
             "</caption>",
             "<thead><tr>" + "".join(f"<th>{escape(name)}</th>" for name in table.columns)
             + "</tr></thead>", "<tbody>"]
    for index, row in enumerate(table.rows):
        cells = []
        for column, value in enumerate(row):
            if (index, column) in covered:
                continue
            span = spans.get((index, column))
            label = index in table.headings and column < table.labels
            cells.append(_cell(value, (f' rowspan="{span}"' if span else "")
                               + (' class="label"' if label else "")))
        heading = ' class="heading"' if index in table.headings else ""
        lines.append(f"<tr{heading}>{''.join(cells)}</tr>")
    lines.append("</tbody>\n</table>")
    lines += [f'<p class="note">{escape(note)}</p>' for note in table.notes]
    return "\n".join(lines) + "\n"


def _cell(value: Cell, attributes: str) -> str:
    if isinstance(value, (int, float)):
        return f'<td class="number"{attributes}>{value}</td>'
    paragraphs = str(value).split("\n")
    if len(paragraphs) == 1:
        return f"<td{attributes}>{escape(paragraphs[0])}</td>"
    return f"<td{attributes}>" + "".join(f"<p>{escape(p)}</p>" for p in paragraphs) + "</td>"
