"""Readers that turn files into in-memory records. Nothing here writes SQL."""
