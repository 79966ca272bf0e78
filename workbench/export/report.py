"""The analysis report: one document with the participant table, the theme table, the
saturation summary and curve, the COREQ items on analysis (22–29) filled with what the
project knows, and the codebook. Built as a list of blocks, then written as Word, Markdown
or HTML; tables go through the table writers every table export uses."""

from __future__ import annotations

import base64
import io
import tempfile
from collections import Counter
from dataclasses import dataclass
from html import escape
from pathlib import Path

from workbench import __version__
from workbench.export.codebook_document import CodebookDocument
from workbench.export.tables_docx import add_table, clean, new_document, to_bytes
from workbench.export.tables_html import page, table_fragment
from workbench.export.table import Table
from workbench.export.theme_table import Quote, level_name
from workbench.analysis.saturation_report import SaturationReport

NOT_RECORDED = "Not recorded in the project; report it yourself."


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 0 the document's title, 1 a section, 2 and deeper within one


@dataclass(frozen=True)
class Paragraph:
    text: str
    label: str = ""  # set in bold before the text: "Definition: …"


@dataclass(frozen=True)
class Figure:
    png: bytes
    caption: str


Block = Heading | Paragraph | Figure | Table


# -- COREQ ---------------------------------------------------------------------------------------

def coreq_table(saturation: SaturationReport, coded_by: list[tuple],
                codes: list[dict], quotes: dict[int, list[Quote]], roles: list[dict],
                agreement: str | None = None) -> Table:
    """COREQ (Tong et al. 2007) items 22–29 with the project's answers. ``coded_by``: (coder,
    codings) or (coder, codings, transcripts); ``agreement``: a sentence on intercoder
    agreement, added to item 24."""
    names = ", ".join(f"{row[0]} ({row[1]} codings" + (f" in {row[2]} transcripts)" if len(row) > 2
                                                      else ")") for row in coded_by)
    rows = [
        ["22", "Data saturation", "Was data saturation discussed?",
         f"Yes. {saturation.methods_text()}"],
        ["23", "Transcripts returned",
         "Were transcripts returned to participants for comment and/or correction?",
         NOT_RECORDED],
        ["24", "Number of data coders", "How many data coders coded the data?",
         f"{len(coded_by)} coder{'s' if len(coded_by) != 1 else ''}: {names}."
         + (f" {agreement}" if agreement else "")],
        ["25", "Description of the coding tree",
         "Did authors provide a description of the coding tree?", _coding_tree(codes)],
        ["26", "Derivation of themes",
         "Were themes identified in advance or derived from the data?", _derivation(codes)],
        ["27", "Software", "What software, if applicable, was used to manage the data?",
         f"Interview Workbench {__version__} (transcripts, coding, saturation and these "
         "tables)."],
        ["28", "Participant checking", "Did participants provide feedback on the findings?",
         NOT_RECORDED],
        ["29", "Quotations presented",
         "Were participant quotations presented to illustrate the themes/findings? Was each "
         "quotation identified?", _quotations(quotes, roles)],
    ]
    return Table(title="COREQ items 22–29 (analysis and findings)",
                 columns=["No.", "Item", "Guide question", "In this project"], rows=rows,
                 widths=[0.4, 1.2, 2.0, 4.0],
                 notes=["COREQ: Tong A, Sainsbury P, Craig J. Consolidated criteria for "
                        "reporting qualitative research. Int J Qual Health Care 2007;19:349–57."])


def _plural(level: int, count: int) -> str:
    return f"{count} {level_name(level).lower()}{'s' if count != 1 else ''}"


def _coding_tree(codes: list[dict]) -> str:
    per_level = Counter(code["level"] for code in codes)
    parts = [_plural(level, per_level[level]) for level in sorted(per_level)]
    return (f"Yes: the coding tree has {', '.join(parts)}; the Codebook section lists every "
            f"code with what the codebook records for it (of the {len(codes)} codes, "
            + "; ".join(f"{count} have {what}" for count, what in _described(codes)) + ").")


def _described(codes: list[dict]) -> list[tuple[int, str]]:
    """How many codes have a definition, rules for use and an example."""
    def has(*keys: str) -> int:
        return sum(1 for code in codes if any(code.get(key) for key in keys))

    return [(has("definition", "short_definition"), "a definition"),
            (has("inclusion", "exclusion"), "rules for when to use them"),
            (has("example"), "an example")]


def _derivation(codes: list[dict]) -> str:
    if not any(code["origin"] for code in codes):
        return ("Not recorded in the project (no code has an origin, deductive or inductive); "
                "report it yourself.")
    sentences = []
    for level in sorted({code["level"] for code in codes}):
        at = [code for code in codes if code["level"] == level]
        origins = Counter(code["origin"] for code in at)
        parts = [f"{origins['deductive']} identified in advance (deductive)"] if origins[
            "deductive"] else []
        if origins["inductive"]:
            names = "; ".join(code["name"] for code in at if code["origin"] == "inductive")
            parts.append(f"{origins['inductive']} derived from the data (inductive): {names}")
        if origins[None]:
            parts.append(f"{origins[None]} without a recorded origin")
        sentences.append(f"{level_name(level)}s: {', '.join(parts)}.")
    return " ".join(sentences)


def _quotations(quotes: dict[int, list[Quote]], roles: list[dict]) -> str:
    chosen = [quote for row in quotes.values() for quote in row]
    if not chosen:
        return "No quotations are in the theme table of this report."
    people = {quote.participant: quote.role for quote in chosen}
    by_role = Counter(people.values())
    spread = ", ".join(f"{role['prefix']} {by_role[role['prefix']]}" for role in roles
                       if by_role[role["prefix"]])
    return (f"Yes: {len(chosen)} quotations illustrate the themes in Table 2, each identified "
            f"by the participant's ID, e.g. ({chosen[0].participant}); they come from "
            f"{len(people)} participants ({spread}).")


