"""Interview Workbench: a terminal workbench for coding qualitative interview transcripts."""

__version__ = "0.1.0"
