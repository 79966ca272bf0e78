"""The parts of an open project that the use cases beside the facade work with.

Importing a .qdpx and gathering an export need the database, the coding model and a few
settings, not the whole facade; taking these parts keeps them from calling back into it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlite_utils import Database

from workbench.analysis.saturation import Settings
from workbench.analysis.saturation_report import SaturationReport, build_report
from workbench.coding.codebook import Codebook
from workbench.coding.codings import Codings
from workbench.store import codings as coding_store
from workbench.store import interview_order
from workbench.store import participants as participant_store
from workbench.store.codes import all_codes


@dataclass(frozen=True)
class Parts:
    db: Database
    codebook: Codebook
    codings: Codings
    name: str  # the project's name
    default_coder: Callable[[], str]
    setting: Callable[..., str | None]  # (key, default=None) → value

    def saturation(self, level: int = 2, by: str | None = None,
                   settings: Settings = Settings()) -> SaturationReport:
        """Code saturation in interview order, overall and per role, theme or coder."""
        return build_report(all_codes(self.db), coding_store.saturation_marks(self.db),
                            interview_order.ordered_sources(self.db),
                            participant_store.roles(self.db), level, by, settings)
