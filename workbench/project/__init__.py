"""The one door: every CLI command and every TUI screen calls `Project` and nothing else."""

from workbench.project.facade import DEFAULT_FILENAME, DEFAULT_ROLES, ImportReport, Progress, Project

__all__ = ["DEFAULT_FILENAME", "DEFAULT_ROLES", "ImportReport", "Progress", "Project"]
