"""Analyses as pure functions over plain data; no database access and no user interface."""