# -- the document --------------------------------------------------------------------------------

SATURATION_COLUMNS = {
    "group": "Group", "interviews": "Interviews", "codes": "Codes seen",
    "guest": "Guest et al. (2020)",
    "random_orders": "Random orders: interviews needed, median (IQR)",
    "francis": "Francis et al. (2010)", "chao2": "Chao2 estimate", "chao2_form": "Chao2 form",
    "completeness": "Completeness (%)",
}


def curve_png(saturation: SaturationReport) -> bytes:
    # matplotlib is imported only when a report is made: it slows every start-up.
    from workbench.export.saturation_plot import plot_curve

    with tempfile.TemporaryDirectory() as folder:
        return plot_curve(saturation, Path(folder) / "curve.png").read_bytes()


def report_blocks(title: str, summary: str, participants: Table, themes: Table,
                  saturation: SaturationReport, curve: bytes, coreq: Table,
                  codebook: CodebookDocument,
                  agreement: tuple[str, Table] | None = None) -> list[Block]:
    """``agreement``: the intercoder agreement section's paragraph and table, where the
    project has two or more coders (a section of its own before the COREQ items)."""
    summary_rows = [[("" if row[key] is None else row[key]) for key in SATURATION_COLUMNS]
                    for row in saturation.summary_rows()]
    blocks: list[Block] = [
        Heading(title, 0), Paragraph(summary),
        Heading("1 Participants", 1), participants,
        Heading("2 Themes", 1), themes,
        Heading("3 Code saturation", 1), Paragraph(saturation.methods_text()),
        Table(title=f"Code saturation of {saturation.counted_label}",
              columns=list(SATURATION_COLUMNS.values()), rows=summary_rows),
        Figure(curve, f"Cumulative {saturation.unit} per interview, in the order conducted "
                      f"({saturation.status_line})."),
    ]
    blocks += [Paragraph(note) for note in saturation.notes]
    number = 4
    if agreement is not None:
        text, table = agreement
        blocks += [Heading(f"{number} Intercoder agreement", 1), Paragraph(text), table]
        number += 1
    blocks += [Heading(f"{number} Reporting checklist (COREQ)", 1), coreq,
               Heading(f"{number + 1} Codebook", 1), Heading(codebook.title, 2)]
    if codebook.description:
        blocks.append(Paragraph(codebook.description))
    for entry in codebook.entries:
        blocks.append(Heading(f"{entry.number} {entry.name}", min(entry.level + 2, 9)))
        blocks += [Paragraph(value, label) for label, value in entry.fields]
        if entry.usage:
            blocks.append(Paragraph(entry.usage, "Usage"))
    return blocks


def report_docx(blocks: list[Block], landscape: bool = False) -> bytes:
    document = new_document(blocks[0].text if blocks else "", landscape)
    numbers: Counter[str] = Counter()
    for block in blocks:
        if isinstance(block, Heading):
            document.add_heading(clean(block.text), block.level)
        elif isinstance(block, Paragraph):
            paragraph = document.add_paragraph()
            if block.label:
                paragraph.add_run(f"{clean(block.label)}: ").bold = True
            paragraph.add_run(clean(block.text))
        elif isinstance(block, Figure):
            numbers["Figure"] += 1
            section = document.sections[-1]
            width = section.page_width - section.left_margin - section.right_margin
            document.add_picture(io.BytesIO(block.png), width=int(width * 0.85))
            caption = document.add_paragraph()
            caption.add_run(f"Figure {numbers['Figure']}. ").bold = True
            caption.add_run(clean(block.caption))
        else:
            numbers["Table"] += 1
            add_table(document, block, f"Table {numbers['Table']}")
    return to_bytes(document)


def report_markdown(blocks: list[Block]) -> str:
    parts = []
    numbers: Counter[str] = Counter()
    for block in blocks:
        if isinstance(block, Heading):
            parts.append(f"{'#' * min(block.level + 1, 6)} {block.text}")
        elif isinstance(block, Paragraph):
            parts.append(f"**{block.label}:** {block.text}" if block.label else block.text)
        elif isinstance(block, Figure):
            numbers["Figure"] += 1
            parts.append(f"![{block.caption}]({_data_uri(block.png)})\n\n"
                         f"**Figure {numbers['Figure']}.** {block.caption}")
        else:
            numbers["Table"] += 1
            parts.append(block.markdown(f"Table {numbers['Table']}").rstrip("\n"))
    return "\n\n".join(parts) + "\n"


def report_html(blocks: list[Block]) -> str:
    parts = []
    numbers: Counter[str] = Counter()
    for block in blocks:
        if isinstance(block, Heading):
            tag = f"h{min(block.level + 1, 6)}"
            parts.append(f"<{tag}>{escape(block.text)}</{tag}>")
        elif isinstance(block, Paragraph):
            label = f"<strong>{escape(block.label)}:</strong> " if block.label else ""
            parts.append(f"<p>{label}{escape(block.text)}</p>")
        elif isinstance(block, Figure):
            numbers["Figure"] += 1
            parts.append(f'<figure><img src="{_data_uri(block.png)}" '
                         f'alt="{escape(block.caption)}"><figcaption>'
                         f"<strong>Figure {numbers['Figure']}.</strong> "
                         f"{escape(block.caption)}</figcaption></figure>")
        else:
            numbers["Table"] += 1
            parts.append(table_fragment(block, f"Table {numbers['Table']}"))
    return page(blocks[0].text if blocks else "", "\n".join(parts) + "\n")


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")

