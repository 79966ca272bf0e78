"""The one door: every CLI command and every TUI screen calls `Project`, and takes the
option dataclasses, results and the few pure helpers it shows them with from here.

An import-linter contract keeps the faces (cli/, tui/) from importing anything else of the
workbench but ``workbench.errors`` and ``workbench.records``.
"""

from workbench.analysis.agreement import UNITS as AGREEMENT_UNITS
from workbench.analysis.citations import CITATION_STYLES, cite
from workbench.analysis.quote_check import QuoteCheck
from workbench.analysis.quote_check import summary as quote_check_summary
from workbench.analysis.saturation import Settings as SaturationSettings
from workbench.analysis.saturation_report import GROUPINGS as SATURATION_GROUPINGS
from workbench.analysis.saturation_report import METHODS as SATURATION_METHODS
from workbench.analysis.saturation_report import SaturationReport
from workbench.coding.codebook import PlanItem
from workbench.coding.codings import MEMO_TARGETS
from workbench.export.files import default_output as default_export_path
from workbench.export.files import write_atomic
from workbench.export.formats import (DEFAULT_FORMATS as DEFAULT_EXPORT_FORMATS,
                                      FORMATS as EXPORT_FORMATS, KINDS as EXPORT_KINDS,
                                      QDPX_TARGETS, ExportOptions, choose_format as choose_export_format,
                                      formats_of as export_formats_of)
from workbench.export.quote_check_report import COLUMNS as QUOTE_CHECK_COLUMNS
from workbench.export.quote_check_report import check_rows as quote_check_rows
from workbench.export.quote_check_report import report_docx as quote_check_docx
from workbench.export.quote_check_report import report_markdown as quote_check_markdown
from workbench.export.rows import render as render_rows
from workbench.export.theme_table import MAX_QUOTES
from workbench.deid.candidates import KINDS as DEID_KINDS
from workbench.fields import EDITABLE as CODE_FIELDS
from workbench.fields import REVIEW_STATUSES
from workbench.project.agreement import FORMATS as AGREEMENT_FORMATS, Agreement
from workbench.project.deidentify import STATUSES as DEID_STATUSES, ApplyReport, Scan, ScanRow
from workbench.project.exchange import QdpxReport
from workbench.project.exporting import plot_saturation
from workbench.project.facade import (DEFAULT_FILENAME, DEFAULT_ROLES, NO_CODER, UNNAMED_CODER,
                                      Project, parse_roles)
from workbench.project.importing import FilePreview, ImportReport, Progress
from workbench.retrieval import QuoteHit, QuoteQuery
from workbench.store.database import database_problem
from workbench.text.values import attribute_change, parse_attributes, parse_pairs

__all__ = [
    "AGREEMENT_FORMATS", "AGREEMENT_UNITS", "Agreement",
    "ApplyReport", "CITATION_STYLES", "CODE_FIELDS", "DEFAULT_EXPORT_FORMATS",
    "DEFAULT_FILENAME", "DEFAULT_ROLES", "DEID_KINDS", "DEID_STATUSES", "EXPORT_FORMATS",
    "EXPORT_KINDS", "MAX_QUOTES", "MEMO_TARGETS", "QDPX_TARGETS", "QUOTE_CHECK_COLUMNS",
    "REVIEW_STATUSES", "SATURATION_GROUPINGS", "SATURATION_METHODS", "ExportOptions",
    "FilePreview", "ImportReport", "NO_CODER", "PlanItem", "Scan", "ScanRow", "UNNAMED_CODER",
    "Progress", "Project", "QdpxReport", "QuoteCheck", "QuoteHit", "QuoteQuery",
    "SaturationReport", "SaturationSettings", "choose_export_format", "cite", "database_problem",
    "attribute_change", "default_export_path",
    "export_formats_of", "parse_attributes", "parse_pairs", "parse_roles", "plot_saturation", "quote_check_docx",
    "quote_check_markdown", "quote_check_rows", "quote_check_summary", "render_rows",
    "write_atomic",
]
